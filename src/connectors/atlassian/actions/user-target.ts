import { ConfigError, NotFoundError } from '../../../core/errors.js';
import type { AtlassianSession } from '../session.js';
import { directoryUser, type DirectoryUser } from '../streams/directory.js';

/** Atlassian account ids: letters, digits, `:` and `-` (e.g. `5b10ac8d82e05b22cc7d4ef5`, `712020:2f1e…`). */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9:-]{6,128}$/;

/** Looks the account up in the directory so an action names the person and checks the state it needs. */
export async function findUser(session: AtlassianSession, accountId: string, signal?: AbortSignal): Promise<DirectoryUser> {
  if (!ACCOUNT_ID_PATTERN.test(accountId)) throw new ConfigError('Atlassian: give the account id of the person to act on (the id in their profile URL), not an e-mail.');
  const page = await session.client.post('atlassian.directory.users.search', `${session.client.directory}/users/search`, { accountIds: [accountId], limit: 1 }, signal);
  const user = page.items.map(directoryUser).find((u) => u?.accountId === accountId);
  if (!user) throw new NotFoundError(`Atlassian has no account ${accountId} in directory ${session.config.directoryId} of organisation ${session.config.orgId}: check the account id.`);
  return user;
}

export const userPath = (session: AtlassianSession, accountId: string) => `${session.client.org}/directory/users/${encodeURIComponent(accountId)}`;
