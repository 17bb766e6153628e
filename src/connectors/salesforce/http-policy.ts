import { AuthError, ProviderError, RateLimitedError, type ParapetError } from '../../core/errors.js';
import type { BudgetReader, ErrorMapper, HttpPolicy, HttpResponse, ThrottleSignal } from '../sdk/http-client.js';

/** Salesforce's REST errors: a JSON array of `{message, errorCode, fields?}` (digest §5). */
export function readSalesforceError(text: string): { code: string | null; message: string | null } {
  try {
    const body = JSON.parse(text) as unknown;
    const first = (Array.isArray(body) ? body[0] : body) as Record<string, unknown> | undefined;
    const code = typeof first?.errorCode === 'string' ? first.errorCode : typeof first?.error === 'string' ? first.error : null;
    const message = typeof first?.message === 'string' ? first.message : typeof first?.error_description === 'string' ? first.error_description : null;
    return { code, message };
  } catch {
    return { code: null, message: null };
  }
}

/**
 * Salesforce has no 429 and no Retry-After (digest §5): the concurrent long-request cap answers 403
 * REQUEST_LIMIT_EXCEEDED "ConcurrentRequests…", which clears as soon as a long request ends, so the
 * connection waits this long and tries again. The daily allocation ("TotalRequests Limit exceeded") does
 * not clear for hours: that one fails the run at once (see the error mapper) and the next sync resumes.
 */
export const CONCURRENT_LIMIT_WAIT_MS = 1000;

export const salesforceThrottleSignal: ThrottleSignal = (response: HttpResponse) => {
  if (response.status !== 403) return null;
  const { code, message } = readSalesforceError(response.text);
  if (code !== 'REQUEST_LIMIT_EXCEEDED' || /TotalRequests/i.test(message ?? '')) return null;
  return { retryAfterMs: CONCURRENT_LIMIT_WAIT_MS };
};

/** `Sforce-Limit-Info: api-usage=10018/100000` (optionally `; per-app-api-usage=…`): the org's rolling 24-hour allocation. */
export function parseLimitInfo(value: string | undefined): { used: number; max: number } | null {
  const match = /api-usage=(\d+)\/(\d+)/.exec(value ?? '');
  if (!match) return null;
  return { used: Number(match[1]), max: Number(match[2]) };
}

export const salesforceBudget: BudgetReader = (response) => {
  const usage = parseLimitInfo(response.headers['sforce-limit-info']);
  if (!usage) return null;
  return { limit: usage.max, remaining: Math.max(0, usage.max - usage.used), resetAt: null };
};

function explain(code: string | null, message: string | null): string | null {
  switch (code) {
    case 'INVALID_SESSION_ID':
      return 'The access token was refused: check that the integration user is active and still pre-authorised on the connected app (Manage → Edit Policies → Admin approved users are pre-authorized, then add its profile or permission set).';
    case 'API_DISABLED_FOR_ORG':
    case 'API_DISABLED_FOR_USER':
      return 'The REST API is not enabled for this org or user: the org needs an edition with API access (Enterprise, Unlimited, Performance or Developer) and the integration user the "API Enabled" permission.';
    case 'INSUFFICIENT_ACCESS':
    case 'INSUFFICIENT_ACCESS_OR_READONLY':
      return 'The integration user lacks a permission this call needs: give it "View Setup and Configuration", "View All Users" and, for governance actions, "Manage Users" (a permission set assigned to it).';
    case 'INVALID_TYPE':
      return /EventLogFile/i.test(message ?? '')
        ? 'Event Log Files are not readable: the org needs Event Monitoring (Salesforce Shield or the add-on) and the integration user "View Event Log Files".'
        : 'The object is not available to the integration user: check its profile and permission sets (and that the org has the feature).';
    case 'REQUEST_LIMIT_EXCEEDED':
      return /TotalRequests/i.test(message ?? '')
        ? 'The org used up its daily API allocation (rolling 24 hours): the next sync resumes where this one stopped. Raise the allocation or lower other integrations\' use (Setup → Company Information → API Requests, Last 24 Hours).'
        : 'Too many long-running requests run at once in this org: the next sync resumes where this one stopped.';
    case 'INVALID_QUERY_LOCATOR':
      return 'A query locator expired (they live about 15 idle minutes): the next sync starts the query again from its checkpoint.';
    default:
      return null;
  }
}

/** Words Salesforce's errors so the message names the call, the code and what to do. */
export const salesforceErrorMapper: ErrorMapper = (response, operation): ParapetError | undefined => {
  const { code, message } = readSalesforceError(response.text);
  let path = response.url;
  try {
    path = new URL(response.url).pathname;
  } catch {
    // keep the text
  }
  // SOQL errors quote the query with a caret line first: the sentence that says what is wrong comes after.
  const lines = (message ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const sentence = lines.find((l) => !/^\^|^ERROR at Row|^SELECT\b/i.test(l)) ?? lines[0];
  const said = [code, sentence].filter(Boolean).join(': ') || response.text.slice(0, 200) || '(empty body)';
  const what = `${operation} (${path}): Salesforce answered HTTP ${response.status} ${said}`;
  const opts = { status: response.status, providerCode: code };
  const fix = explain(code, message);
  if (code === 'REQUEST_LIMIT_EXCEEDED') return new RateLimitedError(`${what}. ${fix ?? ''}`.trim(), { ...opts, retryAfterMs: null });
  if (response.status === 401 || response.status === 403) return new AuthError(`${what}. ${fix ?? 'Check the integration user\'s permissions.'}`, opts);
  if (response.status === 404) return new ProviderError(`${what}. The record it names does not exist in this org (or the integration user cannot see it).`, opts);
  return new ProviderError(`${what}.${fix ? ` ${fix}` : ''}`, opts);
};

export const salesforceHttpPolicy: HttpPolicy = {
  throttleSignal: salesforceThrottleSignal,
  describeThrottle: () => 'Salesforce refused it with REQUEST_LIMIT_EXCEEDED (concurrent long-running requests).',
  mapError: salesforceErrorMapper,
  readBudget: salesforceBudget,
};
