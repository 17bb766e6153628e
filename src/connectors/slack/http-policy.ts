import { AuthError, ProviderError, type ParapetError } from '../../core/errors.js';
import { parseRetryAfter, type ErrorMapper, type HttpPolicy, type HttpResponse, type ThrottleSignal } from '../sdk/http-client.js';

/** Slack's three error shapes: Web/Audit `{ok:false, error}`, SCIM 2.0 `{detail, status}` and SCIM 1.1 `{Errors:{description, code}}`. */
export function readSlackError(text: string): { code: string | null; message: string | null; needed: string | null } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const errors = body.Errors as Record<string, unknown> | undefined;
    const code = typeof body.error === 'string' ? body.error : typeof errors?.code === 'number' ? String(errors.code) : typeof body.status === 'string' ? body.status : null;
    const message = typeof body.detail === 'string' ? body.detail : typeof errors?.description === 'string' ? errors.description : null;
    return { code, message, needed: typeof body.needed === 'string' ? body.needed : null };
  } catch {
    return { code: null, message: null, needed: null };
  }
}

/** Every Slack API family throttles with HTTP 429 and `Retry-After` in seconds. */
export const slackThrottleSignal: ThrottleSignal = (response: HttpResponse) => {
  if (response.status !== 429) return null;
  return { retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()) };
};

/** What each refusal means and what to do about it, in plain words. */
export function explainSlackCode(code: string | null, needed: string | null): string | null {
  switch (code) {
    case 'not_authed':
    case 'invalid_auth':
    case 'invalid_authentication':
    case 'token_revoked':
    case 'token_expired':
    case 'account_inactive':
      return 'The token was refused: create a new org-level user token (xoxp-) of an org owner in the Slack app settings (Install to Organization) and paste it into the connector.';
    case 'missing_scope':
      return `The token lacks the scope ${needed ?? 'this call needs'}: add it under OAuth & Permissions (User Token Scopes), reinstall the app on the org and paste the new token.`;
    case 'not_allowed_token_type':
      return 'This API needs a user token (xoxp-) installed on the Enterprise Grid org, not a bot or workspace token.';
    case 'feature_not_enabled':
      return 'The Audit Logs API and SCIM are Enterprise Grid features: this token does not belong to a Grid org, or its app is not installed at the org level.';
    case 'not_an_admin':
    case 'not_an_enterprise_owner':
    case 'not_allowed':
    case 'access_denied':
      return 'The token belongs to someone who is not an org owner or admin: install the app as an org owner.';
    default:
      return null;
  }
}

/** Words Slack's errors so the message names the call, the code and what to do. */
export const slackErrorMapper: ErrorMapper = (response, operation): ParapetError | undefined => {
  const { code, message, needed } = readSlackError(response.text);
  let path = response.url;
  try {
    path = new URL(response.url).pathname;
  } catch {
    // keep the text
  }
  const said = [code, message].filter(Boolean).join(': ') || response.text.slice(0, 200) || '(empty body)';
  const what = `${operation} (${path}): Slack answered HTTP ${response.status} ${said}`;
  const opts = { status: response.status, providerCode: code };
  const fix = explainSlackCode(code, needed);
  if (response.status === 401 || response.status === 403) {
    return new AuthError(`${what}. ${fix ?? 'The token may not call this API: it must be an org owner’s user token with auditlogs:read (Audit Logs) or admin (SCIM, admin.*).'}`, opts);
  }
  if (response.status === 404) return new ProviderError(`${what}. The user, group or org it names does not exist in this Slack org.`, opts);
  return new ProviderError(`${what}.${fix ? ` ${fix}` : ''}`, opts);
};

/** Everything Slack-specific the shared HTTP client needs. */
export const slackHttpPolicy: HttpPolicy = {
  throttleSignal: slackThrottleSignal,
  mapError: slackErrorMapper,
};
