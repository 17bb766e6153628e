import { createPrivateKey, sign } from 'node:crypto';
import type { RunningDocusignSimulator } from './index.js';

/** Helpers for tests that talk to the simulator over HTTP directly (no connector code involved). */

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Signs arbitrary JWT claims with RS256, so tests can craft good and bad assertions. */
export function signAssertion(claims: Record<string, unknown>, privateKeyPem: string, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signed = `${enc(header)}.${enc(claims)}`;
  return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), createPrivateKey(privateKeyPem)).toString('base64url')}`;
}

/** The claims the demo integration would send, overridable one by one. */
export function demoClaims(sim: RunningDocusignSimulator, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return {
    iss: sim.config.integrationKey,
    sub: sim.config.userId,
    aud: new URL(sim.config.simulatorUrl ?? '').host,
    iat,
    exp: iat + 3600,
    scope: 'signature impersonation organization_read user_read user_write account_read',
    ...overrides,
  };
}

export async function requestToken(sim: RunningDocusignSimulator, assertion: string, grantType = JWT_BEARER): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.config.simulatorUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: grantType, assertion }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function mintToken(sim: RunningDocusignSimulator, overrides: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await requestToken(sim, signAssertion(demoClaims(sim, overrides), sim.keys.privateKey));
  if (status !== 200) throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body.access_token as string;
}

export interface SimResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** A request to the simulator, parsed as JSON when it is JSON. */
export async function call<T = Record<string, unknown>>(
  sim: RunningDocusignSimulator,
  path: string,
  options: { token?: string; method?: string; json?: unknown } = {},
): Promise<SimResponse<T>> {
  const url = path.startsWith('http') ? path : `${sim.config.simulatorUrl}${path}`;
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: options.method ?? 'GET', headers, ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, text, body: body as T };
}

export interface StreamBody {
  endCursor: string;
  data: Record<string, unknown>[];
}

/** Reads the v2.0 stream from `cursor` (null = default window) until caught up. */
export async function drainStream(sim: RunningDocusignSimulator, token: string, cursor: string | null, limit = 2000): Promise<{ records: Record<string, unknown>[]; endCursor: string; requests: number }> {
  const records: Record<string, unknown>[] = [];
  let current = cursor;
  for (let requests = 1; ; requests++) {
    const query = new URLSearchParams({ limit: String(limit), ...(current ? { cursor: current } : {}) });
    const res = await call<StreamBody>(sim, `/api/v2.0/datasets/monitor/stream?${query.toString()}`, { token });
    if (res.status !== 200) throw new Error(`stream failed: ${res.status} ${res.text}`);
    if (res.body.endCursor === current) return { records, endCursor: current, requests };
    records.push(...res.body.data);
    current = res.body.endCursor;
  }
}
