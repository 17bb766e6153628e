import { AuthError, ProviderError, type ParapetError } from '../../core/errors.js';
import type { BudgetReader, ErrorMapper, HttpPolicy, HttpResponse, ThrottleSignal } from '../sdk/http-client.js';

/** Zoom's error body `{code, message}` (`code` is Zoom's, not the HTTP status); the token endpoint's `{reason, error}`. */
export function readZoomError(text: string): { code: string | null; message: string | null } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const code = typeof body.code === 'number' || typeof body.code === 'string' ? String(body.code) : typeof body.error === 'string' ? body.error : null;
    const message = typeof body.message === 'string' ? body.message : typeof body.reason === 'string' ? body.reason : null;
    return { code, message };
  } catch {
    return { code: null, message: null };
  }
}

/** The next 00:00 GMT: when a spent daily cap comes back. */
export function nextGmtMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

const header = (response: HttpResponse, name: string): string | undefined => response.headers[name.toLowerCase()];

/** A spent daily cap: `X-RateLimit-Type: Daily-limit`, or the message says so when the header is missing. */
export function isDailyLimit(response: HttpResponse): boolean {
  const type = header(response, 'x-ratelimit-type') ?? '';
  if (/daily/i.test(type)) return true;
  return /daily rate limit/i.test(readZoomError(response.text).message ?? '');
}

/**
 * Zoom throttles with HTTP 429. `Retry-After` is seconds for the per-second limits and an ISO timestamp for
 * a spent daily cap; it is sometimes missing (then a daily cap waits for 00:00 GMT, a per-second limit is
 * backed off).
 */
export const zoomThrottleSignal: ThrottleSignal = (response) => {
  if (response.status !== 429) return null;
  const now = Date.now();
  const retryAfter = header(response, 'retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return { retryAfterMs: Math.max(0, seconds * 1000) };
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return { retryAfterMs: Math.max(0, at - now) };
  }
  return { retryAfterMs: isDailyLimit(response) ? nextGmtMidnight(now) - now : null };
};

/** Whose budget ran out, in Zoom's terms. */
export function describeZoomThrottle(response: HttpResponse): string | null {
  const category = header(response, 'x-ratelimit-category') ?? 'this';
  if (isDailyLimit(response)) {
    return `Zoom's daily cap for ${category} APIs (shared by every app of the account) is spent: Zoom resumes these requests at 00:00 GMT, and so does the connector. Ask Zoom for a higher plan limit if this happens every day.`;
  }
  return `Zoom's per-second limit for ${category} APIs was reached (it is per account, shared by every app).`;
}

/** `X-RateLimit-Limit` / `X-RateLimit-Remaining` of the daily cap, when Zoom sends them. */
export const readZoomBudget: BudgetReader = (response) => {
  const limit = Number(header(response, 'x-ratelimit-limit'));
  const remaining = Number(header(response, 'x-ratelimit-remaining'));
  if (!Number.isFinite(limit) && !Number.isFinite(remaining)) return null;
  if (!/daily/i.test(header(response, 'x-ratelimit-type') ?? '')) return null;
  return {
    ...(Number.isFinite(limit) ? { limit } : {}),
    ...(Number.isFinite(remaining) ? { remaining } : {}),
    resetAt: nextGmtMidnight(Date.now()),
  };
};

/** What each Zoom error code means and what to do about it, in plain words. */
export function explainZoomCode(status: number, code: string | null, message: string | null): string | null {
  const scope = /does not contain scopes?:?\s*\[?([\w:,\s]+)\]?/i.exec(message ?? '')?.[1]?.trim();
  switch (code) {
    case '124':
      return 'Zoom refused the access token: check that the Server-to-Server OAuth app is activated and its Client ID and secret are current.';
    case '4700':
    case '4711':
      return `The app lacks a scope${scope ? ` (${scope})` : ''}: add it on the app's Scopes page in the Zoom App Marketplace (report:read:admin, user:read:admin, user:write:admin, group:read:admin, role:read:admin, account:read:admin) and reactivate the app.`;
    case 'invalid_client':
      return 'Zoom refused the Client ID / Client secret: copy both again from the Server-to-Server OAuth app’s App Credentials page (a regenerated secret invalidates the old one).';
    case 'invalid_request':
    case 'unsupported_grant_type':
      return 'Zoom refused the token request: the Account ID must be the one on the app’s App Credentials page, and the app must be a Server-to-Server OAuth app.';
    case '200':
      return 'Zoom says the account or the app may not do this: reports and account settings need a Pro or higher plan, the app’s creator must be an admin with the role privileges for it, and owners and admins cannot be deactivated through the API.';
    case '1001':
      return 'The user does not exist in this Zoom account (or has been deleted).';
    case '2001':
      return 'The Account ID does not name an existing Zoom account: copy it again from the app’s App Credentials page.';
    case '300':
      return status === 400 && /6 months/i.test(message ?? '') ? 'Zoom keeps reports for 6 months: pick a backfill start within that.' : null;
    default:
      return null;
  }
}

/** Words Zoom's errors so the message names the call, Zoom's code and what to do. */
export const zoomErrorMapper: ErrorMapper = (response, operation): ParapetError | undefined => {
  const { code, message } = readZoomError(response.text);
  let path = response.url;
  try {
    path = new URL(response.url).pathname;
  } catch {
    // keep the text
  }
  const said = [code, message].filter(Boolean).join(': ') || response.text.slice(0, 200) || '(empty body)';
  const what = `${operation} (${path}): Zoom answered HTTP ${response.status} ${said}`;
  const opts = { status: response.status, providerCode: code };
  const fix = explainZoomCode(response.status, code, message);
  const authCodes = new Set(['124', '4700', '4711', 'invalid_client', 'invalid_request', 'unsupported_grant_type', '2001']);
  if (response.status === 401 || response.status === 403 || (code !== null && authCodes.has(code)) || operation === 'zoom.token') {
    return new AuthError(`${what}. ${fix ?? 'Check the Server-to-Server OAuth app: its Account ID, Client ID, Client secret and scopes.'}`, opts);
  }
  if (response.status === 404) return new ProviderError(`${what}. ${fix ?? 'The user, group or role it names does not exist in this Zoom account.'}`, opts);
  return new ProviderError(`${what}.${fix ? ` ${fix}` : ''}`, opts);
};

/** Everything Zoom-specific the shared HTTP client needs. */
export const zoomHttpPolicy: HttpPolicy = {
  throttleSignal: zoomThrottleSignal,
  describeThrottle: describeZoomThrottle,
  mapError: zoomErrorMapper,
  readBudget: readZoomBudget,
};
