import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { brotliDecompressSync, createBrotliDecompress, createGunzip, createInflate, gunzipSync, inflateSync } from 'node:zlib';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  AuthError,
  NetworkError,
  ParapetError,
  ProviderError,
  RateLimitedError,
  errorMessage,
} from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { assertHostAllowed } from './host-guard.js';
import { sleep as defaultSleep, type BudgetSnapshot, type RateLimitGovernor, type Sleep } from './rate-limit-governor.js';
import { Redactor } from './redactor.js';

/** undici, loaded by the first client made (commands that make none, such as `parapet --help`, never load it). */
let undici: typeof Undici | undefined;
const loadUndici = (): typeof Undici => (undici ??= createRequire(import.meta.url)('undici') as typeof Undici);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Supplies credentials for a request and is told when they were refused (401), so it can mint new ones. */
export interface AuthProvider {
  headers(): Promise<Record<string, string>>;
  invalidate(): void;
  /**
   * Hosts this credential's audience covers (host-guard patterns). The client attaches it only to a host
   * both the connector and this list allow: a production token never reaches a demo host, a Graph token
   * never reaches the Management API.
   */
  readonly hosts?: readonly string[];
}

export interface HttpRequest {
  /** Names the call in errors and logs, e.g. `docusign.monitor.stream`. */
  operation: string;
  method?: HttpMethod;
  url: string | URL;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Attach credentials from this provider; the host guard applies. */
  auth?: AuthProvider;
  /** The body itself carries credentials (a token request); the host guard applies. */
  credentials?: boolean;
  /** Statuses that are answers, not errors (e.g. 404 on a lookup). @default 2xx only */
  accept?: readonly number[];
  /**
   * A 2xx body is not read into memory: the response's `body` streams it (decoded) for the caller to
   * consume, and `text` is empty. Error answers are read and mapped as usual. @default false
   */
  stream?: boolean;
  /**
   * A POST that only reads (RPC-style APIs such as Dropbox's): a dry run sends it like a GET. @default
   * false: every method but GET changes something
   */
  readOnly?: boolean;
}

export interface HttpResponse {
  status: number;
  url: string;
  headers: Record<string, string>;
  text: string;
  /** With `stream`: the 2xx body, decoded, chunk by chunk (read it once, to the end or until you stop). */
  body?: AsyncIterable<Buffer>;
}

/** A provider-specific throttle signal (M365 `403 AF429`, DocuSign `X-RateLimit-Reset`). */
export type ThrottleSignal = (response: HttpResponse) => { retryAfterMs: number | null } | null;

/** Maps a provider's error response to the right error kind with a plain-words message. */
export type ErrorMapper = (response: HttpResponse, operation: string) => ParapetError | undefined;

/** Reads the provider's budget headers into the governor's snapshot. */
export type BudgetReader = (response: HttpResponse) => Partial<Omit<BudgetSnapshot, 'pausedUntil'>> | null;

export interface RetryPolicy {
  /** Attempts per request, the first included. @default 5 */
  maxAttempts: number;
  /** Base of the exponential backoff (full jitter). @default 250 */
  baseDelayMs: number;
  /** Cap of one backoff. @default 20000 */
  maxDelayMs: number;
  /** A Retry-After longer than this fails the request instead of waiting. @default 120000 */
  maxRetryAfterMs: number;
}

/** The provider-specific parts of the client: how it signals throttling, words errors and reports budget. */
export interface HttpPolicy {
  throttleSignal?: ThrottleSignal;
  /** Explains a throttle in the provider's terms (whose budget, until when), appended to the error. */
  describeThrottle?: (response: HttpResponse) => string | null;
  mapError?: ErrorMapper;
  readBudget?: BudgetReader;
  retry?: Partial<RetryPolicy>;
}

export interface HttpClientOptions {
  /** Hosts credentials may be sent to (see host-guard). */
  allowedHosts: readonly string[];
  governor: RateLimitGovernor;
  redactor?: Redactor;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** Headers + body timeout per attempt. @default 30000 */
  timeoutMs?: number;
  /** A response body larger than this fails the request instead of being read into memory. @default 64 MiB */
  maxBodyBytes?: number;
  throttleSignal?: ThrottleSignal;
  describeThrottle?: (response: HttpResponse) => string | null;
  mapError?: ErrorMapper;
  readBudget?: BudgetReader;
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
  dispatcher?: Dispatcher;
  userAgent?: string;
  /**
   * Dry run: every request that would change something (any method but GET, token requests excepted) is
   * handed to this recorder instead of being sent, and answered with an empty JSON object. Reads still go
   * out, so the plan names the real ids. @default none: requests are sent
   */
  dryRun?: (call: PlannedCall) => void;
}

