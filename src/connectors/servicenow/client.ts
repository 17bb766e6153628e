import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import type { AuthProvider, HttpClient, HttpResponse } from '../sdk/http-client.js';
import { nextLink } from '../sdk/link-header.js';
import { instanceBase, type ServiceNowConfig } from './config.js';
import { dateHeaderTime } from '../sdk/date-header.js';

export { nextLink };

export type SnRecord = Record<string, unknown>;
const ListBody = z.object({ result: z.array(z.record(z.string(), z.unknown())) }).passthrough();
const OneBody = z.object({ result: z.record(z.string(), z.unknown()) }).passthrough();

/** A Table API query: the encoded query and the parameters every read of Parapet sends. */
export interface TableQuery {
  query?: string;
  fields?: readonly string[];
  limit: number;
  offset?: number;
}

/** `sys_created_on` and the other glide date-times: `YYYY-MM-DD HH:MM:SS`, UTC, no `T`/`Z` (digest §3). */
export function glideTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Table API calls of one instance. */
export class ServiceNowClient {
  readonly base: string;
  constructor(
    private readonly http: HttpClient,
    private readonly auth: AuthProvider,
    config: ServiceNowConfig,
  ) {
    this.base = instanceBase(config);
  }

  /** A path of this instance or a Link the instance gave, which must stay on the instance's host. */
  resolve(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl, this.base);
    if (url.origin !== this.base) throw new ProviderError(`ServiceNow gave a Link to ${url.origin}, not to the instance ${this.base}; refusing to follow it.`);
    return url;
  }

  /** Query parameters of a list read: raw values, reference links left out, no display values. */
  static params(q: TableQuery): Record<string, string> {
    const params: Record<string, string> = {
      sysparm_display_value: 'false',
      sysparm_exclude_reference_link: 'true',
      sysparm_limit: String(q.limit),
      sysparm_offset: String(q.offset ?? 0),
    };
    if (q.query) params.sysparm_query = q.query;
    if (q.fields) params.sysparm_fields = q.fields.join(',');
    return params;
  }

  async page(operation: string, table: string, q: TableQuery, signal?: AbortSignal): Promise<{ items: SnRecord[]; next: string | null; response: HttpResponse }> {
    return this.pageAt(operation, `/api/now/table/${encodeURIComponent(table)}`, ServiceNowClient.params(q), signal);
  }

  async pageAt(operation: string, pathOrUrl: string, query: Record<string, string>, signal?: AbortSignal): Promise<{ items: SnRecord[]; next: string | null; response: HttpResponse }> {
    const { body, response } = await this.http.json({ operation, url: this.resolve(pathOrUrl), query, auth: this.auth }, ListBody, signal);
    return { items: body.result, next: nextLink(response.headers.link), response };
  }

  /** Every page of a bounded listing, following the `rel="next"` Links until there is none. */
  async *list(operation: string, table: string, q: TableQuery, signal?: AbortSignal): AsyncIterable<SnRecord[]> {
    let page = await this.page(operation, table, q, signal);
    for (;;) {
      yield page.items;
      if (!page.next) return;
      page = await this.pageAt(operation, page.next, {}, signal);
    }
  }

  async all(operation: string, table: string, q: TableQuery, signal?: AbortSignal): Promise<SnRecord[]> {
    const out: SnRecord[] = [];
    for await (const items of this.list(operation, table, q, signal)) out.push(...items);
    return out;
  }

  /** The instance's clock, from the `Date` header of a one-row read (null when the header is missing or unreadable). */
  async serverNow(signal?: AbortSignal): Promise<number | null> {
    const { response } = await this.page('servicenow.clock', 'sys_user', { fields: ['sys_id'], limit: 1 }, signal);
    return dateHeaderTime(response);
  }

  /** `GET /api/now/table/{table}/{sys_id}`: one record (`result` is an object). */
  async get(operation: string, table: string, sysId: string, signal?: AbortSignal): Promise<SnRecord> {
    const { body } = await this.http.json({ operation, url: this.resolve(`/api/now/table/${encodeURIComponent(table)}/${encodeURIComponent(sysId)}`), query: { sysparm_exclude_reference_link: 'true' }, auth: this.auth }, OneBody, signal);
    return body.result;
  }

  /** `PATCH /api/now/table/{table}/{sys_id}`: 200 with the whole updated record in `result`. */
  async patch(operation: string, table: string, sysId: string, values: Record<string, string>, signal?: AbortSignal): Promise<SnRecord> {
    const response = await this.http.request({ operation, method: 'PATCH', url: this.resolve(`/api/now/table/${encodeURIComponent(table)}/${encodeURIComponent(sysId)}`), query: { sysparm_exclude_reference_link: 'true' }, json: values, auth: this.auth }, signal);
    try {
      const parsed = OneBody.safeParse(JSON.parse(response.text));
      return parsed.success ? parsed.data.result : {};
    } catch {
      return {};
    }
  }
}
