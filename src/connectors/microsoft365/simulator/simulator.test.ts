import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../core/clock.js';
import { clientAssertion, tokenClaims } from '../auth.js';
import { microsoft365Simulator, type M365SimulatorOptions, type RunningM365Simulator } from './index.js';
import { CONSUMER_VPN_PLACE, CORPORATE_VPN, microsoftPlaceName } from './places.js';
import { buildTenant } from './tenant.js';
import { DEMO_ORGANISATION, workforce } from '../../sdk/simulator/workforce.js';
import { IPHONE_SAFARI, PRIVATE_RELAY_EGRESSES, US_CARRIER_GATEWAYS } from '../../sdk/simulator/places.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');
const MANAGE = 'https://manage.office.com/.default';
const GRAPH = 'https://graph.microsoft.com/.default';

type Json = Record<string, unknown>;

async function start(options: M365SimulatorOptions = {}): Promise<RunningM365Simulator> {
  return microsoft365Simulator.start({ frozenAt: FROZEN, auditLogsRequestsPer10Seconds: 10_000, ...options });
}

function base(sim: RunningM365Simulator): string {
  return sim.config.simulatorUrl ?? '';
}

async function post(url: string, form: Record<string, string>): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Json };
}

async function token(sim: RunningM365Simulator, scope: string, overrides: Record<string, string> = {}, tenant = sim.config.tenantId): Promise<{ status: number; body: Json }> {
  return post(`${base(sim)}/${tenant}/oauth2/v2.0/token`, { client_id: sim.config.clientId, client_secret: sim.config.clientSecret ?? '', grant_type: 'client_credentials', scope, ...overrides });
}

async function bearer(sim: RunningM365Simulator, scope: string): Promise<string> {
  const { body } = await token(sim, scope);
  return String(body.access_token);
}

async function call(url: string, accessToken: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const res = await fetch(url, { ...init, headers: { authorization: `Bearer ${accessToken}`, ...(init.headers as Record<string, string> | undefined) } });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}

function feed(sim: RunningM365Simulator, path: string, query: Record<string, string> = {}, tenant = sim.config.tenantId): string {
  const url = new URL(`${base(sim)}/api/v1.0/${tenant}/activity/feed/${path}`);
  for (const [k, v] of Object.entries({ PublisherIdentifier: sim.config.tenantId, ...query })) url.searchParams.set(k, v);
  return url.toString();
}

const time = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const afCode = (body: unknown) => ((body as { error?: { code?: string } }).error?.code ?? null);

describe('Entra token endpoints', () => {
  let sim: RunningM365Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it('issues v2 tokens whose claims carry tenant, app and the consented roles', async () => {
    const graph = await token(sim, GRAPH);
    expect(graph.status).toBe(200);
    expect(graph.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const claims = tokenClaims(String(graph.body.access_token));
    expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', tid: sim.config.tenantId, appid: sim.config.clientId, iss: `https://sts.windows.net/${sim.config.tenantId}/`, appidacr: '1' });
    expect(claims.roles).toEqual(expect.arrayContaining(['User.Read.All', 'AuditLog.Read.All', 'Policy.Read.All']));
    const manage = tokenClaims(String((await token(sim, MANAGE)).body.access_token));
    expect(manage).toMatchObject({ aud: 'https://manage.office.com', roles: ['ActivityFeed.Read'] });
  });

  it('answers the v1 endpoint with resource= and numbers written as strings', async () => {
    const res = await post(`${base(sim)}/${sim.config.tenantId}/oauth2/token`, { client_id: sim.config.clientId, client_secret: sim.config.clientSecret ?? '', grant_type: 'client_credentials', resource: 'https://manage.office.com' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: '3599', resource: 'https://manage.office.com' });
    expect(typeof res.body.expires_on).toBe('string');
    expect(typeof res.body.not_before).toBe('string');
  });

  it('refuses a wrong secret with AADSTS7000215 in Entra\'s error shape', async () => {
    const res = await token(sim, GRAPH, { client_secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215], error_uri: 'https://login.microsoftonline.com/error?code=7000215' });
    expect(String(res.body.error_description)).toMatch(/^AADSTS7000215: Invalid client secret provided\..*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/s);
    expect(res.body).toHaveProperty('trace_id');
    expect(res.body).toHaveProperty('correlation_id');
    expect(res.body).toHaveProperty('timestamp');
  });

  it('distinguishes an unknown tenant (AADSTS90002) from one the app is not in (AADSTS700016)', async () => {
    const unknown = await token(sim, GRAPH, {}, sim.unknownTenantConfig.tenantId);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    const other = await token(sim, GRAPH, {}, sim.tenant().otherTenantId);
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });

  it('validates grant type, scope and resource', async () => {
    expect((await token(sim, GRAPH, { grant_type: '' })).body).toMatchObject({ error_codes: [900144] });
    expect((await token(sim, GRAPH, { grant_type: 'password' })).body).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await token(sim, 'https://graph.microsoft.com/User.Read')).body).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    expect((await token(sim, 'https://example.com/.default')).body).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
  });

  it('accepts a certificate client assertion and refuses a foreign key or audience', async () => {
    const cert = sim.certificateConfig;
    const url = `${base(sim)}/${sim.config.tenantId}/oauth2/v2.0/token`;
    const form = (assertion: string) => ({ client_id: sim.config.clientId, grant_type: 'client_credentials', scope: GRAPH, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
    const good = clientAssertion({ clientId: sim.config.clientId, audience: url, privateKeyPem: cert.certificate ?? '', thumbprintHex: cert.thumbprint ?? '', now: Date.now() });
    const ok = await post(url, form(good));
    expect(ok.status).toBe(200);
    expect(tokenClaims(String(ok.body.access_token)).appidacr).toBe('2');
    const wrongThumbprint = clientAssertion({ clientId: sim.config.clientId, audience: url, privateKeyPem: cert.certificate ?? '', thumbprintHex: '00'.repeat(20), now: Date.now() });
    expect((await post(url, form(wrongThumbprint))).body).toMatchObject({ error: 'invalid_client', error_codes: [700027] });
    const tampered = `${good.slice(0, -6)}AAAAAA`;
    expect((await post(url, form(tampered))).body).toMatchObject({ error_codes: [700027] });
    const wrongAudience = clientAssertion({ clientId: sim.config.clientId, audience: 'https://example.com/token', privateKeyPem: cert.certificate ?? '', thumbprintHex: cert.thumbprint ?? '', now: Date.now() });
    expect((await post(url, form(wrongAudience))).status).toBe(401);
  });
});

