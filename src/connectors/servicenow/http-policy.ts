import { AuthError, NotFoundError, ProviderError, type ParapetError } from '../../core/errors.js';
import { parseRetryAfter, type BudgetReader, type ErrorMapper, type HttpPolicy, type HttpResponse, type ThrottleSignal } from '../sdk/http-client.js';

/** The Table API's error body (digest §5): `{"error":{"message","detail"},"status":"failure"}`; `detail` may be null. */
export function readServiceNowError(text: string): { message: string | null; detail: string | null } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error && typeof body.error === 'object' ? (body.error as Record<string, unknown>) : null;
    return { message: typeof error?.message === 'string' ? error.message : null, detail: typeof error?.detail === 'string' ? error.detail : null };
  } catch {
    return { message: null, detail: null };
  }
}

/** Rate-limit rules answer 429 with `Retry-After` (seconds); semaphore exhaustion may answer 429 or 503 the same way. */
export const serviceNowThrottleSignal: ThrottleSignal = (response: HttpResponse) => {
  if (response.status !== 429) return null;
  return { retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()) };
};

/**
 * `X-RateLimit-Limit` (requests per hour) and `X-RateLimit-Reset` (epoch seconds) come only when an
 * instance rate-limit rule matches; ServiceNow sends no remaining count.
 */
export const serviceNowBudgetReader: BudgetReader = (response) => {
  if (response.headers['x-ratelimit-limit'] === undefined) return null;
  const limit = Number(response.headers['x-ratelimit-limit']);
  const reset = Number(response.headers['x-ratelimit-reset']);
  if (!Number.isFinite(limit)) return null;
  return { limit, resetAt: Number.isFinite(reset) && reset > 0 ? reset * 1000 : null };
};

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The table a Table API path names (`/api/now/table/sys_user/…` → sys_user). */
function tableOf(url: string): string | null {
  return /\/api\/now\/(?:v\d+\/)?table\/([\w$]+)/.exec(safePath(url))?.[1] ?? null;
}

/** Words the Table API's errors with the call, ServiceNow's message and what to do. */
export const serviceNowErrorMapper: ErrorMapper = (response, operation): ParapetError | undefined => {
  const { message, detail } = readServiceNowError(response.text);
  const said = [message, detail].filter(Boolean).join(': ') || response.text.slice(0, 200) || '(empty body)';
  const what = `${operation} (${safePath(response.url)}): ServiceNow answered HTTP ${response.status} ${said}`;
  const table = tableOf(response.url);
  const opts = { status: response.status, providerCode: message };
  if (response.status === 401)
    return new AuthError(`${what}. The credential was refused: check the integration user's user_name and password (the user must be active, not locked out, and for OAuth the token must come from an active Application Registry entry).`, opts);
  if (response.status === 403)
    return new AuthError(`${what}. The integration user lacks the rights for ${table ?? 'this table'}: give it the admin role, or a role whose ACLs allow reading${table ? ` ${table}` : ''} (sys_audit, sysevent, syslog_transaction and sys_properties need admin or tailored read ACLs).`, opts);
  if (response.status === 404) return new NotFoundError(`${what}. The record does not exist, or an ACL hides it from the integration user.`);
  if (response.status === 400 && /invalid table/i.test(said)) return new ProviderError(`${what}. The table is missing on this instance (a plugin not installed?).`, opts);
  return new ProviderError(`${what}.`, opts);
};

export function describeServiceNowThrottle(response: HttpResponse): string | null {
  const rule = response.headers['x-ratelimit-rule'];
  const limit = response.headers['x-ratelimit-limit'];
  if (!rule && !limit) return null;
  return `A ServiceNow inbound REST rate-limit rule${rule ? ` (sys_rate_limit_rules ${rule})` : ''}${limit ? ` allowing ${limit} requests per hour` : ''} is spent. An admin can raise it for the integration user under System Web Services → REST → Rate Limit Rules.`;
}

export const serviceNowHttpPolicy: HttpPolicy = {
  throttleSignal: serviceNowThrottleSignal,
  describeThrottle: describeServiceNowThrottle,
  mapError: serviceNowErrorMapper,
  readBudget: serviceNowBudgetReader,
};