/** A change a dry run would have sent. */
export interface PlannedCall {
  operation: string;
  method: HttpMethod;
  /** Redacted URL, query included. */
  url: string;
  body: unknown;
}

const DRY_RUN_HEADER = 'x-parapet-dry-run';

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 20_000, maxRetryAfterMs: 120_000 };

/** Parses `Retry-After`: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

class RetryableBodyError extends Error {}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** A body over `maxBodyBytes`: not retried, the same answer would come again. */
class BodyTooLargeError extends ProviderError {}

/**
 * The one outbound HTTP client. Every connector request goes through it, so timeouts, retries with full
 * jitter, Retry-After, the per-instance rate-limit governor, the host guard and secret redaction apply
 * everywhere the same way.
 */
export class HttpClient {
  readonly redactor: Redactor;
  readonly governor: RateLimitGovernor;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private requestCount = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.redactor = options.redactor ?? new Redactor();
    this.governor = options.governor;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.dispatcher =
      options.dispatcher ?? new (loadUndici().Agent)({ connect: { timeout: this.timeoutMs }, keepAliveTimeout: 10_000 });
  }

  /** Requests sent so far, retries included (benchmarks divide this by the minimum possible). */
  get requestsSent(): number {
    return this.requestCount;
  }

  /** Requests sent again after throttling, a 5xx, a network error or a malformed body (the sync reports them per stream). */
  get requestsRetried(): number {
    return this.retryCount;
  }

  private retryCount = 0;

  async request(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const url = buildUrl(req.url, req.query);
    const method = req.method ?? 'GET';
    const what = `${req.operation} (${method} ${this.redact(url.origin + url.pathname)})`;
    if (req.auth || req.credentials) assertHostAllowed(url, this.options.allowedHosts, req.operation);
    if (req.auth?.hosts) assertHostAllowed(url, req.auth.hosts, req.operation, "the hosts this token's audience covers");
    if (this.options.dryRun && method !== 'GET' && !req.credentials && !req.readOnly) {
      this.options.dryRun({ operation: req.operation, method, url: this.redact(url.toString()), body: req.json ?? (req.form ? Object.keys(req.form) : null) });
      return { status: 200, url: url.toString(), headers: { [DRY_RUN_HEADER]: '1', 'content-type': 'application/json' }, text: '{}' };
    }

    let reauthorised = false;
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': this.options.userAgent ?? 'parapet',
        ...req.headers,
      };
      // Another request may be throttled while this one awaits a token refresh: after every await, look at
      // the governor again and wait out a pause set meanwhile before sending.
      do {
        await this.governor.acquire(signal);
        if (req.auth) {
          const authHeaders = await req.auth.headers();
          for (const value of Object.values(authHeaders)) this.redactor.add(value.replace(/^Bearer\s+/i, ''));
          Object.assign(headers, authHeaders);
        }
      } while (this.governor.isPaused());
      let body: string | undefined;
      if (req.json !== undefined) {
        body = JSON.stringify(req.json);
        headers['content-type'] = 'application/json';
      } else if (req.form) {
        body = new URLSearchParams(req.form).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }

      let response: HttpResponse;
      try {
        this.countRequest(attempt > 1);
        response = await this.send(url, method, headers, body, signal, what, req.stream === true);
      } catch (error) {
        if (signal?.aborted || error instanceof BodyTooLargeError) throw error;
        lastError = error;
        this.options.logger?.warn({ operation: req.operation, attempt, err: this.redact(errorMessage(error)) }, 'network error, retrying');
        if (attempt < this.retry.maxAttempts) await this.sleep(this.backoff(attempt), signal);
        continue;
      }

      const budget = this.options.readBudget?.(response);
      if (budget) this.governor.observeBudget(budget);

      const throttle = this.options.throttleSignal?.(response) ??
        (response.status === 429 ? { retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.clock.now()) } : null);
      if (throttle) {
        const wait = throttle.retryAfterMs ?? this.backoff(attempt);
        const explained = this.options.describeThrottle?.(response);
        lastError = new RateLimitedError(
          `${what}: the provider is throttling this connection (HTTP ${response.status}); waited ${attempt} time(s). It will resume on the next sync.${explained ? ` ${explained}` : ''}`,
          { status: response.status, retryAfterMs: wait },
        );
        if (wait > this.retry.maxRetryAfterMs) throw lastError;
        this.governor.pauseUntil(this.clock.now() + wait);
        this.options.logger?.info({ operation: req.operation, attempt, waitMs: wait }, 'throttled by provider, waiting');
        continue;
      }

      if (response.status === 401 && req.auth && !reauthorised) {
        // Tokens can expire mid-stream: mint a new one once before calling it an auth failure.
        reauthorised = true;
        req.auth.invalidate();
        attempt--;
        continue;
      }

      if (response.status >= 500) {
        // Gateways answer 503/504 with Retry-After values of an hour: every wait is capped, not only 429's.
        const retryAfter = parseRetryAfter(response.headers['retry-after'], this.clock.now());
        lastError = this.toError(response, req.operation, what);
        if (attempt < this.retry.maxAttempts) await this.sleep(Math.min(retryAfter ?? this.backoff(attempt), this.retry.maxDelayMs), signal);
        continue;
      }

      const accepted = req.accept?.includes(response.status) ?? false;
      if (!accepted && (response.status < 200 || response.status >= 300)) throw this.toError(response, req.operation, what);
      return response;
    }
    if (lastError instanceof ParapetError) {
      if (lastError instanceof ProviderError && (lastError.status ?? 0) >= 500) lastError.message += ` (gave up after ${this.retry.maxAttempts} attempts; the next sync resumes from the last checkpoint)`;
      throw lastError;
    }
    throw new NetworkError(
      `${what}: no answer after ${this.retry.maxAttempts} attempts (${this.redact(errorMessage(lastError))}). Check that the host is reachable from this machine.`,
      { cause: lastError },
    );
  }

  /**
   * Sends the request and parses its JSON body, validating it against `schema` when given. A body that is
   * not valid JSON, or not the documented shape, is retried like a 5xx (providers do send truncated
   * pages) and then fails with a message that names the call; nothing half-read is returned.
   */
  async json<T = unknown>(req: HttpRequest, schema?: z.ZodType<T>, signal?: AbortSignal): Promise<{ body: T; response: HttpResponse }> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      if (attempt > 1) this.countRetry();
      const response = await this.request(req, signal);
      // A dry run's stand-in answer has no shape to validate: the caller sees an empty object.
      if (response.headers[DRY_RUN_HEADER]) return { body: {} as T, response };
      try {
        return { body: parseBody(response, schema), response };
      } catch (error) {
        if (!(error instanceof RetryableBodyError)) throw error;
        lastError = error;
        this.options.logger?.warn({ operation: req.operation, attempt, reason: error.message }, 'malformed response, retrying');
        if (attempt < this.retry.maxAttempts) await this.sleep(this.backoff(attempt), signal);
      }
    }
    throw new ProviderError(
      `${req.operation}: the provider kept returning a malformed response (${errorMessage(lastError)}). Nothing from it was stored; the next sync resumes from the last checkpoint.`,
      { cause: lastError },
    );
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /**
   * A client with a provider's policy (throttle signal, error wording, budget headers) that shares this
   * one's governor, redactor and connection pool — so the instance's rate limit still holds across both.
   */
  withPolicy(policy: HttpPolicy): HttpClient {
    const derived = new HttpClient({
      ...this.options,
      ...policy,
      retry: { ...this.options.retry, ...policy.retry },
      redactor: this.redactor,
      governor: this.governor,
      dispatcher: this.dispatcher,
    });
    derived.parent = this;
    return derived;
  }

  private parent: HttpClient | null = null;

  private countRequest(retry: boolean): void {
    this.requestCount++;
    if (retry) this.retryCount++;
    this.parent?.countRequest(retry);
  }

  private countRetry(): void {
    this.retryCount++;
    this.parent?.countRetry();
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  private async send(
    url: URL,
    method: HttpMethod,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
    what: string,
    stream = false,
  ): Promise<HttpResponse> {
    const res = await loadUndici().request(url, {
      method,
      headers: { 'accept-encoding': 'gzip, deflate, br', ...headers },
      body: body ?? null,
      dispatcher: this.dispatcher,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      signal: signal ?? null,
    });
    const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const tooLarge = () => {
      // Destroying an unread undici body emits an abort error: it is expected, not an uncaught exception.
      res.body.on('error', () => undefined);
      res.body.destroy();
      return new BodyTooLargeError(
        `${what}: the response is larger than ${limit} bytes (HTTP ${res.statusCode}); Parapet does not read it. Nothing from it was stored; if the provider's pages are this large, ask for smaller pages.`,
        { status: res.statusCode },
      );
    };
    if (stream && res.statusCode >= 200 && res.statusCode < 300) return { status: res.statusCode, url: url.toString(), headers: flatHeaders(res.headers), text: '', body: decodeStream(res.body, res.headers['content-encoding']) };
    if (Number(res.headers['content-length'] ?? 0) > limit) throw tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: res.statusCode, url: url.toString(), headers: flat, text: decodeBody(bytes, flat['content-encoding'], limit, tooLarge) };
  }

  private toError(original: HttpResponse, operation: string, what: string): ParapetError {
    // A gateway's HTML error page says nothing an admin can use: name it instead of quoting its markup.
    const response = isHtml(original) ? { ...original, text: htmlSummary(original) } : original;
    const mapped = this.options.mapError?.(response, operation);
    if (mapped) {
      mapped.message = this.redact(mapped.message);
      return mapped;
    }
    const excerpt = this.redact(response.text.slice(0, 300));
    const opts = { status: response.status, retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.clock.now()) };
    if (response.status === 401 || response.status === 403) {
      return new AuthError(`${what}: access refused (HTTP ${response.status}): ${excerpt}. Check the connector's credentials and permissions.`, opts);
    }
    return new ProviderError(`${what}: HTTP ${response.status}: ${excerpt}`, opts);
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** A streamed body with its Content-Encoding undone chunk by chunk. */
function decodeStream(body: Readable, encoding: string | string[] | undefined): AsyncIterable<Buffer> {
  const codings = String(encoding ?? '').toLowerCase().split(',').map((c) => c.trim()).filter((c) => c && c !== 'identity');
  let out: Readable = body;
  for (const coding of codings.reverse()) {
    const decoder = coding === 'gzip' || coding === 'x-gzip' ? createGunzip() : coding === 'deflate' ? createInflate() : coding === 'br' ? createBrotliDecompress() : null;
    if (!decoder) continue;
    const source = out;
    source.on('error', (error) => decoder.destroy(error));
    out = source.pipe(decoder);
  }
  // A reader that stops early (it has what it needs) destroys the body: the abort that follows is not an error.
  body.on('error', () => undefined);
  return out as AsyncIterable<Buffer>;
}

