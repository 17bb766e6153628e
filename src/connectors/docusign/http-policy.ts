import { AuthError, ProviderError, type ParapetError } from '../../core/errors.js';
import { parseRetryAfter, type BudgetReader, type ErrorMapper, type HttpPolicy, type HttpResponse, type ThrottleSignal } from '../sdk/http-client.js';

/** DocuSign's two error shapes: eSignature `{errorCode, message}` and OAuth/Admin `{error, error_description}`. */
export function readDocusignError(text: string): { code: string | null; message: string | null } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const pick = (...keys: string[]) => {
      for (const k of keys) if (typeof body[k] === 'string' && body[k] !== '') return body[k] as string;
      return null;
    };
    return { code: pick('errorCode', 'error'), message: pick('message', 'error_description') };
  } catch {
    return { code: null, message: null };
  }
}

const LIMIT_CODES = /HOURLY_APIINVOCATION_LIMIT_EXCEEDED|BURST_APIINVOCATION_LIMIT_EXCEEDED/;
/** Waiting for the next burst window when DocuSign does not say how long: the window is 30 seconds. */
const BURST_WINDOW_MS = 30_000;

/**
 * DocuSign documents no Retry-After: when a request is refused for the hourly limit, wait until
 * `X-RateLimit-Reset` (epoch seconds); for the burst limit, one burst window. Older reports show the limit
 * error as HTTP 400, so the body's code counts as well as a 429.
 */
export const docusignThrottleSignal: ThrottleSignal = (response: HttpResponse) => {
  const limited = response.status === 429 || (response.status === 400 && LIMIT_CODES.test(response.text));
  if (!limited) return null;
  const now = Date.now();
  const retryAfter = parseRetryAfter(response.headers['retry-after'], now);
  if (retryAfter !== null) return { retryAfterMs: retryAfter };
  const reset = Number(response.headers['x-ratelimit-reset']);
  if (response.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset) && reset > 0) {
    return { retryAfterMs: Math.max(1000, reset * 1000 - now) };
  }
  if (response.headers['x-burstlimit-remaining'] === '0') return { retryAfterMs: BURST_WINDOW_MS };
  return { retryAfterMs: null };
};

/** The hourly budget DocuSign reports on every response, shown in the connector's status. */
export const docusignBudgetReader: BudgetReader = (response) => {
  const limit = Number(response.headers['x-ratelimit-limit']);
  const remaining = Number(response.headers['x-ratelimit-remaining']);
  const reset = Number(response.headers['x-ratelimit-reset']);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || response.headers['x-ratelimit-limit'] === undefined) return null;
  return { limit, remaining, resetAt: Number.isFinite(reset) && reset > 0 ? reset * 1000 : null };
};

/** Codes that mean "this user may not do that" rather than "the request was wrong". */
const PERMISSION_CODES = new Set(['USER_LACKS_PERMISSIONS', 'ACCOUNT_LACKS_PERMISSIONS', 'USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT', 'forbidden']);

/** Words DocuSign's errors so the message names the call, the code and what to do. */
export const docusignErrorMapper: ErrorMapper = (response, operation): ParapetError | undefined => {
  const { code, message } = readDocusignError(response.text);
  const path = safePath(response.url);
  const said = [code, message].filter(Boolean).join(': ') || response.text.slice(0, 200) || '(empty body)';
  const what = `${operation} (${path}): DocuSign answered HTTP ${response.status} ${said}`;
  const opts = { status: response.status, providerCode: code };
  if (response.status === 401) {
    return new AuthError(`${what}. The access token was refused even after minting a new one: check that the integration key, user and base URIs are in the same DocuSign environment (demo or production).`, opts);
  }
  if (response.status === 403 || (code !== null && PERMISSION_CODES.has(code))) {
    return new AuthError(`${what}. The impersonated user lacks a permission this call needs: it must be an organisation administrator (and an account administrator for settings), and consent must cover the scopes Parapet requests.`, opts);
  }
  if (response.status === 404) return new ProviderError(`${what}. The organisation, account or user it names does not exist in this DocuSign environment.`, opts);
  return new ProviderError(`${what}.`, opts);
};

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The hourly budget is the account's, shared by every app using it: say so, and until when. */
export function describeDocusignThrottle(response: HttpResponse): string | null {
  if (response.headers['x-ratelimit-remaining'] !== '0') return null;
  const reset = Number(response.headers['x-ratelimit-reset']);
  const until = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : 'the top of the hour';
  const limit = response.headers['x-ratelimit-limit'];
  return `DocuSign's hourly API budget of this account${limit ? ` (${limit} requests)` : ''} is spent until ${until}. The budget is shared by every app and integration that uses the account, so others may have spent most of it: ask the account's administrators which integrations call the API, or have DocuSign raise the limit.`;
}

/** Everything DocuSign-specific the shared HTTP client needs (applied to `runtime.http` by the sync). */
export const docusignHttpPolicy: HttpPolicy = {
  throttleSignal: docusignThrottleSignal,
  describeThrottle: describeDocusignThrottle,
  mapError: docusignErrorMapper,
  readBudget: docusignBudgetReader,
};
