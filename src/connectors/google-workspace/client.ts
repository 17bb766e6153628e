import { z } from 'zod';
import type { HttpClient, HttpResponse } from '../sdk/http-client.js';
import type { GoogleAuth } from './auth.js';
import type { GoogleEndpoints, GoogleWorkspaceConfig } from './config.js';

export type GoogleObject = Record<string, unknown>;

/** A Google list page: the items under `key` (absent when empty, digest §9.1) and the next page's token. */
const listPage = (key: string) =>
  z.looseObject({ nextPageToken: z.string().optional() }).transform((body) => {
    const items = (body as Record<string, unknown>)[key];
    return { items: Array.isArray(items) ? (items.filter((x) => typeof x === 'object' && x !== null) as GoogleObject[]) : [], nextPageToken: body.nextPageToken ?? null };
  });

/** Admin SDK Directory and Reports calls of one connection. */
export class GoogleClient {
  constructor(
    private readonly http: HttpClient,
    private readonly auth: GoogleAuth,
    readonly config: GoogleWorkspaceConfig,
    readonly endpoints: GoogleEndpoints,
  ) {}

  directoryUrl(path: string): string {
    return `${this.endpoints.admin}/admin/directory/v1${path}`;
  }

  reportsUrl(path: string): string {
    return `${this.endpoints.admin}/admin/reports/v1${path}`;
  }

  /** Every page of a Directory (or Policy API) list, following `nextPageToken`. */
  async *pages(operation: string, url: string, key: string, query: Record<string, string | number>, signal?: AbortSignal): AsyncIterable<GoogleObject[]> {
    let pageToken: string | null = null;
    do {
      const { body }: { body: { items: GoogleObject[]; nextPageToken: string | null } } = await this.http.json(
        { operation, url, query: { ...query, ...(pageToken ? { pageToken } : {}) }, auth: this.auth },
        listPage(key),
        signal,
      );
      yield body.items;
      pageToken = body.nextPageToken;
    } while (pageToken);
  }

  /** One page of `activities.list` for one application (newest first); the response's Date header is Google's clock. */
  async activities(
    application: string,
    query: { startTime?: string; endTime?: string; pageToken?: string; maxResults: number },
    signal?: AbortSignal,
  ): Promise<{ items: GoogleObject[]; nextPageToken: string | null; response: HttpResponse }> {
    const { body, response } = await this.http.json(
      {
        operation: `google.reports.activities.${application}`,
        url: this.reportsUrl(`/activity/users/all/applications/${encodeURIComponent(application)}`),
        query: { customerId: this.config.customerId === 'my_customer' ? undefined : this.config.customerId, ...query },
        auth: this.auth,
      },
      listPage('items'),
      signal,
    );
    return { ...body, response };
  }

  async get(operation: string, url: string, signal?: AbortSignal, accept?: readonly number[]): Promise<{ status: number; body: GoogleObject | null }> {
    const response = await this.http.request({ operation, url, auth: this.auth, ...(accept ? { accept } : {}) }, signal);
    if (response.status >= 300) return { status: response.status, body: null };
    return { status: response.status, body: JSON.parse(response.text) as GoogleObject };
  }
}

/** A client for governance actions: the same calls with the write scopes. */
export class GoogleActionClient {
  constructor(
    private readonly http: HttpClient,
    private readonly auth: GoogleAuth,
    readonly endpoints: GoogleEndpoints,
  ) {}

  private url(path: string): string {
    return `${this.endpoints.admin}/admin/directory/v1${path}`;
  }

  async getUser(userKey: string, signal?: AbortSignal): Promise<GoogleObject> {
    const response = await this.http.request({ operation: 'google.directory.users.get', url: this.url(`/users/${encodeURIComponent(userKey)}`), auth: this.auth }, signal);
    return JSON.parse(response.text) as GoogleObject;
  }

  async setSuspended(userKey: string, suspended: boolean, signal?: AbortSignal): Promise<GoogleObject> {
    const response = await this.http.request(
      { operation: 'google.directory.users.patch', method: 'PATCH', url: this.url(`/users/${encodeURIComponent(userKey)}`), json: { suspended }, auth: this.auth },
      signal,
    );
    return JSON.parse(response.text) as GoogleObject;
  }

  async signOut(userKey: string, signal?: AbortSignal): Promise<void> {
    await this.http.request({ operation: 'google.directory.users.signOut', method: 'POST', url: this.url(`/users/${encodeURIComponent(userKey)}/signOut`), auth: this.auth }, signal);
  }

  async tokens(userKey: string, signal?: AbortSignal): Promise<GoogleObject[]> {
    const response = await this.http.request({ operation: 'google.directory.tokens.list', url: this.url(`/users/${encodeURIComponent(userKey)}/tokens`), auth: this.auth }, signal);
    const items = (JSON.parse(response.text) as { items?: unknown }).items;
    return Array.isArray(items) ? (items as GoogleObject[]) : [];
  }

  async deleteToken(userKey: string, clientId: string, signal?: AbortSignal): Promise<void> {
    await this.http.request(
      { operation: 'google.directory.tokens.delete', method: 'DELETE', url: this.url(`/users/${encodeURIComponent(userKey)}/tokens/${encodeURIComponent(clientId)}`), auth: this.auth },
      signal,
    );
  }
}
