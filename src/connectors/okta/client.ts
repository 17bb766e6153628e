import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import type { AuthProvider, HttpClient, HttpResponse } from '../sdk/http-client.js';
import { nextLink } from '../sdk/link-header.js';
import { orgBase, type OktaConfig } from './config.js';

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
  ) {
    this.base = orgBase(config);
  }

  /** A path of this org (`/api/v1/...`) or a next link Okta gave, which must stay on the org's host. */
  resolve(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl, this.base);
    if (url.origin !== this.base) throw new ProviderError(`Okta gave a next link to ${url.origin}, not to the org ${this.base}; refusing to follow it.`);
    return url;
  }

  async page(operation: string, pathOrUrl: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<{ items: OktaObject[]; next: string | null; response: HttpResponse }> {
    const { body, response } = await this.http.json({ operation, url: this.resolve(pathOrUrl), query, auth: this.auth }, ObjectArray, signal);
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

  async getObject(operation: string, path: string, signal?: AbortSignal): Promise<OktaObject> {
    const { body } = await this.http.json({ operation, url: this.resolve(path), auth: this.auth }, z.record(z.string(), z.unknown()), signal);
    return body;
  }

  /** The users holding any admin role (`/api/v1/iam/assignees/users`, Link-paged, `{value: [...]}`). */
  async adminUserIds(signal?: AbortSignal): Promise<string[]> {
    const ids: string[] = [];
    let url: string | null = '/api/v1/iam/assignees/users';
    const Shape = z.object({ value: z.array(z.object({ id: z.string() }).passthrough()) }).passthrough();
    while (url) {
      const { body, response }: { body: z.infer<typeof Shape>; response: HttpResponse } = await this.http.json({ operation: 'okta.roles.assignees', url: this.resolve(url), query: url.includes('?') ? {} : { limit: 100 }, auth: this.auth }, Shape, signal);
      ids.push(...body.value.map((v) => v.id));
      url = nextLink(response.headers.link);
    }
    return ids;
  }

  async send(operation: string, method: 'POST' | 'DELETE', path: string, query: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<HttpResponse> {
    return this.http.request({ operation, method, url: this.resolve(path), query, auth: this.auth }, signal);
  }
}
