import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import type { ZoomConfig, ZoomEndpoints } from './config.js';
import { ZOOM_MAX_PAGE } from './config.js';
import { dateHeaderTime } from '../sdk/date-header.js';

const ListSchema = z.looseObject({ next_page_token: z.string().optional().nullable() });
const AnyRecord = z.record(z.string(), z.unknown());

/** The two date-bounded reports: sign-in/out and operation logs (both labelled Heavy). */
export const REPORTS = {
  signins: { path: '/report/activities', key: 'activity_logs', operation: 'zoom.report.activities' },
  operations: { path: '/report/operationlogs', key: 'operation_logs', operation: 'zoom.report.operationlogs' },
} as const;
export type ReportKind = keyof typeof REPORTS;

export interface ReportQuery {
  /** yyyy-mm-dd, inclusive. */
  from: string;
  /** yyyy-mm-dd, inclusive. */
  to: string;
  pageSize: number;
  nextPageToken?: string | undefined;
}

export interface ReportPage {
  records: Record<string, unknown>[];
  /** Empty when this was the last page. */
  nextPageToken: string;
  /** Zoom's clock (the Date header), epoch ms; null when missing. */
  serverTime: number | null;
}

/** A report's `next_page_token` was refused: it expires 15 minutes after it was issued. */
export function isExpiredPageToken(error: unknown): boolean {
  return error instanceof ProviderError && error.status === 400 && error.providerCode === '300' && /page.?token/i.test(error.message);
}

/** Zoom's REST API (v2) with a Server-to-Server OAuth token. */
export class ZoomClient {
  constructor(
    private readonly http: HttpClient,
    private readonly auth: AuthProvider,
    readonly config: ZoomConfig,
    readonly endpoints: ZoomEndpoints,
  ) {}

  async get(operation: string, path: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const { body } = await this.http.json({ operation, url: `${this.endpoints.api}${path}`, query, auth: this.auth }, AnyRecord, signal);
    return body;
  }

  /** One page of a date-bounded report. */
  async report(kind: ReportKind, query: ReportQuery, signal?: AbortSignal): Promise<ReportPage> {
    const spec = REPORTS[kind];
    const { body, response } = await this.http.json(
      {
        operation: spec.operation,
        url: `${this.endpoints.api}${spec.path}`,
        query: { from: query.from, to: query.to, page_size: query.pageSize, next_page_token: query.nextPageToken || undefined },
        auth: this.auth,
      },
      ListSchema,
      signal,
    );
    const items = (body as Record<string, unknown>)[spec.key];
    const records = Array.isArray(items) ? items.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r)) : [];
    return { records, nextPageToken: body.next_page_token ?? '', serverTime: dateHeaderTime(response) };
  }

  /** Every item of a `next_page_token` list (users, role members, group members). */
  async *pages(operation: string, path: string, key: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): AsyncGenerator<Record<string, unknown>[]> {
    let token: string | undefined;
    for (;;) {
      const body = await this.get(operation, path, { ...query, page_size: ZOOM_MAX_PAGE, next_page_token: token }, signal);
      const items = Array.isArray(body[key]) ? (body[key] as unknown[]).filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null) : [];
      if (items.length > 0) yield items;
      const next = typeof body.next_page_token === 'string' ? body.next_page_token : '';
      if (!next) return;
      token = next;
    }
  }

  /** One user by id or e-mail, or null when Zoom does not know it (404, code 1001). */
  async user(userId: string, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    const { body, response } = await this.http.json(
      { operation: 'zoom.user', url: `${this.endpoints.api}/users/${encodeURIComponent(userId)}`, auth: this.auth, accept: [404] },
      AnyRecord,
      signal,
    );
    return response.status === 404 ? null : body;
  }

  /** `PUT /users/{id}/status` with `{action: deactivate|activate}` (204). */
  async setStatus(userId: string, action: 'deactivate' | 'activate', signal?: AbortSignal): Promise<void> {
    await this.http.request(
      { operation: `zoom.user.${action}`, method: 'PUT', url: `${this.endpoints.api}/users/${encodeURIComponent(userId)}/status`, json: { action }, auth: this.auth },
      signal,
    );
  }

  /** `DELETE /users/{id}/token`: signs the user out of their current sessions (204). */
  async revokeToken(userId: string, signal?: AbortSignal): Promise<void> {
    await this.http.request({ operation: 'zoom.user.signout', method: 'DELETE', url: `${this.endpoints.api}/users/${encodeURIComponent(userId)}/token`, auth: this.auth }, signal);
  }
}
