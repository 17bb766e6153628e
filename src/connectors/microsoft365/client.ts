import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { ProviderError } from '../../core/errors.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../sdk/http-client.js';
import { RateLimitGovernor } from '../sdk/rate-limit-governor.js';
import type { M365Resource, M365TokenProvider } from './auth.js';
import { publisherIdentifier, type M365ContentType, type M365Endpoints, type Microsoft365Config } from './config.js';
import { M365_ERROR_CODES, mapM365Error } from './http-policy.js';
import { dateHeaderTime } from '../sdk/date-header.js';

const GraphPageSchema = z.object({
  value: z.array(z.record(z.string(), z.unknown())),
  '@odata.nextLink': z.string().optional(),
});

const ContentEntrySchema = z.object({
  contentType: z.string(),
  contentId: z.string(),
  contentUri: z.string(),
  contentCreated: z.string(),
  contentExpiration: z.string().optional(),
});
export type ContentEntry = z.infer<typeof ContentEntrySchema>;

const SubscriptionSchema = z.object({
  contentType: z.string(),
  status: z.string().optional(),
  webhook: z.unknown().optional(),
});
export type SubscriptionInfo = z.infer<typeof SubscriptionSchema>;

export type GraphObject = Record<string, unknown>;

/** Empty Graph pages in a row, each with a next link, before a read is called a loop. */
export const MAX_EMPTY_PAGES_IN_A_ROW = 50;

