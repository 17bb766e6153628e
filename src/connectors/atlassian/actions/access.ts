import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { AtlassianConfig } from '../config.js';
import type { AtlassianSession } from '../session.js';
import { ACCOUNT_ID_PATTERN, findUser, userPath } from './user-target.js';

/**
 * Suspends (`POST …/directory/users/{id}/suspend-access`) or restores (`…/restore-access`) a managed account's
 * access to the organisation's apps. Suspended users keep their account, roles and groups and are not billed;
 * a restore brings the roles and groups back. Both are idempotent and read the result back.
 */
function accessAction(suspend: boolean): ActionDefinition<AtlassianConfig, AtlassianSession> {
  const state = (s: string | null) => (suspend ? s === 'suspended' : s !== 'suspended');
  return {
    id: suspend ? 'suspend-user' : 'unsuspend-user',
    title: suspend ? 'Suspend access (Atlassian: suspend-access; product access removed, roles and groups kept)' : 'Restore access (Atlassian: restore-access; former roles and groups return)',
    undo: suspend ? 'unsuspend-user' : 'suspend-user',
    targetIdPattern: ACCOUNT_ID_PATTERN,
    async run(session, runtime, { targetProviderId }) {
      const user = await findUser(session, targetProviderId, runtime.signal);
      const who = user.email ?? user.accountId;
      if (state(user.membershipStatus)) return { detail: suspend ? `${who}'s access was already suspended in Atlassian.` : `${who}'s access was not suspended in Atlassian.` };
      const verb = suspend ? 'suspend-access' : 'restore-access';
      await session.client.send(`atlassian.users.${verb}`, 'POST', `${userPath(session, user.accountId)}/${verb}`, undefined, runtime.signal);
      return {
        detail: suspend
          ? `Suspended ${who}'s access to the organisation's Atlassian apps: sessions in Jira, Confluence and the rest end, roles and groups are kept for a restore.`
          : `Restored ${who}'s access to the organisation's Atlassian apps, with their former roles and groups.`,
      };
    },
    async verify(session, runtime, { targetProviderId }) {
      const user = await findUser(session, targetProviderId, runtime.signal);
      const who = user.email ?? user.accountId;
      const status = user.membershipStatus ?? 'active';
      return state(user.membershipStatus) ? { ok: true, detail: `Atlassian lists ${who} as ${status}.` } : { ok: false, detail: `Atlassian still lists ${who} as ${status}.` };
    },
  };
}

export const suspendUserAction = accessAction(true);
export const unsuspendUserAction = accessAction(false);
