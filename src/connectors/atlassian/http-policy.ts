import { AuthError, NotFoundError, ProviderError, type ParapetError } from '../../core/errors.js';
import { parseRetryAfter, type ErrorMapper, type HttpPolicy, type HttpResponse, type ThrottleSignal } from '../sdk/http-client.js';

/**
 * The organisation APIs' error body (digest §6): `{errors:[{code, status, title, detail}]}` with `status` a
 * string; the user-management APIs answer `{key?, errorMessage?|message?}`. The first error is read.
 */
export function readAtlassianError(text: string): { code: string | null; title: string | null; detail: string | null } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const first = Array.isArray(body.errors) ? (body.errors[0] as Record<string, unknown> | undefined) : undefined;
    const pick = (v: unknown) => (typeof v === 'string' && v ? v : null);
    if (first && typeof first === 'object') return { code: pick(first.code), title: pick(first.title), detail: pick(first.detail) };
    return { code: pick(body.code) ?? pick(body.key), title: null, detail: pick(body.message) ?? pick(body.errorMessage) };
  } catch {
    return { code: null, title: null, detail: null };
  }
}

/** `X-RateLimit-Reset` is an ISO-8601 UTC time (digest §5), not seconds. */
export function resetAt(response: HttpResponse): number | null {
  const text = response.headers['x-ratelimit-reset'];
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * A 429 says when to come back with `Retry-After` when Atlassian sends it (not guaranteed), else with
 * `X-RateLimit-Reset`; without either the client's own backoff applies.
 */
export const atlassianThrottleSignal: ThrottleSignal = (response: HttpResponse) => {
  if (response.status !== 429) return null;
  const now = Date.now();
  const retry = parseRetryAfter(response.headers['retry-after'], now);
  if (retry !== null) return { retryAfterMs: retry };
  const reset = resetAt(response);
  return { retryAfterMs: reset === null ? null : Math.max(0, reset - now) + 20 };
};

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** What each refusal means and what to do about it, in plain words. */
export function explainAtlassianCode(code: string | null, status: number): string | null {
  if (code === 'ADMIN-401-2' || /INSUFFICIENT_SCOPE/i.test(code ?? ''))
    return 'The API key lacks a scope this call needs: create an organisation API key without scopes (Atlassian Administration → Settings → API keys), or one whose scopes include the admin read and user-management scopes, and paste it into the connector.';
  if (code === 'ADMIN-404-2') return 'The organisation was not found: the orgId must be the one shown next to the API key in Atlassian Administration → Settings → API keys.';
  if (status === 401)
    return 'The API key was refused: it may have expired (keys last a week by default, a year at most) or been revoked. Create a new one in Atlassian Administration → Settings → API keys.';
  if (status === 403)
    return 'The API key may not do this: the audit log needs Atlassian Guard (Standard or Premium) or an Enterprise plan, and suspend/restore works only for managed accounts (users of a verified domain) in orgs on the new user management experience.';
  return null;
}

/** Words Atlassian's errors so the message names the call, the code and what to do. */
export const atlassianErrorMapper: ErrorMapper = (response, operation): ParapetError | undefined => {
  const { code, title, detail } = readAtlassianError(response.text);
  const said = [code, title, detail].filter(Boolean).join(': ') || response.text.slice(0, 200) || '(empty body)';
  const what = `${operation} (${safePath(response.url)}): Atlassian answered HTTP ${response.status} ${said}`;
  const opts = { status: response.status, providerCode: code };
  const fix = explainAtlassianCode(code, response.status);
  if (response.status === 401 || response.status === 403) return new AuthError(`${what}. ${fix ?? ''}`.trim(), opts);
  if (response.status === 404) {
    if (code === 'ADMIN-404-2') return new AuthError(`${what}. ${fix}`, opts);
    return new NotFoundError(`${what}. The account, group or event it names does not exist in this organisation.`);
  }
  return new ProviderError(`${what}.${fix ? ` ${fix}` : ''}`, opts);
};

/** When a path's budget is spent: say which and until when. */
export function describeAtlassianThrottle(response: HttpResponse): string | null {
  const reset = resetAt(response);
  if (reset === null) return null;
  return `Atlassian's per-path limit for ${safePath(response.url)} is spent until ${new Date(reset).toISOString()} (the audit-log search allows 10 requests a minute per path and per user).`;
}

/**
 * No budget reader: Atlassian's limits are per path, and one path's spent budget must not pause the others
 * (the governor's budget is per connection). A 429 on one path waits for that path's Retry-After or reset.
 */
export const atlassianHttpPolicy: HttpPolicy = {
  throttleSignal: atlassianThrottleSignal,
  describeThrottle: describeAtlassianThrottle,
  mapError: atlassianErrorMapper,
};
