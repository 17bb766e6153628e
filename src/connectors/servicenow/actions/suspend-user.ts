import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { ServiceNowConfig } from '../config.js';
import type { ServiceNowSession } from '../session.js';
import { assertNotSelf, findUser } from './user-target.js';
import { readBack } from './read-back.js';

/** Locks the user out (`PATCH sys_user/{sys_id}` `{"locked_out":"true"}`): no log-on until unlocked. Idempotent. */
export const suspendUserAction: ActionDefinition<ServiceNowConfig, ServiceNowSession> = {
  id: 'suspend-user',
  title: 'Lock out user (sys_user.locked_out = true; log-on blocked, account and roles kept)',
  undo: 'unsuspend-user',
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    assertNotSelf(session, user);
    if (user.lockedOut) return { detail: `${user.userName} was already locked out in ServiceNow.` };
    await session.client.patch('servicenow.users.lock', 'sys_user', user.sysId, { locked_out: 'true' }, runtime.signal);
    return { detail: `Locked ${user.userName} out of ServiceNow: they cannot log on until unlocked (unsuspend-user). Sessions already open are not a Table API object; they end when they expire.` };
  },
  verify: (session, runtime, { targetProviderId }) => readBack(session, targetProviderId, runtime.signal, (u) => u.lockedOut, 'locked out'),
};
