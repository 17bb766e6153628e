import { ConfigError, NotFoundError } from '../../../core/errors.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { OktaSession } from '../session.js';

export interface OktaUserRef {
  id: string;
  login: string;
  status: string;
}

/** Looks the target up (id or login) so actions name the person and check the state Okta requires. */
export async function findUser(session: OktaSession, target: string, signal?: AbortSignal): Promise<OktaUserRef> {
  if (!target.trim()) throw new ConfigError('Okta: give the user id (00u…) or login of the person to act on.');
  try {
    const user = await session.client.getObject('okta.users.get', `/api/v1/users/${encodeURIComponent(target)}`, signal);
    return { id: str(user.id) ?? target, login: str(asRecord(user.profile)?.login) ?? target, status: str(user.status) ?? 'UNKNOWN' };
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`Okta has no user ${target} in ${session.client.base}: check the id or login.`);
    throw error;
  }
}
