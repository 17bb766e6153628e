import { request } from 'undici';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DAY } from '../../../../core/clock.js';
import { isLoopbackHost } from '../../../sdk/host-guard.js';
import type { ContentType } from '../records.js';
import { contentEntry, contentTime, newSubscription, type SimulatorState } from '../state.js';
import type { IssuedToken } from '../tokens.js';
import { originOf, param, paramsOf, queryOf, sendAfError, type Query } from '../wire.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUDIT_TYPES: readonly ContentType[] = ['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.SharePoint', 'Audit.General'];
const VALID_TYPES: readonly string[] = [...AUDIT_TYPES, 'DLP.All'];
const CONTENT_ID = /^\d+\$\d+\$[0-9a-f]{32}[a-z]{3}\d{10}\$[0-9a-f]{32}\$\d{2}$/;
const WINDOW_MESSAGE = 'Start time and end time must both be specified (or both omitted) and must be less than or equal to 24 hours apart, with the start time no more than 7 days in the past.';

/** Parses the API's accepted time formats (digest §2.3), with an optional fraction and `Z`; null if malformed. */
export function parseContentTime(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?)?Z?$/.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(ms) ? null : ms;
}

interface Guarded {
  token: IssuedToken;
  tenantId: string;
}

/** manage.office.com: the Office 365 Management Activity API (digest §2). */
export function managementRoutes(app: FastifyInstance, state: SimulatorState): void {
  /** Token, tenant, permission and throttling checks every operation makes, in that order. */
  const guard = (req: FastifyRequest, reply: FastifyReply, method: string): Guarded | null => {
    const now = state.now();
    const lookup = state.tokens.resolve(req.headers.authorization, now);
    if (!lookup.ok || lookup.token.aud !== 'https://manage.office.com') {
      // The ASP.NET default 401 body (the real API's shape here is unverified).
      reply.header('www-authenticate', `Bearer realm="https://manage.office.com", error="invalid_token"${lookup.ok ? '' : `, error_description="The token is ${lookup.reason}"`}`);
      reply.code(401).send({ Message: 'Authorization has been denied for this request.' });
      return null;
    }
    const { tenant: tenantId = '' } = paramsOf(req);
    if (!GUID.test(tenantId)) {
      sendAfError(reply, 400, 'AF20013', `The tenant ID passed in the URL (${tenantId}) is not a valid GUID.`);
      return null;
    }
    if (tenantId.toLowerCase() !== lookup.token.tid) {
      sendAfError(reply, 403, 'AF20010', `The tenant ID passed in the URL (${tenantId}) does not match the tenant ID passed in the access token (${lookup.token.tid}).`);
      return null;
    }
    if (!lookup.token.roles.includes('ActivityFeed.Read')) {
      sendAfError(reply, 401, 'AF10001', `The permission set (${lookup.token.roles.join(' ')}) sent in the request did not include the expected permission ActivityFeed.Read.`);
      return null;
    }
    const publisher = param(queryOf(req), 'PublisherIdentifier');
    if (!publisher) state.missingPublisherIdentifier++;
    const pool = publisher ? state.managePool : state.sharedPool;
    if (!pool.take().ok) {
      state.throttled.manage++;
      // Throttling answers 403 with AF429 and no Retry-After (digest §2.6).
      sendAfError(reply, 403, 'AF429', `Too many requests. Method=${method}, PublisherId=${publisher ?? '00000000-0000-0000-0000-000000000000'}`);
      return null;
    }
    return { token: lookup.token, tenantId: tenantId.toLowerCase() };
  };

  const contentTypeOf = (query: Query, reply: FastifyReply): string | null => {
    const contentType = param(query, 'contentType');
    if (!contentType) {
      sendAfError(reply, 400, 'AF20001', 'Missing parameter: contentType.');
      return null;
    }
    const canonical = VALID_TYPES.find((t) => t.toLowerCase() === contentType.toLowerCase());
    if (!canonical) {
      sendAfError(reply, 400, 'AF20020', 'The specified content type is not valid.');
      return null;
    }
    return canonical;
  };

  /** The listing window: both times or neither, ≤ 24 h apart, start within the last 7 days. */
  const windowOf = (query: Query, reply: FastifyReply): { start: number; end: number; startText: string; endText: string } | null => {
    const now = state.now();
    const startText = param(query, 'startTime');
    const endText = param(query, 'endTime');
    if (startText === undefined && endText === undefined) {
      return { start: now - DAY, end: now, startText: contentTime(now - DAY).slice(0, 19), endText: contentTime(now).slice(0, 19) };
    }
    if (startText === undefined || endText === undefined) {
      sendAfError(reply, 400, 'AF20030', WINDOW_MESSAGE);
      return null;
    }
    const start = parseContentTime(startText);
    const end = parseContentTime(endText);
    if (start === null || end === null) {
      sendAfError(reply, 400, 'AF20002', `Invalid parameter type: ${start === null ? 'startTime' : 'endTime'}. Expected type: datetime`);
      return null;
    }
    if (end <= start || end - start > DAY) {
      sendAfError(reply, 400, 'AF20030', WINDOW_MESSAGE);
      return null;
    }
    if (start < now - 7 * DAY) {
      sendAfError(reply, 400, 'AF20055', 'Start time cannot be more than 7 days in the past.');
      return null;
    }
    return { start, end, startText, endText };
  };

  const pageOf = (query: Query, reply: FastifyReply): number | null => {
    const token = param(query, 'nextPage');
    if (token === undefined) return 0;
    const match = /^\d{10}R(\d{9})(\d{3})$/.exec(token);
    if (!match || Number(match[2]) !== checksum(Number(match[1]))) {
      sendAfError(reply, 400, 'AF20031', `Invalid nextPage Input: ${token}.`);
      return null;
    }
    return Number(match[1]);
  };

  const listing = (kind: 'content' | 'notifications') => async (req: FastifyRequest, reply: FastifyReply) => {
    const guarded = guard(req, reply, kind === 'content' ? 'ListContent' : 'ListNotifications');
    if (!guarded) return reply;
    const query = queryOf(req);
    const contentType = contentTypeOf(query, reply);
    if (!contentType) return reply;
    const subscription = state.subscriptions.get(contentType as ContentType);
    if (!subscription || subscription.stoppedAt !== null) return sendAfError(reply, 400, 'AF20022', 'No subscription found for the specified content type.');
    if (subscription.status === 'disabled') return sendAfError(reply, 400, 'AF20023', 'The subscription was disabled by a tenant admin.');
    const window = windowOf(query, reply);
    if (!window) return reply;
    const offset = pageOf(query, reply);
    if (offset === null) return reply;
    const origin = originOf(req, state.baseUrl);
    let items: Record<string, unknown>[];
    if (kind === 'content') {
      items = (AUDIT_TYPES as readonly string[]).includes(contentType) ? state.listable(contentType as ContentType, window.start, window.end).map((b) => contentEntry(b, origin, guarded.tenantId)) : [];
    } else {
      items = state.notifications
        .filter((n) => n.contentType === contentType && n.contentCreated >= window.start && n.contentCreated < window.end)
        .map((n) => {
          const blob = state.feed.blob(n.contentId);
          return { ...(blob ? contentEntry(blob, origin, guarded.tenantId) : {}), notificationSent: contentTime(n.notificationSent), notificationStatus: n.notificationStatus };
        });
    }
    const size = state.options.blobsPerPage ?? 100;
    const page = items.slice(offset, offset + size);
    if (offset + size < items.length) {
      const next = offset + size;
      const stamp = new Date(window.start).toISOString().slice(0, 13).replace(/[-T]/g, '');
      const nextPage = `${stamp}R${String(next).padStart(9, '0')}${String(checksum(next)).padStart(3, '0')}`;
      // As documented, the link uses /api/v1/ and repeats the window but not the PublisherIdentifier.
      const url = new URL(`${origin}/api/v1/${guarded.tenantId}/activity/feed/subscriptions/${kind}`);
      url.searchParams.set('contentType', contentType);
      url.searchParams.set('startTime', window.startText);
      url.searchParams.set('endTime', window.endText);
      url.searchParams.set('nextPage', nextPage);
      reply.header('NextPageUri', url.toString());
    }
    return reply.send(page);
  };

  const prefixes = ['/api/v1.0/:tenant/activity/feed', '/api/v1/:tenant/activity/feed'];
  for (const prefix of prefixes) {
    app.post(`${prefix}/subscriptions/start`, async (req, reply) => {
      const guarded = guard(req, reply, 'StartSubscription');
      if (!guarded) return reply;
      const query = queryOf(req);
      const contentType = contentTypeOf(query, reply);
      if (!contentType) return reply;
      const now = state.now();
      if (!state.unifiedAuditLogging) {
        // What Microsoft answers when the tenant's audit log was never turned on (community-reported shape).
        const publisher = param(query, 'PublisherIdentifier') ?? '00000000-0000-0000-0000-000000000000';
        const appId = guarded.token.appid;
        return sendAfError(
          reply,
          400,
          `StartSubscription [CorrId=${state.tenant.random.uuid()}][TenantId=${guarded.tenantId},ContentType=${contentType},ApplicationId=${appId},PublisherId=${publisher}][AppId`,
          `${appId.slice(1)}] failed. Exception: Microsoft.Office.Compliance.Audit.DataServiceException: Tenant ${guarded.tenantId} does not exist.\r\n   at Microsoft.Office.Compliance.Audit.API.AzureManager.<GetSubscriptionTableClientForTenantAsync>d__52.MoveNext()\r\n--- End of stack trace from previous location where exception was thrown ---`,
        );
      }
      const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as { webhook?: { address?: string; authId?: string; expiration?: string | null } };
      const existing = state.subscriptions.get(contentType as ContentType);
      let webhook: NonNullable<ReturnType<typeof newSubscription>['webhook']> | null = existing?.webhook ?? null;
      if (body.webhook?.address) {
        const address = body.webhook.address;
        let url: URL | null = null;
        try {
          url = new URL(address);
        } catch {
          url = null;
        }
        const loopback = url !== null && url.protocol === 'http:' && isLoopbackHost(url.hostname);
        if (!url || (url.protocol !== 'https:' && !loopback)) {
          return sendAfError(reply, 400, 'AF20021', `The webhook endpoint {${address}) could not be validated. The address must begin with HTTPS.`);
        }
        const expiration = body.webhook.expiration ? Date.parse(body.webhook.expiration) : NaN;
        if (!Number.isNaN(expiration) && expiration < now) return sendAfError(reply, 400, 'AF20003', `Expiration ${body.webhook.expiration} provided is set to past date and time.`);
        const code = state.tenant.random.uuid();
        let validated = false;
        try {
          const res = await request(address, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8', 'webhook-authid': body.webhook.authId ?? '', 'webhook-validationcode': code },
            body: JSON.stringify({ validationCode: code }),
            headersTimeout: 5000,
            bodyTimeout: 5000,
          });
          await res.body.dump();
          validated = res.statusCode === 200;
        } catch {
          validated = false;
        }
        if (!validated) return sendAfError(reply, 400, 'AF20021', `The webhook endpoint {${address}) could not be validated. The endpoint did not return HTTP 200.`);
        webhook = { address, authId: body.webhook.authId ?? '', expiration: body.webhook.expiration || null, status: 'enabled', failures: 0 };
      } else if (existing && existing.status === 'enabled' && existing.stoppedAt === null && !('webhook' in body)) {
        return sendAfError(reply, 400, 'AF20024', 'The subscription is already enabled. No property change.');
      } else if ('webhook' in body && body.webhook === null) {
        webhook = null;
      }
      const subscription = existing ?? { ...newSubscription(contentType as ContentType), startedAt: now };
      if (subscription.stoppedAt !== null) {
        subscription.hidden.push([subscription.stoppedAt, now]);
        subscription.stoppedAt = null;
      }
      subscription.status = 'enabled';
      subscription.webhook = webhook;
      subscription.lastNotified = now;
      state.subscriptions.set(contentType as ContentType, subscription);
      return reply.send({ contentType, status: 'enabled', webhook: webhook ? { status: webhook.status, address: webhook.address, authId: webhook.authId, expiration: webhook.expiration } : null });
    });

    app.post(`${prefix}/subscriptions/stop`, async (req, reply) => {
      const guarded = guard(req, reply, 'StopSubscription');
      if (!guarded) return reply;
      const contentType = contentTypeOf(queryOf(req), reply);
      if (!contentType) return reply;
      const subscription = state.subscriptions.get(contentType as ContentType);
      if (!subscription || subscription.stoppedAt !== null) return sendAfError(reply, 400, 'AF20022', 'No subscription found for the specified content type.');
      subscription.stoppedAt = state.now();
      subscription.status = 'disabled';
      return reply.code(200).send('');
    });

    app.get(`${prefix}/subscriptions/list`, async (req, reply) => {
      const guarded = guard(req, reply, 'ListSubscriptions');
      if (!guarded) return reply;
      return reply.send(
        [...state.subscriptions.values()].map((s) => ({
          contentType: s.contentType,
          status: s.status,
          webhook: s.webhook ? { status: s.webhook.status, address: s.webhook.address, authId: s.webhook.authId, expiration: s.webhook.expiration } : null,
        })),
      );
    });

    app.get(`${prefix}/subscriptions/content`, listing('content'));
    app.get(`${prefix}/subscriptions/notifications`, listing('notifications'));

    app.get(`${prefix}/audit/:contentId`, async (req, reply) => {
      const guarded = guard(req, reply, 'GetBlob');
      if (!guarded) return reply;
      const { contentId = '' } = paramsOf(req);
      if (!CONTENT_ID.test(contentId)) return sendAfError(reply, 400, 'AF20052', `Content ID ${contentId} in the URL is invalid.`);
      const blob = state.feed.blob(contentId);
      const now = state.now();
      if (!blob || blob.availableAt > now || !contentId.includes(guarded.tenantId.replace(/-/g, ''))) {
        return sendAfError(reply, 404, 'AF20050', `The specified content (${contentId}) does not exist.`);
      }
      if (state.feed.isExpired(blob, now)) {
        return sendAfError(reply, 410, 'AF20051', `Content requested with the key ${contentId} has already expired. Content older than 7 days cannot be retrieved.`);
      }
      state.blobFetches++;
      return reply.send(blob.records);
    });

    app.get(`${prefix}/resources/dlpSensitiveTypes`, async (req, reply) => {
      const guarded = guard(req, reply, 'GetDlpSensitiveTypes');
      if (!guarded) return reply;
      const language = req.headers['accept-language'];
      if (typeof language === 'string' && language.trim() !== '') {
        if (language.includes(',')) return sendAfError(reply, 400, 'AF20053', 'Only one language may be present in the Accept-Language header.');
        if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(language.trim())) return sendAfError(reply, 400, 'AF20054', 'Invalid syntax in Accept-Language header.');
      }
      return reply.send([
        { id: '50842eb7-edc8-4019-85dd-5a5c1f2bb085', name: 'CreditCardNumber' },
        { id: '0e9b3178-9678-47dd-a509-37222ca96b42', name: 'EUDebitCardNumber' },
        { id: 'a44669fe-0d48-453d-a9b1-2cc83f2cba77', name: 'U.S. Social Security Number (SSN)' },
      ]);
    });
  }
}

function checksum(n: number): number {
  return (n * 7919 + 13) % 997;
}
