import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthError, HostNotAllowedError, NetworkError, ProviderError, RateLimitedError } from '../../core/errors.js';
import { HttpClient, parseRetryAfter } from './http-client.js';
import { RateLimitGovernor } from './rate-limit-governor.js';
import { Redactor } from './redactor.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let hits: { at: number; url: string; auth: string | undefined }[];

beforeEach(async () => {
  hits = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ at: Date.now(), url: req.url ?? '', auth: req.headers.authorization });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function client(extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  return new HttpClient({
    allowedHosts: ['loopback'],
    governor: new RateLimitGovernor({ requestsPerSecond: 1000, burst: 1000 }),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('HttpClient over real HTTP', () => {
  it('retries 5xx and returns the eventual answer', async () => {
    let n = 0;
    handler = (_req, res) => (++n < 3 ? json(res, 503, { error: 'busy' }) : json(res, 200, { ok: true }));
    const { body } = await client().json({ operation: 'test.get', url: `${baseUrl}/x` });
    expect(body).toEqual({ ok: true });
    expect(hits).toHaveLength(3);
  });

  it('waits Retry-After on 429 before the next request', async () => {
    let n = 0;
    handler = (_req, res) => (++n === 1 ? json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { ok: 1 }));
    await client().json({ operation: 'test.get', url: `${baseUrl}/x` });
    expect(hits).toHaveLength(2);
    expect((hits[1]?.at ?? 0) - (hits[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('never sends while a Retry-After set during its token refresh is running', async () => {
    handler = (req, res) => (req.url === '/throttled' ? json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { ok: 1 }));
    const governor = new RateLimitGovernor({ requestsPerSecond: 1000, burst: 1000 });
    const c = client({ governor, retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 20 } });
    // The token refresh finishes only after the other request was throttled (and a little later still).
    let refreshed = false;
    const refreshing = {
      async headers() {
        if (!refreshed) {
          while (!governor.isPaused()) await new Promise((r) => setTimeout(r, 2));
          await new Promise((r) => setTimeout(r, 30));
          refreshed = true;
        }
        return { authorization: 'Bearer fresh' };
      },
      invalidate: () => undefined,
    };
    const throttled = c.request({ operation: 'test.throttled', url: `${baseUrl}/throttled` }).catch((e: unknown) => e);
    await c.request({ operation: 'test.refreshing', url: `${baseUrl}/after-refresh`, auth: refreshing });
    expect(await throttled).toBeInstanceOf(RateLimitedError);
    const throttledAt = hits.find((h) => h.url === '/throttled')?.at ?? 0;
    const sentAt = hits.find((h) => h.url === '/after-refresh')?.at ?? 0;
    expect(throttledAt).toBeGreaterThan(0);
    expect(sentAt - throttledAt).toBeGreaterThanOrEqual(950);
  });

  it('refuses a response body over its size cap, once, naming the call, with or without Content-Length', async () => {
    handler = (req, res) => {
      if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(`{"value":"${'x'.repeat(6000)}`);
        res.end('"}');
        return;
      }
      json(res, 200, { value: 'y'.repeat(6000) });
    };
    const c = client({ maxBodyBytes: 4096 });
    for (const path of ['/declared', '/chunked']) {
      const error = await c.json({ operation: 'test.huge', url: `${baseUrl}${path}` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as Error).message).toMatch(/test\.huge .*larger than 4096 bytes/);
    }
    expect(hits).toHaveLength(2);
    expect((await client({ maxBodyBytes: 100_000 }).json<{ value: string }>({ operation: 'test.ok', url: `${baseUrl}/declared` })).body.value).toHaveLength(6000);
  });

  it('holds the body cap after decompression (a small gzip body that expands past it is refused)', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.from(JSON.stringify({ value: 'z'.repeat(200_000) })));
    expect(bomb.length).toBeLessThan(4096);
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    };
    const error = await client({ maxBodyBytes: 4096 }).json({ operation: 'test.bomb', url: `${baseUrl}/bomb` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/test\.bomb .*larger than 4096 bytes/);
    expect(hits).toHaveLength(1);
  });

  it('uses a provider throttle signal (403 AF429) and gives up with RateLimitedError after the budget', async () => {
    handler = (_req, res) => json(res, 403, { error: { code: 'AF429', message: 'Too many requests.' } });
    const c = client({
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 },
      throttleSignal: (r) => (r.status === 403 && r.text.includes('AF429') ? { retryAfterMs: null } : null),
    });
    await expect(c.request({ operation: 'm365.content', url: `${baseUrl}/x` })).rejects.toBeInstanceOf(RateLimitedError);
    expect(hits).toHaveLength(3);
  });

  it('retries a truncated body, then fails clearly if it stays malformed', async () => {
    let n = 0;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(++n === 1 ? '{"data":[{"a":' : JSON.stringify({ data: [] }));
    };
    const { body } = await client().json({ operation: 'test.page', url: `${baseUrl}/p` }, z.object({ data: z.array(z.unknown()) }));
    expect(body.data).toEqual([]);
    handler = (_req, res) => json(res, 200, { data: 'not a list' });
    await expect(client().json({ operation: 'test.page', url: `${baseUrl}/p` }, z.object({ data: z.array(z.unknown()) }))).rejects.toThrow(
      /test\.page: the provider kept returning a malformed response \(body does not have the documented shape: data:/,
    );
  });

  it('mints new credentials once on 401, then reports an AuthError', async () => {
    let tokens = 0;
    const auth = { headers: async () => ({ authorization: `Bearer token-number-${tokens}` }), invalidate: () => void tokens++ };
    handler = (req, res) => (req.headers.authorization === 'Bearer token-number-1' ? json(res, 200, { ok: 1 }) : json(res, 401, { error: 'expired' }));
    await client().request({ operation: 'test.auth', url: `${baseUrl}/a`, auth });
    expect(tokens).toBe(1);
    handler = (_req, res) => json(res, 401, { error: 'nope' });
    await expect(client().request({ operation: 'test.auth', url: `${baseUrl}/a`, auth })).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses to send credentials to a host the connector does not allow, before any request', async () => {
    handler = (_req, res) => json(res, 200, {});
    const c = client({ allowedHosts: ['*.docusign.net'] });
    await expect(c.request({ operation: 'test.guard', url: `${baseUrl}/x`, auth: { headers: async () => ({ authorization: 'Bearer abc' }), invalidate: () => {} } })).rejects.toBeInstanceOf(HostNotAllowedError);
    await expect(c.request({ operation: 'test.guard', url: 'http://evil.docusign.net.example.com/x', credentials: true })).rejects.toBeInstanceOf(HostNotAllowedError);
    expect(hits).toHaveLength(0);
  });

  it('keeps secrets and tokens out of error messages', async () => {
    handler = (_req, res, body) => json(res, 400, { error: 'invalid_grant', echo: body, token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl' });
    const c = client({ redactor: new Redactor(['super-secret-private-key-material']) });
    const error = await c.request({ operation: 'test.token', method: 'POST', url: `${baseUrl}/t`, form: { assertion: 'super-secret-private-key-material' }, credentials: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    const message = (error as Error).message;
    expect(message).toContain('invalid_grant');
    expect(message).not.toContain('super-secret-private-key-material');
    expect(message).not.toContain('eyJzdWIiOiIxMjM0NTY3ODkwIn0');
  });

  it('reports an unreachable host as a NetworkError after retries', async () => {
    await new Promise((r) => server.close(r));
    const c = client({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(c.request({ operation: 'test.down', url: `${baseUrl}/x` })).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('RateLimitGovernor', () => {
  it('spaces requests to the policy rate and shares a pause across callers', async () => {
    let now = 0;
    const waits: number[] = [];
    const governor = new RateLimitGovernor({ requestsPerSecond: 10, burst: 2 }, { now: () => now }, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    for (let i = 0; i < 5; i++) await governor.acquire();
    // 2 from the burst, then one every 100 ms.
    expect(now).toBe(300);
    governor.pauseUntil(now + 5000);
    await governor.acquire();
    expect(now).toBeGreaterThanOrEqual(5300);
    expect(waits.length).toBeGreaterThan(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(undefined, 0)).toBeNull();
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
});

describe('HttpClient: gateways and encodings', () => {
  it('caps a gateway 503 Retry-After of an hour, names the call and summarises the HTML page', async () => {
    const waits: number[] = [];
    handler = (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '3600' });
      res.end('<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>' + 'x'.repeat(500) + '</p></body></html>');
    };
    const c = client({ retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 30 }, sleep: async (ms) => void waits.push(ms) });
    const error = await c.request({ operation: 'test.users', url: `${baseUrl}/v1.0/users` }).catch((e: unknown) => e);
    expect(hits).toHaveLength(3);
    expect(waits).toEqual([30, 30]);
    expect(error).toBeInstanceOf(ProviderError);
    const message = (error as Error).message;
    expect(message).toMatch(/^test\.users \(GET .*\/v1\.0\/users\): HTTP 503: an HTML error page \("503 Service Unavailable"\)/);
    expect(message).toMatch(/gave up after 3 attempts/);
    expect(message).not.toMatch(/<html|<body|xxxx/i);
  });

  it('asks for and decodes gzip, deflate and br bodies', async () => {
    const { gzipSync, deflateSync, brotliCompressSync } = await import('node:zlib');
    const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };
    for (const [encoding, encode] of Object.entries(encoders)) {
      handler = (req, res) => {
        expect(req.headers['accept-encoding']).toMatch(new RegExp(encoding));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
        res.end(encode(Buffer.from(JSON.stringify({ value: [encoding] }))));
      };
      const { body } = await client().json({ operation: 'test.get', url: `${baseUrl}/x` });
      expect(body).toEqual({ value: [encoding] });
    }
  });
});
