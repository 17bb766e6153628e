import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { AtlassianConfig } from '../config.js';
import type { AtlassianSession } from '../session.js';
import { ACCOUNT_ID_PATTERN, findUser, userPath } from './user-target.js';

/**
 * Suspends the account's access to the organisation's apps (`POST …/directory/users/{id}/suspend-access`):
 * they keep their account, roles and groups, and are not billed; undone by unsuspend-user. Idempotent.
 */
export const suspendUserAction: ActionDefinition<AtlassianConfig, AtlassianSession> = {
  id: 'suspend-user',
  title: 'Suspend access (Atlassian: suspend-access; product access removed, roles and groups kept)',
  undo: 'unsuspend-user',
  targetIdPattern: ACCOUNT_ID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    const who = user.email ?? user.accountId;
    if (user.membershipStatus === 'suspended') return { detail: `${who}'s access was already suspended in Atlassian.` };
    await session.client.send('atlassian.users.suspend-access', 'POST', `${userPath(session, user.accountId)}/suspend-access`, undefined, runtime.signal);
    return { detail: `Suspended ${who}'s access to the organisation's Atlassian apps: sessions in Jira, Confluence and the rest end, roles and groups are kept for a restore.` };
  },
  async verify(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    return user.membershipStatus === 'suspended' ? { ok: true, detail: `Atlassian lists ${user.email ?? user.accountId} as suspended.` } : { ok: false, detail: `Atlassian still lists ${user.email ?? user.accountId} as ${user.membershipStatus ?? 'not suspended'}.` };
  },
};
