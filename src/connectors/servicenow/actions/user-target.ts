import { ConfigError, NotFoundError } from '../../../core/errors.js';
import { bool, str } from '../../sdk/normalize-helpers.js';
import type { ServiceNowSession } from '../session.js';

export interface ServiceNowUserRef {
  sysId: string;
  userName: string;
  active: boolean;
  lockedOut: boolean;
}

const SYS_ID = /^[0-9a-f]{32}$/;
/** user_names an encoded query can carry as a plain value (no `^`, `=`, `,` or spaces). */
const SAFE_NAME = /^[\w.@+:-]{1,256}$/;

/** Looks the target up (user_name as the inventory keys it, or sys_id) so actions name the person and see their state. */
export async function findUser(session: ServiceNowSession, target: string, signal?: AbortSignal): Promise<ServiceNowUserRef> {
  const key = target.trim();
  if (!key) throw new ConfigError('ServiceNow: give the user_name (or the 32-character sys_id) of the person to act on.');
  const fields = ['sys_id', 'user_name', 'active', 'locked_out'];
  let row: Record<string, unknown> | undefined;
  if (SYS_ID.test(key)) {
    try {
      row = await session.client.get('servicenow.users.get', 'sys_user', key, signal);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  } else {
    if (!SAFE_NAME.test(key)) throw new ConfigError(`ServiceNow: "${key.slice(0, 80)}" is not a user_name Parapet can look up (letters, digits and . _ @ + : - only).`);
    const page = await session.client.page('servicenow.users.find', 'sys_user', { query: `user_name=${key}`, fields, limit: 2 }, signal);
    // Unknown query fields are ignored by the Table API, so the answer is checked, not trusted.
    row = page.items.find((u) => str(u.user_name) === key);
  }
  if (!row) throw new NotFoundError(`ServiceNow has no user ${key} in ${session.client.base} (or an ACL hides it from the integration user): check the user_name.`);
  return { sysId: str(row.sys_id) ?? key, userName: str(row.user_name) ?? key, active: bool(row.active) !== false, lockedOut: bool(row.locked_out) === true };
}

/** Refuses to act on the integration user itself: locking it out would cut Parapet off the instance. */
export function assertNotSelf(session: ServiceNowSession, user: ServiceNowUserRef): void {
  if (session.config.username && session.config.username === user.userName)
    throw new ConfigError(`ServiceNow: ${user.userName} is the integration user this connection signs in as; Parapet does not lock itself out.`);
}