/** Undoes the response's Content-Encoding (the client asks for gzip, deflate and br). */
function decodeBody(bytes: Buffer, encoding: string | undefined, limit: number, tooLarge: () => Error): string {
  const codings = (encoding ?? '').toLowerCase().split(',').map((c) => c.trim()).filter((c) => c && c !== 'identity');
  let body = bytes;
  try {
    for (const coding of codings.reverse()) {
      // The cap holds after decompression too: a small gzip body can expand to gigabytes.
      if (coding === 'gzip' || coding === 'x-gzip') body = gunzipSync(body, { maxOutputLength: limit });
      else if (coding === 'deflate') body = inflateSync(body, { maxOutputLength: limit });
      else if (coding === 'br') body = brotliDecompressSync(body, { maxOutputLength: limit });
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new ProviderError(`the response body is ${encoding ?? ''}-encoded but could not be decoded (${errorMessage(error)})`, { cause: error });
  }
  return body.toString('utf8');
}

function isHtml(response: HttpResponse): boolean {
  return /text\/html/i.test(response.headers['content-type'] ?? '') || /^\s*<(!doctype|html)/i.test(response.text);
}

function htmlSummary(response: HttpResponse): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(response.text)?.[1]?.trim();
  return `an HTML error page${title ? ` ("${title.slice(0, 120)}")` : ''} instead of an API answer (a gateway or proxy in front of the service)`;
}

function buildUrl(base: string | URL, query: HttpRequest['query']): URL {
  const url = new URL(base.toString());
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url;
}

function parseBody<T>(response: HttpResponse, schema: z.ZodType<T> | undefined): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch (error) {
    throw new RetryableBodyError(`body is not valid JSON (${response.text.length} bytes): ${errorMessage(error)}`);
  }
  if (!schema) return parsed as T;
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RetryableBodyError(`body does not have the documented shape: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown'}`);
  }
  return result.data;
}
