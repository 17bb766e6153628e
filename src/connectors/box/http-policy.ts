import { AuthError, NotFoundError, ProviderError, type ParapetError } from '../../core/errors.js';
import type { ErrorMapper, HttpPolicy, HttpResponse } from '../sdk/http-client.js';

/** Box's `ClientError` body (digest §6): `type: "error"`, `status`, `code`, `message`, `request_id`. */
export function readBoxError(text: string): { code: string | null; message: string | null; requestId: string | null } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return {
      code: typeof body.code === 'string' ? body.code : null,
      message: typeof body.message === 'string' ? body.message : null,
      requestId: typeof body.request_id === 'string' ? body.request_id : null,
    };
  } catch {
    return { code: null, message: null, requestId: null };
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Words Box's errors with the call, the code, Box's request id (for Box support) and what to do. */
export const boxErrorMapper: ErrorMapper = (response: HttpResponse, operation: string): ParapetError | undefined => {
  const { code, message, requestId } = readBoxError(response.text);
  const said = [code, message].filter(Boolean).join(': ') || response.text.slice(0, 200) || '(empty body)';
  const what = `${operation} (${safePath(response.url)}): Box answered HTTP ${response.status} ${said}${requestId ? ` (request id ${requestId})` : ''}`;
  const opts = { status: response.status, providerCode: code };
  if (response.status === 401) return new AuthError(`${what}. The access token was refused: check the app is still authorised in the Admin Console (Integrations → Platform Apps Manager) and its credentials were not reset.`, opts);
  if (response.status === 403)
    return new AuthError(
      `${what}. The app's Service Account lacks a right this call needs: enable the app scopes "Manage enterprise properties", "Manage users" and "Manage groups" (Developer Console → Configuration), re-authorise the app in the Admin Console, and make the Service Account a co-admin with "Run new reports and access existing reports" (Admin Console → Users & Groups).`,
      opts,
    );
  if (response.status === 404) return new NotFoundError(`${what}. The user, group or item it names does not exist in this Box enterprise (or the Service Account cannot see it).`);
  return new ProviderError(`${what}.`, opts);
};

/** A 429 waits for Box's `Retry-After` (seconds), which the client reads by default. */
export function describeBoxThrottle(response: HttpResponse): string | null {
  const after = response.headers['retry-after'];
  return after ? `Box's per-user request limit (about 1,000 a minute, shared by everything the app's Service Account does) is spent for ${after} s.` : null;
}

export const boxHttpPolicy: HttpPolicy = {
  describeThrottle: describeBoxThrottle,
  mapError: boxErrorMapper,
};
