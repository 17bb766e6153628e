import { z } from 'zod';
import type { AuthProvider, HttpClient, HttpResponse } from '../sdk/http-client.js';
import { apiOrigin, type BoxConfig } from './config.js';
import { dateHeaderTime } from '../sdk/date-header.js';

export type BoxObject = Record<string, unknown>;
type Query = Record<string, string | number | undefined>;

const OffsetPage = z.object({ entries: z.array(z.record(z.string(), z.unknown())), total_count: z.number().optional(), offset: z.number().optional(), limit: z.number().optional() }).passthrough();
const MarkerPage = z.object({ entries: z.array(z.record(z.string(), z.unknown())), next_marker: z.union([z.string(), z.null()]).optional() }).passthrough();
export const EventsPage = z
  .object({
    chunk_size: z.number(),
    next_stream_position: z.union([z.string(), z.number()]).transform(String),
    entries: z.array(z.unknown()),
  })
  .passthrough();
export type EventsPageBody = z.infer<typeof EventsPage>;

/**
 * `next_stream_position` as Box wrote it: the spec allows an int64, which JSON.parse would round beyond 2^53
 * (Box's positions are about 1.15e18), so the digits are taken from the response text.
 */
export function exactStreamPosition(text: string, parsed: string): string {
  const m = /"next_stream_position"\s*:\s*(\d+)\s*[,}]/.exec(text);
  return m ? (m[1] as string) : parsed;
}

/** Box's API 2.0 of one enterprise: offset and marker listings, the enterprise event stream and writes. */
export class BoxClient {
  readonly base: string;
  constructor(
    private readonly http: HttpClient,
    private readonly auth: AuthProvider,
    config: BoxConfig,
  ) {
    this.base = `${apiOrigin(config)}/2.0`;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  async get(operation: string, path: string, query: Query = {}, signal?: AbortSignal): Promise<BoxObject> {
    const { body } = await this.http.json({ operation, url: this.url(path), query, auth: this.auth }, z.record(z.string(), z.unknown()), signal);
    return body;
  }

  /**
   * Every page of a marker-paged listing (`usemarker=true`): offset paging stops at 10,000 in Box, markers
   * do not. Ends when `next_marker` is null or absent.
   */
  async *markerList(operation: string, path: string, query: Query = {}, signal?: AbortSignal): AsyncIterable<BoxObject[]> {
    let marker: string | undefined;
    for (;;) {
      const { body } = await this.http.json({ operation, url: this.url(path), query: { ...query, usemarker: 'true', ...(marker ? { marker } : {}) }, auth: this.auth }, MarkerPage, signal);
      yield body.entries;
      if (!body.next_marker) return;
      marker = body.next_marker;
    }
  }

  /** Every page of an offset-paged listing (groups, memberships): ends when offset passes `total_count`. */
  async *offsetList(operation: string, path: string, query: Query = {}, signal?: AbortSignal): AsyncIterable<BoxObject[]> {
    const limit = Number(query.limit ?? 1000);
    let offset = 0;
    for (;;) {
      const { body } = await this.http.json({ operation, url: this.url(path), query: { ...query, limit, offset }, auth: this.auth }, OffsetPage, signal);
      yield body.entries;
      offset += body.entries.length;
      if (body.entries.length === 0 || offset >= (body.total_count ?? 0)) return;
    }
  }

  async all(list: AsyncIterable<BoxObject[]>): Promise<BoxObject[]> {
    const out: BoxObject[] = [];
    for await (const page of list) out.push(...page);
    return out;
  }

  /** One page of the enterprise event stream (`stream_type=admin_logs`). */
  async events(query: Query, signal?: AbortSignal): Promise<EventsPageBody> {
    const { body, response } = await this.http.json({ operation: 'box.events.admin_logs', url: this.url('/events'), query: { stream_type: 'admin_logs', ...query }, auth: this.auth }, EventsPage, signal);
    return { ...body, next_stream_position: exactStreamPosition(response.text, body.next_stream_position) };
  }

  /** Box's clock, from the Date header of a cheap event-stream call (`stream_position=now`); null without one. */
  async serverNow(signal?: AbortSignal): Promise<number | null> {
    const { response } = await this.http.json({ operation: 'box.events.now', url: this.url('/events'), query: { stream_type: 'admin_logs', stream_position: 'now', limit: 1 }, auth: this.auth }, EventsPage, signal);
    return dateHeaderTime(response);
  }

  async send(operation: string, method: 'POST' | 'PUT' | 'DELETE', path: string, json: unknown, signal?: AbortSignal): Promise<HttpResponse> {
    return this.http.request({ operation, method, url: this.url(path), json, auth: this.auth }, signal);
  }
}
