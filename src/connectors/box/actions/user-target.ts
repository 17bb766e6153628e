import { ConfigError } from '../../../core/errors.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { BoxSession } from '../session.js';

export interface BoxUserRef {
  id: string;
  login: string;
  status: string;
  role: string;
}

/** The managed user an action targets, with its status and role as Box reports them now. */
export async function findUser(session: BoxSession, id: string, signal?: AbortSignal): Promise<BoxUserRef> {
  if (!/^\d{1,20}$/.test(id)) throw new ConfigError(`Box user ids are numeric; "${id}" is not one. Pick the account from Parapet's inventory.`);
  const user = await session.client.get('box.users.get', `/users/${id}`, { fields: 'type,id,login,status,role' }, signal);
  return { id, login: str(user.login) ?? id, status: str(user.status) ?? 'unknown', role: str(user.role) ?? 'user' };
}
