import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import type { AuthProvider, HttpClient, HttpResponse } from '../sdk/http-client.js';
import { nextLink } from '../sdk/link-header.js';
import { orgBase, type OktaConfig } from './config.js';
import { OktaPacer } from './pacing.js';
import { dateHeaderTime } from '../sdk/date-header.js';

export type OktaObject = Record<string, unknown>;
const ObjectArray = z.array(z.record(z.string(), z.unknown()));

export { nextLink };

/** Management API calls of one org, every list followed through its Link headers. */
export class OktaClient {
  readonly base: string;
  constructor(
    private readonly http: HttpClient,
    private readonly auth: AuthProvider,
    config: OktaConfig,
    /** Holds each call until its bucket has room, as Okta's last answer for that bucket reported it. */
    private readonly pacer: OktaPacer = new OktaPacer({ now: () => Date.now() }),
  ) {
    this.base = orgBase(config);
  }

  /** Every call goes through here: paced by its bucket, and the bucket's headers read from the answer. */
  private async paced<T extends { response: HttpResponse }>(url: URL, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
    await this.pacer.before(url, signal);
    const result = await call();
    this.pacer.after(url, result.response);
    return result;
  }

  /** A path of this org (`/api/v1/...`) or a next link Okta gave, which must stay on the org's host. */
  resolve(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl, this.base);
    if (url.origin !== this.base) throw new ProviderError(`Okta gave a next link to ${url.origin}, not to the org ${this.base}; refusing to follow it.`);
    return url;
  }

  async page(operation: string, pathOrUrl: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<{ items: OktaObject[]; next: string | null; response: HttpResponse }> {
    const url = this.resolve(pathOrUrl);
    const { body, response } = await this.paced(url, signal, () => this.http.json({ operation, url, query, auth: this.auth }, ObjectArray, signal));
    return { items: body, next: nextLink(response.headers.link), response };
  }

  /** Every page of a bounded listing: ends when Okta sends no `next` link. */
  async *list(operation: string, path: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): AsyncIterable<OktaObject[]> {
    let page = await this.page(operation, path, query, signal);
    for (;;) {
      yield page.items;
      if (!page.next) return;
      page = await this.page(operation, page.next, {}, signal);
    }
  }

  async all(operation: string, path: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<OktaObject[]> {
    const out: OktaObject[] = [];
    for await (const items of this.list(operation, path, query, signal)) out.push(...items);
    return out;
  }

  /** Okta's clock, from the Date header of a one-event System Log read (null when the header is missing or unreadable). */
  async serverNow(signal?: AbortSignal): Promise<number | null> {
    const { response } = await this.page('okta.clock', '/api/v1/logs', { limit: 1 }, signal);
    return dateHeaderTime(response);
  }

  async getObject(operation: string, path: string, signal?: AbortSignal): Promise<OktaObject> {
    const url = this.resolve(path);
    const { body } = await this.paced(url, signal, () => this.http.json({ operation, url, auth: this.auth }, z.record(z.string(), z.unknown()), signal));
    return body;
  }

  /** The users holding any admin role (`/api/v1/iam/assignees/users`, Link-paged, `{value: [...]}`). */
  async adminUserIds(signal?: AbortSignal): Promise<string[]> {
    const ids: string[] = [];
    let url: string | null = '/api/v1/iam/assignees/users';
    const Shape = z.object({ value: z.array(z.object({ id: z.string() }).passthrough()) }).passthrough();
    while (url) {
      const target = this.resolve(url);
      const query = url.includes('?') ? {} : { limit: 100 };
      const { body, response }: { body: z.infer<typeof Shape>; response: HttpResponse } = await this.paced(target, signal, () => this.http.json({ operation: 'okta.roles.assignees', url: target, query, auth: this.auth }, Shape, signal));
      ids.push(...body.value.map((v) => v.id));
      url = nextLink(response.headers.link);
    }
    return ids;
  }

  async send(operation: string, method: 'POST' | 'DELETE', path: string, query: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<HttpResponse> {
    const url = this.resolve(path);
    const { response } = await this.paced(url, signal, async () => ({ response: await this.http.request({ operation, method, url, query, auth: this.auth }, signal) }));
    return response;
  }
}
