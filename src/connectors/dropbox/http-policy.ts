import { AuthError, ProviderError, type ParapetError } from '../../core/errors.js';
import { parseRetryAfter, type ErrorMapper, type HttpPolicy, type HttpResponse, type ThrottleSignal } from '../sdk/http-client.js';

/** Dropbox's error body: `{error_summary, error:{".tag", …}}` (JSON on 401/409/429; plain text on 400). */
export interface DropboxErrorBody {
  /** The innermost-first tag path, e.g. `reset` or `user_not_found`; null when the body is not Dropbox's JSON. */
  tag: string | null;
  summary: string | null;
  /** The `required_scope` of a `missing_scope` refusal. */
  requiredScope: string | null;
  /** The `.tag` of a nested `reason` (429: `too_many_requests` / `too_many_write_operations`). */
  reason: string | null;
  error: Record<string, unknown> | null;
}

export function readDropboxError(text: string): DropboxErrorBody {
  const none: DropboxErrorBody = { tag: null, summary: null, requiredScope: null, reason: null, error: null };
  try {
    const body = JSON.parse(text) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return none;
    const b = body as Record<string, unknown>;
    const error = b.error && typeof b.error === 'object' && !Array.isArray(b.error) ? (b.error as Record<string, unknown>) : null;
    const tag = typeof error?.['.tag'] === 'string' ? error['.tag'] : null;
    const reason = error?.reason && typeof error.reason === 'object' ? (error.reason as Record<string, unknown>)['.tag'] : null;
    const requiredScope = typeof error?.required_scope === 'string' ? error.required_scope : null;
    return { tag, summary: typeof b.error_summary === 'string' ? b.error_summary : null, requiredScope, reason: typeof reason === 'string' ? reason : null, error };
  } catch {
    return none;
  }
}

/** Dropbox throttles with 429 and a `Retry-After` in seconds (also in the body as `retry_after`). */
export const dropboxThrottleSignal: ThrottleSignal = (response: HttpResponse) => {
  if (response.status !== 429) return null;
  const header = parseRetryAfter(response.headers['retry-after'], Date.now());
  if (header !== null) return { retryAfterMs: header };
  const body = readDropboxError(response.text);
  const seconds = Number(body.error?.retry_after);
  return { retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : null };
};

/** What each refusal means and what to do about it, in plain words. */
export function explainDropboxTag(tag: string | null, requiredScope: string | null): string | null {
  switch (tag) {
    case 'invalid_access_token':
    case 'expired_access_token':
      return 'The access token minted from the refresh token was refused: authorise the app again as a team admin (token_access_type=offline) and paste the new refresh token.';
    case 'missing_scope':
      return `The app lacks the scope ${requiredScope ?? 'this call needs'}: tick it in the App Console (Permissions tab), then authorise the app again (scopes are fixed when the refresh token is issued) and paste the new refresh token.`;
    case 'invalid_select_user':
    case 'invalid_select_admin':
      return 'The team member named in Dropbox-API-Select-User / Select-Admin is not an active member (or not an admin) of this team.';
    case 'user_suspended':
      return 'The admin who authorised the app is suspended: authorise it again as an active team admin.';
    case 'no_permission':
    case 'access_denied':
      return 'The app is not a team app, or the admin who authorised it lacks the admin role this call needs (Team admin for suspend, roles and sessions).';
    case 'user_not_found':
    case 'member_not_found':
    case 'id_not_found':
      return 'No member of this team has that team member id (dbmid:…).';
    case 'user_not_in_team':
      return 'That user is not a member of this team.';
    case 'suspend_last_admin':
      return 'Dropbox refuses to suspend the team’s last admin: give another member the Team admin role first.';
    case 'suspend_inactive_user':
      return 'The member is already suspended, or only invited: there is nothing to suspend.';
    case 'unsuspend_non_suspended_member':
      return 'The member is not suspended: there is nothing to undo.';
    case 'team_license_limit':
      return 'The team has no free licence to reactivate the member: add a licence in the Admin Console (Billing) first.';
    case 'app_not_found':
      return 'The member has no link to that app (already revoked, or a different app id).';
    case 'reset':
      return 'Dropbox reset the team log cursor: the stream restarts from the time it names.';
    case 'bad_cursor':
      return 'The team log cursor is no longer valid: the stream restarts from the last event time it stored.';
    default:
      return null;
  }
}

/** Words Dropbox's errors so the message names the route, the tag and what to do. */
export const dropboxErrorMapper: ErrorMapper = (response, operation): ParapetError | undefined => {
  const { tag, summary, requiredScope } = readDropboxError(response.text);
  let path = response.url;
  try {
    path = new URL(response.url).pathname;
  } catch {
    // keep the text
  }
  const said = summary ?? (response.text.slice(0, 200) || '(empty body)');
  const what = `${operation} (${path}): Dropbox answered HTTP ${response.status} ${said}`;
  const opts = { status: response.status, providerCode: tag };
  const fix = explainDropboxTag(tag, requiredScope);
  if (response.status === 401 || response.status === 403) {
    return new AuthError(`${what}. ${fix ?? 'The app may not call this route: it must be a team app authorised by a team admin, with the scopes this call needs.'}`, opts);
  }
  if (response.status === 400) return new ProviderError(`${what}. Dropbox refused the request as malformed: this is a Parapet bug, please report it with this message.`, opts);
  return new ProviderError(`${what}.${fix ? ` ${fix}` : ''}`, opts);
};

/** Everything Dropbox-specific the shared HTTP client needs. */
export const dropboxHttpPolicy: HttpPolicy = {
  throttleSignal: dropboxThrottleSignal,
  describeThrottle: (response) => {
    const { reason } = readDropboxError(response.text);
    return reason === 'too_many_write_operations' ? 'Dropbox reports lock contention on the namespace (too_many_write_operations).' : 'Dropbox rate-limits each app per team.';
  },
  mapError: dropboxErrorMapper,
};
