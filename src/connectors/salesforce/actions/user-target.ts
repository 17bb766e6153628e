import { ConfigError, NotFoundError } from '../../../core/errors.js';
import type { ConnectorRuntime } from '../../sdk/define-connector.js';
import { bool, str } from '../../sdk/normalize-helpers.js';
import { soqlString } from '../client.js';
import type { SalesforceSession } from '../session.js';

/** Salesforce record ids: 15 or 18 case-sensitive letters and digits; users start 005. */
export const USER_ID_PATTERN = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

export interface TargetUser {
  id: string;
  label: string;
  active: boolean;
  login: { id: string; frozen: boolean } | null;
}

/** The User and its UserLogin row (freeze targets the UserLogin id, digest §8.5). */
export async function targetUser(session: SalesforceSession, runtime: ConnectorRuntime, userId: string, verb: string): Promise<TargetUser> {
  const [user] = await session.client.rows(`SELECT Id, Username, Name, IsActive FROM User WHERE Id = ${soqlString(userId)}`, runtime.signal);
  if (!user) throw new NotFoundError(`Cannot ${verb} ${userId}: no such user in this Salesforce org (or the integration user cannot see it).`);
  if (str(user.Username)?.toLowerCase() === session.config.username.toLowerCase()) {
    throw new ConfigError(`Refusing to ${verb} ${str(user.Username) ?? userId}: it is the integration user Parapet connects as; acting on it would cut Parapet off from this org.`);
  }
  const [login] = await session.client.rows(`SELECT Id, UserId, IsFrozen, IsPasswordLocked FROM UserLogin WHERE UserId = ${soqlString(userId)}`, runtime.signal);
  const loginId = str(login?.Id);
  return {
    id: userId,
    label: `${str(user.Name) ?? userId} (${str(user.Username) ?? userId})`,
    active: bool(user.IsActive) !== false,
    login: loginId ? { id: loginId, frozen: bool(login?.IsFrozen) === true } : null,
  };
}
