import { AuthError, NotFoundError, ProviderError, type ParapetError } from '../../core/errors.js';
import { parseRetryAfter, type ErrorMapper, type HttpPolicy, type HttpResponse, type ThrottleSignal } from '../sdk/http-client.js';
import { DELEGATION_SCOPE_LIST } from './scopes.js';

/** Google's JSON error (digest §7): `{error: {code, message, errors: [{domain, reason, message}], status}}`. */
export function readGoogleError(text: string): { reason: string | null; message: string | null; status: string | null } {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error !== 'object' || error === null) return { reason: null, message: null, status: null };
    const e = error as { message?: unknown; status?: unknown; errors?: unknown };
    const first = Array.isArray(e.errors) ? (e.errors[0] as { reason?: unknown } | undefined) : undefined;
    return {
      reason: typeof first?.reason === 'string' ? first.reason : null,
      message: typeof e.message === 'string' ? e.message : null,
      status: typeof e.status === 'string' ? e.status : null,
    };
  } catch {
    return { reason: null, message: null, status: null };
  }
}

/** Reasons Google gives for quota errors (403 or 429); a 403 with any other reason is a permission problem. */
const QUOTA_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded']);

/**
 * Google sends no Retry-After on quota errors and asks for truncated exponential backoff starting at one
 * second ("wait 1 + random milliseconds"): a 429, or a 403 whose reason is a quota, waits 1–2 s unless
 * the response does carry a Retry-After.
 */
export const googleThrottleSignal: ThrottleSignal = (response: HttpResponse) => {
  if (response.status !== 429 && response.status !== 403) return null;
  const { reason, status } = readGoogleError(response.text);
  if (response.status === 403 && !(reason && QUOTA_REASONS.has(reason)) && status !== 'RESOURCE_EXHAUSTED') return null;
  const retryAfter = parseRetryAfter(response.headers['retry-after'], Date.now());
  return { retryAfterMs: retryAfter ?? 1000 + Math.floor(Math.random() * 1000) };
};

/** Words Google's errors so the message names the call, the reason and what to do. */
export const googleErrorMapper: ErrorMapper = (response, operation): ParapetError | undefined => {
  const { reason, message } = readGoogleError(response.text);
  let path = response.url;
  try {
    path = new URL(response.url).pathname;
  } catch {
    /* keep the raw URL */
  }
  const said = [reason, message].filter(Boolean).join(': ') || response.text.slice(0, 200) || '(empty body)';
  const what = `${operation} (${path}): Google answered HTTP ${response.status} ${said}`;
  const opts = { status: response.status, providerCode: reason };
  if (response.status === 401) {
    return new AuthError(`${what}. The access token was refused even after minting a new one: check the service account key and that domain-wide delegation is still granted.`, opts);
  }
  if (response.status === 403) {
    return new AuthError(
      `${what}. The impersonated administrator may not do this, or the scope is not delegated: make adminEmail a super administrator and delegate these scopes to the service account (Admin console > Security > API controls > Domain-wide delegation): ${DELEGATION_SCOPE_LIST}`,
      opts,
    );
  }
  if (response.status === 404) return new NotFoundError(`${what}. The user, group or customer it names does not exist in this Google Workspace.`);
  if (response.status === 400) return new ProviderError(`${what}. Parapet sent a request Google does not accept; the message above says which parameter.`, opts);
  return undefined;
};

export function describeGoogleThrottle(response: HttpResponse): string | null {
  const { reason } = readGoogleError(response.text);
  return reason
    ? `Google reported ${reason}: the Admin SDK quota (2,400 queries per minute per user per project by default) is shared by every tool using this service account's project.`
    : null;
}

export const googleHttpPolicy: HttpPolicy = {
  throttleSignal: googleThrottleSignal,
  describeThrottle: describeGoogleThrottle,
  mapError: googleErrorMapper,
};
