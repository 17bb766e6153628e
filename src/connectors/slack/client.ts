import { z } from 'zod';
import { AuthError, ProviderError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import type { SlackConfig, SlackEndpoints } from './config.js';
import { explainSlackCode } from './http-policy.js';
import { dateHeaderTime } from '../sdk/date-header.js';

const AuditPageSchema = z.object({
  entries: z.array(z.record(z.string(), z.unknown())).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).partial().optional(),
});

const ScimListSchema = z.object({
  totalResults: z.number().int().nonnegative(),
  itemsPerPage: z.number().int().nonnegative().optional(),
  startIndex: z.number().int().positive().optional(),
  Resources: z.array(z.record(z.string(), z.unknown())).default([]),
});

const WebSchema = z.looseObject({ ok: z.boolean(), error: z.string().optional(), needed: z.string().optional() });

export interface AuditPage {
  entries: Record<string, unknown>[];
  /** Empty when this was the last page. */
  nextCursor: string;
  /** Slack's clock when it answered (the response's `Date`, whole seconds), or null without one. */
  serverTime: number | null;
}

export interface AuditQuery {
  /** Unix seconds, inclusive. */
  oldest: number;
  /** Unix seconds, inclusive. */
  latest: number;
  limit: number;
  cursor?: string | undefined;
  action?: string | undefined;
}

/** Codes of a Web API `ok:false` that mean the token cannot do this, not that the request was wrong. */
const AUTH_CODES = new Set(['not_authed', 'invalid_auth', 'token_revoked', 'token_expired', 'account_inactive', 'missing_scope', 'not_allowed_token_type', 'not_an_admin', 'not_an_enterprise_owner', 'no_permission']);

/** Slack's three API families behind one client: Audit Logs, SCIM v2 and the Web API. */
export class SlackClient {
  constructor(
    private readonly http: HttpClient,
    private readonly auditAuth: AuthProvider,
    private readonly adminAuth: AuthProvider,
    readonly config: SlackConfig,
    readonly endpoints: SlackEndpoints,
  ) {}

  async auditLogs(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
    const { body, response } = await this.http.json(
      {
        operation: 'slack.audit.logs',
        url: `${this.endpoints.audit}/logs`,
        query: { oldest: query.oldest, latest: query.latest, limit: query.limit, cursor: query.cursor, action: query.action },
        auth: this.auditAuth,
      },
      AuditPageSchema,
      signal,
    );
    return { entries: body.entries, nextCursor: body.response_metadata?.next_cursor ?? '', serverTime: dateHeaderTime(response) };
  }

  /** One SCIM list page (`startIndex` is 1-based). */
  async scimList(resource: 'Users' | 'Groups', startIndex: number, count: number, signal?: AbortSignal): Promise<z.infer<typeof ScimListSchema>> {
    const { body } = await this.http.json(
      { operation: `slack.scim.${resource.toLowerCase()}`, url: `${this.endpoints.scim}/${resource}`, query: { startIndex, count }, auth: this.adminAuth },
      ScimListSchema,
      signal,
    );
    return body;
  }

  /** Every resource of a SCIM list, page by page. */
  async *scimAll(resource: 'Users' | 'Groups', count: number, signal?: AbortSignal): AsyncGenerator<Record<string, unknown>[]> {
    let startIndex = 1;
    for (;;) {
      const page = await this.scimList(resource, startIndex, count, signal);
      if (page.Resources.length > 0) yield page.Resources;
      startIndex += page.Resources.length;
      if (page.Resources.length === 0 || startIndex > page.totalResults) return;
    }
  }

  /**
   * Slack's clock, from the Date header of the Audit Logs schema list (a public call that needs no token):
   * a first sync counts its default 7 days back from it. Null when the header is missing.
   */
  async serverTime(signal?: AbortSignal): Promise<number | null> {
    const response = await this.http.request({ operation: 'slack.audit.schemas', url: `${this.endpoints.audit}/schemas` }, signal);
    return dateHeaderTime(response);
  }

  /** One SCIM user, or null when Slack does not know the id. */
  async scimUser(userId: string, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    const { body, response } = await this.http.json(
      { operation: 'slack.scim.user', url: `${this.endpoints.scim}/Users/${encodeURIComponent(userId)}`, auth: this.adminAuth, accept: [404] },
      z.record(z.string(), z.unknown()),
      signal,
    );
    return response.status === 404 ? null : body;
  }

  /** Deactivates (`active:false`) or reactivates a user through SCIM PATCH. */
  async scimSetActive(userId: string, active: boolean, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const { body } = await this.http.json(
      {
        operation: active ? 'slack.scim.reactivate' : 'slack.scim.deactivate',
        method: 'PATCH',
        url: `${this.endpoints.scim}/Users/${encodeURIComponent(userId)}`,
        json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: active }] },
        auth: this.adminAuth,
      },
      z.record(z.string(), z.unknown()),
      signal,
    );
    return body;
  }

  /**
   * Calls a Web API method. Slack answers HTTP 200 with `{ok:false, error}` when a call fails: that becomes
   * an AuthError (the token cannot do this) or a ProviderError naming the method, the code and the fix.
   */
  async web(method: string, params: Record<string, string | number | boolean | undefined>, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const form: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (v !== undefined) form[k] = String(v);
    const { body } = await this.http.json({ operation: `slack.${method}`, method: 'POST', url: `${this.endpoints.web}/${method}`, form, auth: this.adminAuth }, WebSchema, signal);
    if (!body.ok) {
      const code = body.error ?? 'unknown_error';
      const fix = explainSlackCode(code, body.needed ?? null);
      const message = `slack.${method}: Slack answered ok:false, error ${code}.${fix ? ` ${fix}` : ''}`;
      if (AUTH_CODES.has(code)) throw new AuthError(message, { providerCode: code });
      throw new ProviderError(message, { providerCode: code });
    }
    return body;
  }

  /** Every item of a cursor-paged Web API list (`response_metadata.next_cursor`). */
  async *webAll(method: string, key: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): AsyncGenerator<Record<string, unknown>[]> {
    let cursor: string | undefined;
    for (;;) {
      const body = await this.web(method, { ...params, limit: 100, cursor }, signal);
      const items = Array.isArray(body[key]) ? (body[key] as Record<string, unknown>[]) : [];
      if (items.length > 0) yield items;
      const next = (body.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ?? '';
      if (!next) return;
      cursor = next;
    }
  }
}
