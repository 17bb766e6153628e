import { AuthError, NotFoundError, ProviderError, type ParapetError } from '../../core/errors.js';
import type { BudgetReader, ErrorMapper, HttpPolicy, HttpResponse, ThrottleSignal } from '../sdk/http-client.js';

/** Okta's error body (digest §7): `errorCode`, `errorSummary`, `errorCauses[].errorSummary`. */
export function readOktaError(text: string): { code: string | null; summary: string | null; causes: string[] } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const causes = Array.isArray(body.errorCauses) ? body.errorCauses.map((c) => String((c as Record<string, unknown>)?.errorSummary ?? '')).filter(Boolean) : [];
    return { code: typeof body.errorCode === 'string' ? body.errorCode : null, summary: typeof body.errorSummary === 'string' ? body.errorSummary : null, causes };
  } catch {
    return { code: null, summary: null, causes: [] };
  }
}

/**
 * Okta sends no Retry-After: a 429 (E0000047) is over when `X-Rate-Limit-Reset` (epoch seconds) has passed.
 * Without the header, the client's own backoff applies.
 */
export const oktaThrottleSignal: ThrottleSignal = (response: HttpResponse) => {
  if (response.status !== 429) return null;
  const reset = Number(response.headers['x-rate-limit-reset']);
  if (!Number.isFinite(reset) || reset <= 0) return { retryAfterMs: null };
  return { retryAfterMs: Math.max(0, reset * 1000 - Date.now()) + 20 };
};

/** The bucket of the endpoint last called, as Okta reports it on every response. */
export const oktaBudgetReader: BudgetReader = (response) => {
  if (response.headers['x-rate-limit-limit'] === undefined) return null;
  const limit = Number(response.headers['x-rate-limit-limit']);
  const remaining = Number(response.headers['x-rate-limit-remaining']);
  const reset = Number(response.headers['x-rate-limit-reset']);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining)) return null;
  return { limit, remaining, resetAt: Number.isFinite(reset) && reset > 0 ? reset * 1000 : null };
};

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Words Okta's errors with the call, the code and what to do. */
export const oktaErrorMapper: ErrorMapper = (response, operation): ParapetError | undefined => {
  const { code, summary, causes } = readOktaError(response.text);
  const said = [code, summary, ...causes].filter(Boolean).join(': ') || response.text.slice(0, 200) || '(empty body)';
  const what = `${operation} (${safePath(response.url)}): Okta answered HTTP ${response.status} ${said}`;
  const opts = { status: response.status, providerCode: code };
  if (response.status === 401)
    return new AuthError(`${what}. The credential was refused: an API token may have been revoked or expired after 30 days unused (create a new one under Security → API → Tokens), or the service app's access token was not accepted.`, opts);
  if (response.status === 403)
    return new AuthError(`${what}. The credential lacks a scope or admin role this call needs: grant the service app the scope named in the request (Okta API Scopes tab) and an admin role that covers it, or use an API token of an admin with that role.`, opts);
  if (response.status === 404) return new NotFoundError(`${what}. The user, group or policy it names does not exist in this Okta org.`);
  return new ProviderError(`${what}.`, opts);
};

/** When the bucket is spent: say whose budget and until when. */
export function describeOktaThrottle(response: HttpResponse): string | null {
  const reset = Number(response.headers['x-rate-limit-reset']);
  const limit = response.headers['x-rate-limit-limit'];
  if (!Number.isFinite(reset) || reset <= 0) return null;
  return `Okta's per-minute limit for this endpoint${limit && limit !== '0' ? ` (${limit} requests)` : ''} is spent until ${new Date(reset * 1000).toISOString()}. It is shared by every integration of the org; an admin can see it under Reports → Rate Limits and lower other apps' share.`;
}

export const oktaHttpPolicy: HttpPolicy = {
  throttleSignal: oktaThrottleSignal,
  describeThrottle: describeOktaThrottle,
  mapError: oktaErrorMapper,
  readBudget: oktaBudgetReader,
};
