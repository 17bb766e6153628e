import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { AtlassianConfig } from '../config.js';
import type { AtlassianSession } from '../session.js';
import { ACCOUNT_ID_PATTERN, findUser, userPath } from './user-target.js';

/** Restores a suspended account's access (`POST …/directory/users/{id}/restore-access`) with its former roles and groups. Idempotent. */
export const unsuspendUserAction: ActionDefinition<AtlassianConfig, AtlassianSession> = {
  id: 'unsuspend-user',
  title: 'Restore access (Atlassian: restore-access; former roles and groups return)',
  undo: 'suspend-user',
  targetIdPattern: ACCOUNT_ID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    const who = user.email ?? user.accountId;
    if (user.membershipStatus !== 'suspended') return { detail: `${who}'s access was not suspended in Atlassian.` };
    await session.client.send('atlassian.users.restore-access', 'POST', `${userPath(session, user.accountId)}/restore-access`, undefined, runtime.signal);
    return { detail: `Restored ${who}'s access to the organisation's Atlassian apps, with their former roles and groups.` };
  },
  async verify(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    return user.membershipStatus !== 'suspended' ? { ok: true, detail: `Atlassian lists ${user.email ?? user.accountId} as ${user.membershipStatus ?? 'active'}.` } : { ok: false, detail: `Atlassian still lists ${user.email ?? user.accountId} as suspended.` };
  },
};
