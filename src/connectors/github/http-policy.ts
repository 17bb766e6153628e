import { systemClock, type Clock } from '../../core/clock.js';
import { AuthError, NotFoundError, ProviderError, type ParapetError } from '../../core/errors.js';
import { parseRetryAfter, type BudgetReader, type ErrorMapper, type HttpPolicy, type HttpResponse, type ThrottleSignal } from '../sdk/http-client.js';

/** GitHub's advice when a secondary limit gives no Retry-After: wait at least a minute. */
export const SECONDARY_DEFAULT_WAIT_MS = 60_000;

function message(response: HttpResponse): string {
  try {
    const body: unknown = JSON.parse(response.text);
    const text = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
    return typeof text === 'string' ? text : '';
  } catch {
    return '';
  }
}

const isSecondary = (response: HttpResponse) => /secondary rate limit/i.test(message(response));

/**
 * GitHub throttles with 403 or 429: a primary limit says `x-ratelimit-remaining: 0` and resets at
 * `x-ratelimit-reset` (epoch seconds); a secondary limit says so in its message and may send Retry-After.
 * A 403 without either is a permission answer, not a throttle.
 */
export function githubThrottleSignal(clock: Clock = systemClock): ThrottleSignal {
  return (response) => {
    if (response.status !== 403 && response.status !== 429) return null;
    const retryAfter = parseRetryAfter(response.headers['retry-after'], clock.now());
    if (response.headers['x-ratelimit-remaining'] === '0') {
      const reset = Number(response.headers['x-ratelimit-reset']);
      const untilReset = Number.isFinite(reset) ? Math.max(0, reset * 1000 - clock.now()) + 1000 : null;
      return { retryAfterMs: retryAfter ?? untilReset ?? SECONDARY_DEFAULT_WAIT_MS };
    }
    if (isSecondary(response)) return { retryAfterMs: retryAfter ?? SECONDARY_DEFAULT_WAIT_MS };
    if (response.status === 429) return { retryAfterMs: retryAfter };
    return null;
  };
}

/** Names whose budget ran out, so the error says more than "throttled". */
export function describeGithubThrottle(response: HttpResponse): string | null {
  const resource = response.headers['x-ratelimit-resource'];
  if (response.headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(response.headers['x-ratelimit-reset']);
    return `GitHub's primary rate limit${resource ? ` for ${resource}` : ''} (${response.headers['x-ratelimit-limit'] ?? '?'} requests per hour) is spent until ${Number.isFinite(reset) ? new Date(reset * 1000).toISOString() : 'its reset'}.`;
  }
  if (isSecondary(response)) return 'GitHub applied a secondary rate limit (too many requests at once or per minute).';
  return null;
}

export const readGithubBudget: BudgetReader = (response) => {
  const limit = Number(response.headers['x-ratelimit-limit']);
  const remaining = Number(response.headers['x-ratelimit-remaining']);
  const reset = Number(response.headers['x-ratelimit-reset']);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || response.headers['x-ratelimit-limit'] === undefined) return null;
  return { limit, remaining, resetAt: Number.isFinite(reset) ? reset * 1000 : null };
};

/** Plain-words errors: what GitHub refused and what to change. */
export const mapGithubError: ErrorMapper = (response, operation): ParapetError | undefined => {
  const text = message(response) || response.text.slice(0, 200);
  const opts = { status: response.status };
  if (response.status === 401) {
    return new AuthError(`${operation}: GitHub refused the credentials (HTTP 401: ${text}). For an App, check the App ID and that the private key is the App's current key; for a token, create a new fine-grained token (it may have expired or been revoked).`, opts);
  }
  if (response.status === 403) {
    const sso = response.headers['x-github-sso'];
    if (sso) {
      return new AuthError(`${operation}: the organisation enforces SAML single sign-on and this token is not authorised for it (HTTP 403). Authorise the token for SSO (Settings → Developer settings → tokens → Configure SSO), or use a GitHub App.`, opts);
    }
    return new AuthError(`${operation}: GitHub refused access (HTTP 403: ${text}). The App needs the organisation permissions Administration (read), Members (read) and, for actions, Members (write); a token must belong to an organisation owner with read:org / read:audit_log.`, opts);
  }
  if (response.status === 404) {
    if (/audit-log/.test(operation)) {
      return new NotFoundError(`${operation}: GitHub has no audit log API for this organisation (HTTP 404). The audit log API needs GitHub Enterprise Cloud and an owner's credentials (App permission "Administration: read").`);
    }
    return new NotFoundError(`${operation}: not found (HTTP 404: ${text}). GitHub also answers 404 for what the credentials may not see: check the organisation login and the App's permissions.`);
  }
  if (response.status === 422) return new ProviderError(`${operation}: GitHub rejected the request (HTTP 422: ${text}).`, opts);
  return undefined;
};

export function githubHttpPolicy(clock: Clock = systemClock): HttpPolicy {
  return { throttleSignal: githubThrottleSignal(clock), describeThrottle: describeGithubThrottle, mapError: mapGithubError, readBudget: readGithubBudget };
}