describe('token without admin consent', () => {
  it('carries no roles claim, and the Management API answers AF10001', async () => {
    const sim = await start({ adminConsent: false });
    try {
      const manage = await bearer(sim, MANAGE);
      expect(tokenClaims(manage)).not.toHaveProperty('roles');
      const res = await call(feed(sim, 'subscriptions/list'), manage);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'AF10001', message: 'The permission set () sent in the request did not include the expected permission ActivityFeed.Read.' } });
      const graph = await call(`${base(sim)}/v1.0/groups`, await bearer(sim, GRAPH));
      expect(graph.status).toBe(403);
      expect(graph.body).toMatchObject({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });
      const inner = (graph.body as { error: { innerError: Record<string, string> } }).error.innerError;
      expect(inner['request-id']).toBe(graph.headers.get('request-id'));
      expect(inner['client-request-id']).toBe(graph.headers.get('client-request-id'));
    } finally {
      await sim.close();
    }
  });
});

describe('Management Activity API', () => {
  let sim: RunningM365Simulator;
  let manage: string;
  beforeAll(async () => {
    sim = await start({ blobsPerPage: 2 });
    manage = await bearer(sim, MANAGE);
  });
  afterAll(() => sim.close());

  it('checks the tenant in the URL against the token', async () => {
    expect(afCode((await call(feed(sim, 'subscriptions/list', {}, sim.tenant().otherTenantId), manage)).body)).toBe('AF20010');
    expect(afCode((await call(feed(sim, 'subscriptions/list', {}, 'contoso.com'), manage)).body)).toBe('AF20013');
    expect((await call(feed(sim, 'subscriptions/list'), 'not-a-token')).status).toBe(401);
    expect((await call(feed(sim, 'subscriptions/list'), await bearer(sim, GRAPH))).status).toBe(401);
  });

  it('validates the content type', async () => {
    expect(afCode((await call(feed(sim, 'subscriptions/start'), manage, { method: 'POST' })).body)).toBe('AF20001');
    expect(afCode((await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.Nothing' }), manage, { method: 'POST' })).body)).toBe('AF20020');
  });

  it('starts, refuses a redundant start with AF20024, lists, and stops subscriptions', async () => {
    expect(afCode((await call(feed(sim, 'subscriptions/content', { contentType: 'Audit.General' }), manage)).body)).toBe('AF20022');
    const started = await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.General' }), manage, { method: 'POST' });
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ contentType: 'Audit.General', status: 'enabled', webhook: null });
    const again = await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.General' }), manage, { method: 'POST' });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: { code: 'AF20024', message: 'The subscription is already enabled. No property change.' } });
    expect((await call(feed(sim, 'subscriptions/list'), manage)).body).toContainEqual({ contentType: 'Audit.General', status: 'enabled', webhook: null });
    const stopped = await call(feed(sim, 'subscriptions/stop', { contentType: 'Audit.General' }), manage, { method: 'POST' });
    expect(stopped.status).toBe(200);
    expect(afCode((await call(feed(sim, 'subscriptions/content', { contentType: 'Audit.General' }), manage)).body)).toBe('AF20022');
    expect((await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.General' }), manage, { method: 'POST' })).status).toBe(200);
  });

  it('enforces the listing window: both or neither, at most 24 hours, within 7 days', async () => {
    await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.SharePoint' }), manage, { method: 'POST' });
    const now = sim.now();
    const list = (q: Record<string, string>) => call(feed(sim, 'subscriptions/content', { contentType: 'Audit.SharePoint', ...q }), manage);
    expect(afCode((await list({ startTime: time(now - 25 * HOUR), endTime: time(now) })).body)).toBe('AF20030');
    expect(afCode((await list({ startTime: time(now - 2 * HOUR) })).body)).toBe('AF20030');
    expect(afCode((await list({ startTime: time(now - 8 * DAY), endTime: time(now - 7.5 * DAY) })).body)).toBe('AF20055');
    expect(afCode((await list({ startTime: 'yesterday', endTime: time(now) })).body)).toBe('AF20002');
    expect((await list({})).status).toBe(200);
    expect((await list({ startTime: new Date(now - 2 * HOUR).toISOString().slice(0, 10), endTime: `${time(now - HOUR)}Z` })).status).toBe(200);
  });

  it('pages listings with a NextPageUri on /api/v1/ that repeats the window', async () => {
    await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.AzureActiveDirectory' }), manage, { method: 'POST' });
    const now = sim.now();
    const first = await call(feed(sim, 'subscriptions/content', { contentType: 'Audit.AzureActiveDirectory', startTime: time(now - DAY), endTime: time(now) }), manage);
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(2);
    const next = first.headers.get('NextPageUri');
    expect(next).toMatch(/\/api\/v1\/[0-9a-f-]{36}\/activity\/feed\/subscriptions\/content\?contentType=Audit\.AzureActiveDirectory&startTime=.+&endTime=.+&nextPage=\d{10}R\d{12}$/);
    const ids: string[] = (first.body as { contentId: string }[]).map((e) => e.contentId);
    let url: string | null = next;
    let pages = 1;
    while (url) {
      const page = await call(url, manage);
      expect(page.status).toBe(200);
      ids.push(...(page.body as { contentId: string }[]).map((e) => e.contentId));
      url = page.headers.get('nextpageuri');
      pages++;
    }
    expect(pages).toBeGreaterThan(3);
    expect(new Set(ids).size).toBe(ids.length);
    const bad = new URL(next ?? '');
    bad.searchParams.set('nextPage', '2025031400R000000002999');
    expect(afCode((await call(bad.toString(), manage)).body)).toBe('AF20031');
  });

  it('serves blobs as JSON arrays of records with zone-less CreationTime; blob ids are validated', async () => {
    const now = sim.now();
    const listing = (await call(feed(sim, 'subscriptions/content', { contentType: 'Audit.SharePoint', startTime: time(now - DAY), endTime: time(now) }), manage)).body as { contentUri: string; contentCreated: string; contentExpiration: string }[];
    const entry = listing[0];
    if (!entry) throw new Error('no content listed');
    expect(entry.contentCreated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(Date.parse(entry.contentExpiration) - Date.parse(entry.contentCreated)).toBe(7 * DAY);
    const blob = await call(`${entry.contentUri}?PublisherIdentifier=${sim.config.tenantId}`, manage);
    expect(Array.isArray(blob.body)).toBe(true);
    for (const record of blob.body as Json[]) expect(String(record.CreationTime)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(afCode((await call(feed(sim, 'audit/not-a-content-id'), manage)).body)).toBe('AF20052');
    const unknown = entry.contentUri.replace(/\$[0-9a-f]{32}\$04$/, `$${'0'.repeat(32)}$04`);
    const gone = await call(`${unknown}?PublisherIdentifier=${sim.config.tenantId}`, manage);
    expect(gone.status).toBe(404);
    expect(afCode(gone.body)).toBe('AF20050');
  });

  it('repeats some records in a later blob, and later blobs hold older events', async () => {
    await Promise.all(['Audit.Exchange'].map((ct) => call(feed(sim, 'subscriptions/start', { contentType: ct }), manage, { method: 'POST' })));
    const now = sim.now();
    const seen = new Map<string, number>();
    let outOfOrder = 0;
    let latestSoFar = 0;
    for (const contentType of ['Audit.SharePoint', 'Audit.AzureActiveDirectory', 'Audit.Exchange']) {
      for (let end = now; end > now - 6 * DAY; end -= DAY) {
        let url: string | null = feed(sim, 'subscriptions/content', { contentType, startTime: time(end - DAY), endTime: time(end) });
        while (url) {
          const page = await call(url, manage);
          for (const entry of page.body as { contentUri: string }[]) {
            const records = (await call(`${entry.contentUri}?PublisherIdentifier=${sim.config.tenantId}`, manage)).body as Json[];
            const times = records.map((r) => Date.parse(`${String(r.CreationTime)}Z`));
            if (Math.min(...times) < latestSoFar) outOfOrder++;
            latestSoFar = Math.max(latestSoFar, ...times);
            for (const r of records) seen.set(String(r.Id), (seen.get(String(r.Id)) ?? 0) + 1);
          }
          url = page.headers.get('nextpageuri');
        }
      }
    }
    expect([...seen.values()].some((n) => n > 1)).toBe(true);
    expect(outOfOrder).toBeGreaterThan(0);
  });

  it('counts calls without a PublisherIdentifier (the shared throttling pool)', async () => {
    const before = sim.requestsWithoutPublisherIdentifier();
    await call(`${base(sim)}/api/v1.0/${sim.config.tenantId}/activity/feed/subscriptions/list`, manage);
    expect(sim.requestsWithoutPublisherIdentifier()).toBe(before + 1);
  });

  it('lists DLP sensitive types and checks Accept-Language', async () => {
    expect((await call(feed(sim, 'resources/dlpSensitiveTypes'), manage, { headers: { 'accept-language': 'en-US' } })).body).toContainEqual({ id: '50842eb7-edc8-4019-85dd-5a5c1f2bb085', name: 'CreditCardNumber' });
    expect(afCode((await call(feed(sim, 'resources/dlpSensitiveTypes'), manage, { headers: { 'accept-language': 'en-US,fr' } })).body)).toBe('AF20053');
  });
});

describe('Management API throttling, audit logging off, expired blobs', () => {
  it('throttles as 403 AF429 without Retry-After', async () => {
    const sim = await start({ manageRequestsPerMinute: 3 });
    try {
      const manage = await bearer(sim, MANAGE);
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof call>> | null = null;
      for (let i = 0; i < 5; i++) {
        last = await call(feed(sim, 'subscriptions/list'), manage);
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses[4]).toBe(403);
      expect(last?.body).toEqual({ error: { code: 'AF429', message: `Too many requests. Method=ListSubscriptions, PublisherId=${sim.config.tenantId}` } });
      expect(last?.headers.get('retry-after')).toBeNull();
    } finally {
      await sim.close();
    }
  });

  it('refuses to start a subscription when unified audit logging is off, as Microsoft does', async () => {
    const sim = await start({ unifiedAuditLogging: false });
    try {
      const res = await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.Exchange' }), await bearer(sim, MANAGE), { method: 'POST' });
      expect(res.status).toBe(400);
      const error = (res.body as { error: { code: string; message: string } }).error;
      expect(error.code).toMatch(/^StartSubscription \[CorrId=/);
      expect(error.message).toContain(`Microsoft.Office.Compliance.Audit.DataServiceException: Tenant ${sim.config.tenantId} does not exist.`);
    } finally {
      await sim.close();
    }
  });

  it('answers AF20051 for a listed blob that has expired', async () => {
    const sim = await start({ expiredBlobs: 1, startedSubscriptions: ['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.SharePoint', 'Audit.General'] });
    try {
      const manage = await bearer(sim, MANAGE);
      const now = sim.now();
      let expired = 0;
      for (const contentType of ['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.SharePoint', 'Audit.General']) {
        const start7 = now - 7 * DAY + HOUR;
        const listing = (await call(feed(sim, 'subscriptions/content', { contentType, startTime: time(start7), endTime: time(start7 + DAY) }), manage)).body as { contentUri: string }[];
        for (const entry of listing) {
          const res = await call(`${entry.contentUri}?PublisherIdentifier=${sim.config.tenantId}`, manage);
          if (res.status === 410) {
            expired++;
            expect(afCode(res.body)).toBe('AF20051');
            expect((res.body as { error: { message: string } }).error.message).toMatch(/has already expired\. Content older than 7 days cannot be retrieved\./);
          }
        }
      }
      expect(expired).toBe(1);
    } finally {
      await sim.close();
    }
  });
});

describe('webhook subscriptions', () => {
  let receiver: Server;
  let received: { headers: IncomingMessage['headers']; body: unknown }[];
  let respondWith = 200;
  beforeAll(async () => {
    received = [];
    receiver = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(data) as unknown });
        res.statusCode = respondWith;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('validates the endpoint, then notifies new content with Webhook-AuthID, tenantId and clientId', async () => {
    const sim = await start();
    try {
      const manage = await bearer(sim, MANAGE);
      const address = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/o365`;
      respondWith = 500;
      const refused = await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.SharePoint' }), manage, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhook: { address, authId: 'parapet' } }) });
      expect(afCode(refused.body)).toBe('AF20021');
      respondWith = 200;
      received.length = 0;
      const ok = await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.SharePoint' }), manage, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhook: { address, authId: 'parapet', expiration: '' } }) });
      expect(ok.body).toMatchObject({ contentType: 'Audit.SharePoint', status: 'enabled', webhook: { status: 'enabled', address, authId: 'parapet' } });
      const validation = received[0];
      expect(validation?.headers['webhook-authid']).toBe('parapet');
      expect(validation?.body).toEqual({ validationCode: validation?.headers['webhook-validationcode'] });
      await sim.advance(6 * HOUR);
      const notification = received.find((r) => Array.isArray(r.body));
      expect(notification?.headers['webhook-authid']).toBe('parapet');
      expect((notification?.body as Json[])[0]).toMatchObject({ tenantId: sim.config.tenantId, clientId: sim.config.clientId, contentType: 'Audit.SharePoint' });
      const attempts = await call(feed(sim, 'subscriptions/notifications', { contentType: 'Audit.SharePoint' }), await bearer(sim, MANAGE));
      expect((attempts.body as Json[])[0]).toMatchObject({ notificationStatus: 'success' });
    } finally {
      await sim.close();
    }
  });
});

describe('Microsoft Graph', () => {
  let sim: RunningM365Simulator;
  let graph: string;
  let g: (path: string) => Promise<{ status: number; headers: Headers; body: unknown; text: string }>;
  beforeAll(async () => {
    sim = await start();
  });
  beforeEach(async () => {
    // Tests move the tenant's clock; a fresh token each time keeps them independent.
    graph = await bearer(sim, GRAPH);
    g = (path: string) => call(`${base(sim)}${path}`, graph);
  });
  afterAll(() => sim.close());

  const value = (body: unknown) => (body as { value: Json[] }).value;

  it('returns users\' default properties unless $select asks; signInActivity only when selected', async () => {
    const plain = value((await g('/v1.0/users?$top=3')).body);
    expect(Object.keys(plain[0] ?? {})).not.toContain('accountEnabled');
    expect(plain[0]).toHaveProperty('userPrincipalName');
    const selected = value((await g('/v1.0/users?$select=id,accountEnabled,proxyAddresses&$top=3')).body);
    expect(Object.keys(selected[0] ?? {}).sort()).toEqual(['accountEnabled', 'id', 'proxyAddresses']);
    const withActivity = await g('/v1.0/users?$select=id,signInActivity&$top=500');
    expect(value(withActivity.body).some((u) => 'signInActivity' in u)).toBe(true);
    expect((await g('/v1.0/users?$top=1000')).body).toMatchObject({ error: { code: 'Request_BadRequest' } });
    expect((await g('/v1.0/users?$select=id,signInActivity&$top=600')).status).toBe(400);
  });

  it('pages with @odata.nextLink and an opaque $skiptoken, and refuses a forged one', async () => {
    const ids: string[] = [];
    let next: string | undefined = `${base(sim)}/v1.0/users?$select=id&$top=7`;
    let pages = 0;
    while (next) {
      const res = await call(next, graph);
      const body = res.body as { value: Json[]; '@odata.nextLink'?: string; '@odata.context': string };
      expect(body['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#users(id)');
      ids.push(...body.value.map((u) => String(u.id)));
      next = body['@odata.nextLink'];
      if (next) expect(next).toMatch(/\$skiptoken=RFNwdAIAAQAAA/);
      pages++;
    }
    expect(ids).toHaveLength(sim.tenant().users.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(ids.length / 7));
    expect((await g('/v1.0/users?$select=id&$top=7&$skiptoken=RFNwdAIAAQAAAbogus')).status).toBe(400);
  });

  it('filters with eq, startsWith and any()', async () => {
    const guests = value((await g(`/v1.0/users?$filter=${encodeURIComponent("userType eq 'Guest'")}&$select=id,userType`)).body);
    expect(guests.length).toBe(3);
    const disabled = value((await g(`/v1.0/users?$filter=${encodeURIComponent('accountEnabled eq false')}&$select=id,accountEnabled`)).body);
    expect(disabled).toHaveLength(1);
    const admin = sim.tenant().users.find((u) => u.personas.includes('globalAdmin'));
    const prefix = String(admin?.displayName).slice(0, 4).toLowerCase();
    const starting = value((await g(`/v1.0/users?$filter=${encodeURIComponent(`startsWith(displayName,'${prefix}')`)}`)).body);
    expect(starting.map((u) => u.displayName)).toContain(admin?.displayName);
    expect(starting.map((u) => u.displayName)).toEqual(sim.tenant().users.filter((u) => u.displayName.toLowerCase().startsWith(prefix)).map((u) => u.displayName));
    const grady = sim.tenant().users.find((u) => u.personas.includes('promoted'));
    const audits = value((await g(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDisplayName eq 'Add member to role' and targetResources/any(t: t/id eq '${grady?.id}')`)}`)).body);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ category: 'RoleManagement', loggedByService: 'Core Directory', operationType: 'Assign' });
    expect((await g(`/v1.0/users?$filter=${encodeURIComponent('displayName has 1')}`)).status).toBe(400);
  });

  it('lists sign-ins newest first with date and status filters; non-interactive ones only through beta', async () => {
    const since = new Date(sim.now() - 3 * DAY).toISOString();
    const failures = value((await g(`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${since} and status/errorCode ne 0`)}`)).body);
    expect(failures.length).toBeGreaterThan(0);
    for (const s of failures) {
      expect(Date.parse(String(s.createdDateTime))).toBeGreaterThanOrEqual(Date.parse(since));
      expect((s.status as Json).errorCode).not.toBe(0);
    }
    const times = failures.map((s) => Date.parse(String(s.createdDateTime)));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(String(failures[0]?.createdDateTime)).toMatch(/\.\d{7}Z$/);
    const interactive = value((await g('/v1.0/auditLogs/signIns?$top=50')).body);
    expect(interactive.every((s) => s.isInteractive === true)).toBe(true);
    const nonInteractive = value((await g(`/beta/auditLogs/signIns?$top=50&$filter=${encodeURIComponent("signInEventTypes/any(t: t eq 'nonInteractiveUser')")}`)).body);
    expect(nonInteractive.length).toBe(50);
    expect(nonInteractive.every((s) => s.isInteractive === false)).toBe(true);
    expect((await g('/v1.0/auditLogs/signIns?$top=1001')).status).toBe(400);
  });

  it('lists role assignments with their principals expanded, groups and members, apps and grants', async () => {
    const assignments = value((await g(`/v1.0/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent("roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'")}&$expand=principal`)).body);
    expect(assignments.length).toBe(4);
    expect(assignments[0]).toMatchObject({ directoryScopeId: '/', principal: { '@odata.type': '#microsoft.graph.user' } });
    const groups = value((await g('/v1.0/groups')).body);
    const leadership = groups.find((x) => x.displayName === 'Leadership');
    const direct = value((await g(`/v1.0/groups/${String(leadership?.id)}/members`)).body);
    const transitive = value((await g(`/v1.0/groups/${String(leadership?.id)}/transitiveMembers`)).body);
    expect(direct.some((m) => m['@odata.type'] === '#microsoft.graph.group')).toBe(true);
    expect(transitive.length).toBeGreaterThan(direct.length - 1);
    const grants = value((await g('/v1.0/oauth2PermissionGrants?$top=999')).body);
    expect(grants.some((x) => x.consentType === 'AllPrincipals' && x.principalId === null)).toBe(true);
    const sps = value((await g('/v1.0/servicePrincipals?$top=999')).body);
    expect(sps.every((s) => !('publisherName' in s) && !('createdDateTime' in s))).toBe(true);
  });

  it('serves the posture documents', async () => {
    expect((await g('/v1.0/policies/authorizationPolicy')).body).toMatchObject({ id: 'authorizationPolicy', guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3', allowInvitesFrom: 'everyone' });
    expect((await g('/v1.0/policies/identitySecurityDefaultsEnforcementPolicy')).body).toMatchObject({ isEnabled: false });
    expect(value((await g('/v1.0/identity/conditionalAccess/policies')).body).length).toBeGreaterThan(0);
    expect((await g('/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/MicrosoftAuthenticator')).body).toMatchObject({ id: 'MicrosoftAuthenticator', state: 'enabled' });
    expect((await g('/v1.0/policies/adminConsentRequestPolicy')).body).toMatchObject({ isEnabled: true });
    expect(value((await g('/v1.0/domains')).body).length).toBe(3);
    expect(value((await g('/v1.0/groupSettings')).body).map((s) => s.displayName)).toEqual(['Password Rule Settings', 'Consent Policy Settings']);
  });

  it('mutates state with actions and writes their audit records to both feeds', async () => {
    const target = sim.tenant().users.find((u) => u.userType === 'Member' && u.onPremisesSyncEnabled === null && u.personas.length === 0);
    if (!target) throw new Error('no plain user');
    const patch = await call(`${base(sim)}/v1.0/users/${target.id}`, graph, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountEnabled: false }) });
    expect(patch.status).toBe(204);
    expect((await g(`/v1.0/users/${target.id}?$select=accountEnabled`)).body).toMatchObject({ accountEnabled: false });
    const audits = value((await g(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(`targetResources/any(t: t/id eq '${target.id}') and activityDisplayName eq 'Update user'`)}`)).body);
    expect(audits[0]).toMatchObject({ initiatedBy: { app: { displayName: 'Parapet Security Connector' } } });
    expect(JSON.stringify(audits[0])).toContain('AccountEnabled');
    const revoke = await call(`${base(sim)}/v1.0/users/${target.id}/revokeSignInSessions`, graph, { method: 'POST' });
    expect(revoke.body).toEqual({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean', value: true });

    const grant = value((await g('/v1.0/oauth2PermissionGrants?$top=999')).body)[0];
    const del = () => call(`${base(sim)}/v1.0/oauth2PermissionGrants/${String(grant?.id)}`, graph, { method: 'DELETE' });
    expect((await del()).status).toBe(204);
    const again = await del();
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });

    const backup = value((await g(`/v1.0/servicePrincipals?$filter=${encodeURIComponent("displayName eq 'CloudVault Backup'")}`)).body)[0];
    const assignment = value((await g(`/v1.0/servicePrincipals/${String(backup?.id)}/appRoleAssignments`)).body)[0];
    const remove = () => call(`${base(sim)}/v1.0/servicePrincipals/${String(backup?.id)}/appRoleAssignments/${String(assignment?.id)}`, graph, { method: 'DELETE' });
    expect((await remove()).status).toBe(204);
    expect((await remove()).status).toBe(404);

    // The UAL twins reach the Management API a few minutes later.
    await sim.advance(HOUR);
    const manage = await bearer(sim, MANAGE);
    await call(feed(sim, 'subscriptions/start', { contentType: 'Audit.AzureActiveDirectory' }), manage, { method: 'POST' });
    const now = sim.now();
    const listing = (await call(feed(sim, 'subscriptions/content', { contentType: 'Audit.AzureActiveDirectory', startTime: time(now - 2 * HOUR), endTime: time(now) }), manage)).body as { contentUri: string }[];
    const operations: string[] = [];
    for (const entry of listing) for (const r of (await call(`${entry.contentUri}?PublisherIdentifier=${sim.config.tenantId}`, manage)).body as Json[]) operations.push(String(r.Operation));
    expect(operations).toEqual(expect.arrayContaining(['Update user.', 'Remove delegated permission grant.', 'Remove app role assignment from service principal.']));
  });

  it('refuses to change on-premises synced users and, without a privileged role, administrators', async () => {
    const synced = sim.tenant().users.find((u) => u.onPremisesSyncEnabled === true);
    const admin = sim.tenant().users.find((u) => u.personas.includes('globalAdmin'));
    const patch = (id: string) => call(`${base(sim)}/v1.0/users/${id}`, graph, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountEnabled: false }) });
    const onPrem = await patch(String(synced?.id));
    expect(onPrem.status).toBe(400);
    expect(onPrem.body).toMatchObject({ error: { message: 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.' } });
    expect((await patch(String(admin?.id))).status).toBe(403);
  });
});

describe('Graph licensing and reports throttling', () => {
  it('refuses sign-in logs and signInActivity without Entra ID P1', async () => {
    const sim = await start({ entraLicense: 'free' });
    try {
      const graph = await bearer(sim, GRAPH);
      const signIns = await call(`${base(sim)}/v1.0/auditLogs/signIns`, graph);
      expect(signIns.status).toBe(403);
      expect(signIns.body).toMatchObject({ error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant' } });
      expect((await call(`${base(sim)}/v1.0/users?$select=id,signInActivity`, graph)).status).toBe(403);
      expect((await call(`${base(sim)}/v1.0/users?$select=id`, graph)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('answers 429 with Retry-After from the audit-log token bucket', async () => {
    const sim = await start({ auditLogsRequestsPer10Seconds: 2 });
    try {
      const graph = await bearer(sim, GRAPH);
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof call>> | null = null;
      for (let i = 0; i < 3; i++) {
        last = await call(`${base(sim)}/v1.0/auditLogs/signIns?$top=1`, graph);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(last?.body).toMatchObject({ error: { code: 'TooManyRequests' } });
      expect((await call(`${base(sim)}/v1.0/users?$top=1`, graph)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe('fault injection in Microsoft\'s words', () => {
  let sim: RunningM365Simulator;
  beforeAll(async () => {
    sim = await start({ startedSubscriptions: ['Audit.Exchange'] });
  });
  afterAll(() => sim.close());

  it('rate-limit: 403 AF429 on the Management API, 429 + Retry-After on Graph', async () => {
    const manage = await bearer(sim, MANAGE);
    const graph = await bearer(sim, GRAPH);
    sim.faults.add({ kind: 'rate-limit', path: '/activity/feed/', times: 1 });
    const m = await call(feed(sim, 'subscriptions/list'), manage);
    expect(m.status).toBe(403);
    expect(afCode(m.body)).toBe('AF429');
    sim.faults.clear();
    sim.faults.add({ kind: 'rate-limit', path: '/v1.0/users', times: 1, retryAfterSeconds: 3 });
    const g = await call(`${base(sim)}/v1.0/users`, graph);
    expect(g.status).toBe(429);
    expect(g.headers.get('retry-after')).toBe('3');
    sim.faults.clear();
  });

  it('server-error: 500 AF50000; expire-token: 401 and the token is dead; malformed and truncated bodies', async () => {
    const manage = await bearer(sim, MANAGE);
    sim.faults.add({ kind: 'server-error', path: '/activity/feed/', times: 1 });
    const failed = await call(feed(sim, 'subscriptions/list'), manage);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: { code: 'AF50000', message: 'An internal error occurred. Retry the request.' } });
    sim.faults.clear();
    sim.faults.add({ kind: 'expire-token', path: '/activity/feed/', times: 1 });
    expect((await call(feed(sim, 'subscriptions/list'), manage)).status).toBe(401);
    sim.faults.clear();
    expect((await call(feed(sim, 'subscriptions/list'), manage)).status).toBe(401);
    const fresh = await bearer(sim, MANAGE);
    sim.faults.add({ kind: 'truncated-json', path: '/activity/feed/', times: 1 });
    const truncated = await call(feed(sim, 'subscriptions/list'), fresh);
    expect(truncated.status).toBe(200);
    expect(truncated.body).toBeNull();
    sim.faults.clear();
    sim.faults.add({ kind: 'malformed-json', path: '/v1.0/', times: 1 });
    const malformed = await call(`${base(sim)}/v1.0/users`, await bearer(sim, GRAPH));
    expect(malformed.text).toContain('<html>');
    sim.faults.clear();
  });
});

describe('seeded tenant', () => {
  let sim: RunningM365Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it('is the same for the same seed and different for another', async () => {
    const twin = await start();
    const other = await start({ seed: 2 });
    try {
      expect(twin.tenant().tenantId).toBe(sim.tenant().tenantId);
      expect(twin.truth()).toEqual(sim.truth());
      expect(other.tenant().tenantId).not.toBe(sim.tenant().tenantId);
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('has guests, admins, one disabled user and proxyAddresses aliases', () => {
    const users = sim.tenant().users;
    expect(users.filter((u) => u.userType === 'Guest')).toHaveLength(3);
    expect(users.filter((u) => !u.accountEnabled).map((u) => u.personas)).toEqual([['leaver']]);
    expect(users.filter((u) => u.personas.some((p) => /admin/i.test(p))).length).toBeGreaterThanOrEqual(5);
  });

  it("takes its members from the demo organisation's workforce, in order: names, e-mails, home addresses, browsers", async () => {
    const people = workforce({ seed: 1, domain: DEMO_ORGANISATION.domain });
    const graph = await bearer(sim, GRAPH);
    const drain = async (first: string): Promise<Json[]> => {
      const out: Json[] = [];
      let next: string | undefined = first;
      while (next) {
        const body = (await call(next, graph)).body as { value: Json[]; '@odata.nextLink'?: string };
        out.push(...body.value);
        next = body['@odata.nextLink'];
      }
      return out;
    };
    const users = await drain(`${base(sim)}/v1.0/users?$select=id,givenName,surname,mail,userPrincipalName,proxyAddresses,userType,city&$top=999`);
    const members = users.filter((u) => u.userType === 'Member' && u.mail !== null);
    expect(members.map((u) => [u.givenName, u.surname, u.mail, u.userPrincipalName, u.city])).toEqual(people.map((p) => [p.firstName, p.lastName, p.email, p.email, microsoftPlaceName(p.place.city)]));
    for (const u of members) expect(u.proxyAddresses).toEqual([`SMTP:${String(u.mail)}`, `smtp:${String(u.mail).split('@')[0]}@${sim.tenant().initialDomain}`]);

    // Their benign sign-ins come from the same address, city and browser as in every other app (but for the
    // travelling salesperson's three days at a client in London).
    const personOf = new Map(members.map((u, i) => [String(u.id), people[i]]));
    const scenarioIds = new Set(sim.scenarios().flatMap((f) => f.eventIds));
    const signedIn = new Set<string>();
    const vpnUsers = new Set<string>();
    const relayUsers = new Set<string>();
    const traveler = sim.tenant().users.find((u) => u.personas.includes('traveler'));
    for (const s of await drain(`${base(sim)}/v1.0/auditLogs/signIns?$top=1000`)) {
      const person = personOf.get(String(s.userId));
      if (!person || scenarioIds.has(String(s.id))) continue;
      if (s.userId === traveler?.id && (s.location as Json).city === 'London') continue;
      // Phones on T-Mobile sign in through the carrier's gateways, from nowhere near home (on purpose).
      if (s.appDisplayName === 'Outlook Mobile') {
        expect(US_CARRIER_GATEWAYS.flatMap((g) => g.ips)).toContain(s.ipAddress);
        continue;
      }
      // So do the business VPN's gateway and the evening consumer VPN (on purpose too).
      if ([...CORPORATE_VPN.place.ips, ...CONSUMER_VPN_PLACE.ips].includes(String(s.ipAddress))) {
        vpnUsers.add(`${String(s.ipAddress)} ${person.email}`);
        continue;
      }
      // ...and Safari on an iPhone through iCloud Private Relay, from an egress anywhere in the world.
      if (PRIVATE_RELAY_EGRESSES.flatMap((g) => g.ips).includes(String(s.ipAddress))) {
        expect(s.userAgent).toBe(IPHONE_SAFARI.userAgent);
        relayUsers.add(person.email);
        continue;
      }
      expect([s.ipAddress, s.userAgent, (s.location as Json).city, (s.location as Json).countryOrRegion]).toEqual([person.ip, person.userAgent, microsoftPlaceName(person.place.city), person.place.countryIso]);
      signedIn.add(person.email);
    }
    expect(signedIn.size).toBe(people.length);
    // Both VPNs are used, each by more than one person.
    for (const ip of [...CORPORATE_VPN.place.ips, ...CONSUMER_VPN_PLACE.ips]) expect([...vpnUsers].filter((v) => v.startsWith(`${ip} `)).length, ip).toBeGreaterThan(1);
    expect(relayUsers.size).toBeGreaterThan(1);
  });

  it('keeps the same people first in a larger tenant, and its own accounts after them', () => {
    const tenant = buildTenant({ seed: 1, now: FROZEN, domain: DEMO_ORGANISATION.domain, users: 120, grantedRoles: { graph: [], manage: [] } });
    const people = workforce({ seed: 1, domain: DEMO_ORGANISATION.domain, size: 120 });
    expect(tenant.users.slice(0, 120).map((u) => [u.workforceIndex, u.mail, u.homeIp])).toEqual(people.map((p) => [p.index, p.email, p.ip]));
    expect(tenant.users.slice(120).map((u) => u.workforceIndex)).toEqual([null, null, null, null]);
    expect(tenant.users.filter((u) => u.personas.includes('leaver')).map((u) => u.workforceIndex)).toEqual([9]);
  });

  it('declares every scenario with the policy meant to catch it, and the truth holds their events', () => {
    const facts = sim.scenarios();
    expect(facts.map((f) => [f.id, f.policy])).toEqual([
      ['impossible-travel', 'detection.impossible-travel'],
      ['password-spray', 'detection.failed-logons'],
      ['inbox-forwarding-rule', 'detection.mail-forwarding'],
      ['oauth-consent-mail-read', 'detection.oauth-high-privilege'],
      ['mass-download', 'detection.mass-download'],
      ['global-admin-added', 'detection.privilege-escalation'],
      ['disabled-user-signin', 'detection.terminated-user'],
      ['mfa-reset', 'detection.mfa-disabled'],
      ['temporary-access-pass', 'detection.mfa-method-added-for-other'],
      ['inbox-hiding-rule', 'detection.suspicious-inbox-rule'],
      ['app-credential-added', 'detection.app-credential-added'],
      ['federation-backdoor', 'detection.federation-changed'],
      ['conditional-access-weakened', 'detection.conditional-access-weakened'],
      ['mailbox-delegation', 'detection.mailbox-delegation'],
      ['pim-activation', 'detection.privileged-role-assigned'],
      ['consent-phishing', 'detection.consent-phishing-campaign'],
      ['session-hijack', 'detection.session-hijack'],
      ['mass-file-deletion', 'detection.mass-file-deletion'],
      ['admin-burst', 'detection.unusual-admin-activity'],
      ['contact-forwarding', 'detection.mail-forwarding'],
    ]);
    const truth = new Set(sim.truth().activityIds);
    for (const fact of facts) for (const id of [...fact.eventIds, ...(fact.alerts ?? []).flatMap((a) => a.eventIds)]) expect(truth.has(id), `${fact.id} ${id}`).toBe(true);
  });

  it('keeps benign history benign: few failures, usual places', async () => {
    const graph = await bearer(sim, GRAPH);
    const scenarioIds = new Set(sim.scenarios().flatMap((f) => f.eventIds));
    const signIns: Json[] = [];
    let next: string | undefined = `${base(sim)}/v1.0/auditLogs/signIns?$top=1000`;
    while (next) {
      const body = (await call(next, graph)).body as { value: Json[]; '@odata.nextLink'?: string };
      signIns.push(...body.value);
      next = body['@odata.nextLink'];
    }
    const benign = signIns.filter((s) => !scenarioIds.has(String(s.id)));
    const failuresPerUserDay = new Map<string, number>();
    const countries = new Map<string, Set<string>>();
    for (const s of benign) {
      const user = String(s.userId);
      if ((s.status as Json).errorCode !== 0) {
        const key = `${user}:${String(s.createdDateTime).slice(0, 10)}`;
        failuresPerUserDay.set(key, (failuresPerUserDay.get(key) ?? 0) + 1);
      }
      // The VPNs' and Private Relay's exits are where their gateways are, not where the person is.
      if ([...CORPORATE_VPN.place.ips, ...CONSUMER_VPN_PLACE.ips, ...PRIVATE_RELAY_EGRESSES.flatMap((g) => g.ips)].includes(String(s.ipAddress))) continue;
      const set = countries.get(user) ?? new Set<string>();
      set.add(String((s.location as Json).countryOrRegion));
      countries.set(user, set);
    }
    expect(Math.max(...failuresPerUserDay.values())).toBeLessThanOrEqual(1);
    const traveler = sim.tenant().users.find((u) => u.personas.includes('traveler'));
    for (const [user, set] of countries) expect([...set].sort(), user).toEqual(user === traveler?.id ? ['GB', 'US'] : [...set].slice(0, 1));
  });

  it('keeps new records arriving when not frozen', async () => {
    const live = await microsoft365Simulator.start({ auditLogsRequestsPer10Seconds: 10_000 });
    try {
      let graph = await bearer(live, GRAPH);
      const since = new Date(live.now()).toISOString();
      const count = async () => ((await call(`${base(live)}/v1.0/auditLogs/signIns?$top=1000&$filter=${encodeURIComponent(`createdDateTime ge ${since}`)}`, graph)).body as { value: Json[] }).value.length;
      const before = await count();
      await live.advance(2 * DAY);
      graph = await bearer(live, GRAPH);
      expect(await count()).toBeGreaterThan(before);
    } finally {
      await live.close();
    }
  });
});