/** `YYYY-MM-DDTHH:MM:SS` in UTC: the listing's time format (digest §2.3). */
export function contentTimeParam(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Typed calls to Microsoft Graph and the Office 365 Management Activity API. */
export class M365Client {
  /**
   * Graph's reports service allows 5 requests per 10 s per app and tenant (digest §3.1). Paced a tenth
   * under that, with a burst of 4, not 5: the pacing counts from when a request may go, Microsoft from
   * when it arrives, and a request held up on the way (the first one waits for a token) would otherwise let
   * the next ones arrive too close together. A 429 holds back every request of the instance for its
   * Retry-After, the Management API's included.
   */
  private readonly reports: RateLimitGovernor;
  readonly publisherId: string;

  constructor(
    readonly http: HttpClient,
    readonly config: Microsoft365Config,
    readonly endpoints: M365Endpoints,
    readonly tokens: M365TokenProvider,
    clock: Clock,
    readonly logger: Logger | null = null,
  ) {
    this.reports = new RateLimitGovernor({ requestsPerSecond: 0.45, burst: 4 }, clock);
    this.publisherId = publisherIdentifier(config);
  }

  /**
   * Gets the API's token before the request queues for the rate-limit governor: fetched after it, a new
   * token would delay the send, and a throttle another request reported meanwhile would not hold it back.
   */
  private async tokenReady(resource: M365Resource): Promise<void> {
    await this.tokens.token(resource);
  }

  graphUrl(path: string, version: 'v1.0' | 'beta' = 'v1.0'): string {
    return `${this.endpoints.graph}/${version}${path.startsWith('/') ? path : `/${path}`}`;
  }

  private graphRequest(operation: string, url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
    return { operation, url, auth: this.tokens.auth('graph'), ...extra };
  }

  /** One Graph object. */
  async graphGet(operation: string, path: string, query?: HttpRequest['query'], signal?: AbortSignal): Promise<GraphObject> {
    const { body } = await this.http.json(this.graphRequest(operation, this.graphUrl(path), query ? { query } : {}), z.record(z.string(), z.unknown()), signal);
    return body;
  }

  /**
   * A Graph collection, page by page, following `@odata.nextLink` verbatim until it is absent.
   * `reports` paces calls to the audit-log APIs below their 5-per-10-s limit.
   */
  async *graphPages(operation: string, url: string, query: HttpRequest['query'], options: { reports?: boolean; signal?: AbortSignal | undefined } = {}): AsyncIterable<GraphObject[]> {
    let next: string | undefined = url;
    let first = true;
    let emptyInARow = 0;
    while (next) {
      // Graph serves short and empty pages that still link a next one; a run of empty ones without end is a fault, not data.
      if (emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
        throw new ProviderError(`${operation}: Microsoft Graph sent ${emptyInARow} empty pages in a row, each linking another; stopped reading so the sync cannot loop forever. Nothing from this read was lost; the next sync reads it again.`);
      }
      if (options.reports) await this.reports.acquire(options.signal);
      await this.tokenReady('graph');
      const request = this.graphRequest(operation, next, first && query ? { query } : {});
      const { body } = await this.http.json(request, GraphPageSchema, options.signal);
      first = false;
      emptyInARow = body.value.length === 0 ? emptyInARow + 1 : 0;
      yield body.value;
      next = body['@odata.nextLink'];
    }
  }

  async graphPatch(operation: string, path: string, json: unknown, signal?: AbortSignal): Promise<void> {
    await this.http.request(this.graphRequest(operation, this.graphUrl(path), { method: 'PATCH', json }), signal);
  }

  async graphPost(operation: string, path: string, signal?: AbortSignal): Promise<GraphObject> {
    const { body } = await this.http.json(this.graphRequest(operation, this.graphUrl(path), { method: 'POST' }), z.record(z.string(), z.unknown()), signal);
    return body;
  }

  /** DELETE; resolves `false` when the object was already gone (404), so revocations are idempotent. */
  async graphDelete(operation: string, path: string, signal?: AbortSignal): Promise<boolean> {
    const response = await this.http.request(this.graphRequest(operation, this.graphUrl(path), { method: 'DELETE', accept: [404] }), signal);
    return response.status !== 404;
  }

  private manageUrl(path: string): string {
    return `${this.endpoints.manage}/api/v1.0/${this.config.tenantId}/activity/feed/${path}`;
  }

  private manageRequest(operation: string, url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
    // PublisherIdentifier on every call, blob GETs and NextPageUri included: else the shared throttling pool.
    const withPublisher = new URL(url);
    if (![...withPublisher.searchParams.keys()].some((k) => k.toLowerCase() === 'publisheridentifier')) withPublisher.searchParams.set('PublisherIdentifier', this.publisherId);
    return { operation, url: withPublisher.toString(), auth: this.tokens.auth('manage'), ...extra };
  }

  /** The subscriptions, and Microsoft's clock at the time of the answer (its `Date` header), if it sent one. */
  async listSubscriptions(signal?: AbortSignal): Promise<{ subscriptions: SubscriptionInfo[]; serverTime: number | null }> {
    const { body, response } = await this.http.json(this.manageRequest('microsoft365.manage.subscriptions', this.manageUrl('subscriptions/list')), z.array(SubscriptionSchema), signal);
    return { subscriptions: body, serverTime: dateHeaderTime(response) };
  }

  /** Starts a subscription; `already-enabled` for AF20024 (Microsoft's answer to a redundant start). */
  async startSubscription(contentType: M365ContentType, signal?: AbortSignal): Promise<'started' | 'already-enabled'> {
    const url = new URL(this.manageUrl('subscriptions/start'));
    url.searchParams.set('contentType', contentType);
    const response = await this.http.request(this.manageRequest('microsoft365.manage.start-subscription', url.toString(), { method: 'POST', accept: [400] }), signal);
    if (response.status === 200) return 'started';
    if (response.text.includes('AF20024')) return 'already-enabled';
    const error = mapM365Error(response, `microsoft365.manage.start-subscription (${contentType})`);
    if (error) {
      error.message = this.http.redact(error.message);
      throw error;
    }
    throw new ProviderError(`Starting the ${contentType} subscription failed: ${this.http.redact(response.text.slice(0, 400))}`, { status: 400 });
  }

  /** The listing for one window, page by page, following `NextPageUri` (matched case-insensitively). */
  async *listContent(contentType: M365ContentType, start: number, end: number, signal?: AbortSignal): AsyncIterable<ContentEntry[]> {
    const url = new URL(this.manageUrl('subscriptions/content'));
    url.searchParams.set('contentType', contentType);
    url.searchParams.set('startTime', contentTimeParam(start));
    url.searchParams.set('endTime', contentTimeParam(end));
    let next: string | undefined = url.toString();
    while (next) {
      await this.tokenReady('manage');
      const result: { body: ContentEntry[]; response: HttpResponse } = await this.http.json(this.manageRequest('microsoft365.manage.list-content', next), z.array(ContentEntrySchema), signal);
      const { body, response } = result;
      yield body;
      // The reference calls it NextPageUri; the troubleshooting page NextPageUrl. Headers arrive lower-cased.
      next = response.headers.nextpageuri ?? response.headers.nextpageurl ?? undefined;
      if (next === '') next = undefined;
    }
  }

  /** One content blob: a JSON array of audit records. */
  async fetchBlob(contentUri: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    await this.tokenReady('manage');
    const { body } = await this.http.json(this.manageRequest('microsoft365.manage.get-blob', contentUri), z.array(z.record(z.string(), z.unknown())), signal);
    return body;
  }
}

/** Whether an error is the Management API saying there is no subscription for a content type. */
export function isNoSubscription(error: unknown): boolean {
  return error instanceof ProviderError && error.providerCode === M365_ERROR_CODES.noSubscription;
}
