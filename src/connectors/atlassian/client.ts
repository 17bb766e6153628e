import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import type { AuthProvider, HttpClient, HttpResponse } from '../sdk/http-client.js';
import { atlassianBase, type AtlassianConfig } from './config.js';
import { dateHeaderTime } from '../sdk/date-header.js';

export type AtlassianObject = Record<string, unknown>;

/** The JSON:API-ish envelope every organisation list answers with (digest §3). */
const EnvelopeSchema = z.looseObject({
  data: z.array(z.record(z.string(), z.unknown())).default([]),
  links: z.looseObject({ next: z.string().nullish() }).nullish(),
  meta: z.looseObject({ next: z.string().nullish() }).nullish(),
});

export interface Page {
  items: AtlassianObject[];
  /** The next page as Atlassian gave it: a full URL (`/users`, events) or a bare cursor (searches); null at the end. */
  next: string | null;
  /** `meta.next` of the events endpoints: the position after this page, sent even on the last page. */
  metaNext: string | null;
  response: HttpResponse;
}

/** The cursor inside a `links.next`, whichever form it takes (digest §3: URL on some endpoints, bare cursor on others). */
export function cursorOf(next: string): string | null {
  if (!/^https?:/i.test(next)) return next;
  try {
    return new URL(next).searchParams.get('cursor');
  } catch {
    return null;
  }
}

/** The organisation admin APIs of one org, behind one API key. */
export class AtlassianClient {
  readonly base: string;
  readonly org: string;
  constructor(
    private readonly http: HttpClient,
    private readonly auth: AuthProvider,
    readonly config: AtlassianConfig,
  ) {
    this.base = atlassianBase(config);
    this.org = `/admin/v1/orgs/${encodeURIComponent(config.orgId)}`;
  }

  /** A path of the API, or a next link Atlassian gave, which must stay on the API's host. */
  resolve(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl, this.base);
    if (url.origin !== new URL(this.base).origin) throw new ProviderError(`Atlassian gave a next link to ${url.origin}, not to ${this.base}; refusing to follow it.`);
    return url;
  }

  private page(body: z.infer<typeof EnvelopeSchema>, response: HttpResponse): Page {
    return { items: body.data, next: body.links?.next ?? null, metaNext: body.meta?.next ?? null, response };
  }

  async get(operation: string, pathOrUrl: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<Page> {
    const { body, response } = await this.http.json({ operation, url: this.resolve(pathOrUrl), query, auth: this.auth }, EnvelopeSchema, signal);
    return this.page(body, response);
  }

  async post(operation: string, path: string, json: unknown, signal?: AbortSignal): Promise<Page> {
    const { body, response } = await this.http.json({ operation, method: 'POST', url: this.resolve(path), json, auth: this.auth }, EnvelopeSchema, signal);
    return this.page(body, response);
  }

  /** Every page of a GET list: a URL `next` is fetched as given, a bare one is sent as `cursor`. */
  async *list(operation: string, path: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): AsyncIterable<AtlassianObject[]> {
    let page = await this.get(operation, path, query, signal);
    for (;;) {
      if (page.items.length) yield page.items;
      if (!page.next) return;
      page = /^https?:/i.test(page.next) ? await this.get(operation, page.next, {}, signal) : await this.get(operation, path, { ...query, cursor: page.next }, signal);
    }
  }

  /** Every page of a v2 search (POST; with `cursor` in the body every other filter is ignored). */
  async *search(operation: string, path: string, body: Record<string, unknown>, signal?: AbortSignal): AsyncIterable<AtlassianObject[]> {
    let page = await this.post(operation, path, body, signal);
    for (;;) {
      if (page.items.length) yield page.items;
      const cursor = page.next ? cursorOf(page.next) : null;
      if (!cursor) return;
      page = await this.post(operation, path, { cursor, limit: body.limit }, signal);
    }
  }

  /** `/admin/v2/orgs/{orgId}/directories/{directoryId}` */
  get directory(): string {
    return `/admin/v2/orgs/${encodeURIComponent(this.config.orgId)}/directories/${encodeURIComponent(this.config.directoryId)}`;
  }

  /** The organisation (`GET /admin/v1/orgs/{orgId}`): its name, and Atlassian's clock from the Date header. */
  async orgInfo(signal?: AbortSignal): Promise<{ name: string | null; serverTime: number | null }> {
    const Shape = z.looseObject({ data: z.looseObject({ attributes: z.looseObject({ name: z.string().nullish() }).nullish() }) });
    const { body, response } = await this.http.json({ operation: 'atlassian.org.get', url: this.resolve(this.org), auth: this.auth }, Shape, signal);
    return { name: body.data.attributes?.name ?? null, serverTime: dateHeaderTime(response) };
  }

  /** A POST or DELETE whose answer is only its status (suspend, restore, revoke). */
  async send(operation: string, method: 'POST' | 'DELETE', path: string, json?: unknown, signal?: AbortSignal): Promise<HttpResponse> {
    return this.http.request({ operation, method, url: this.resolve(path), ...(json === undefined ? {} : { json }), auth: this.auth }, signal);
  }
}
