import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { ServiceNowConfig } from '../config.js';
import type { ServiceNowSession } from '../session.js';
import { readBack } from './read-back.js';
import { findUser } from './user-target.js';

/** Undoes a lock-out and a deactivation (`{"locked_out":"false","active":"true"}`). Idempotent. */
export const unsuspendUserAction: ActionDefinition<ServiceNowConfig, ServiceNowSession> = {
  id: 'unsuspend-user',
  title: 'Unlock and reactivate user (locked_out = false, active = true)',
  undo: 'suspend-user',
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    if (user.active && !user.lockedOut) return { detail: `${user.userName} was already active and unlocked in ServiceNow.` };
    const values: Record<string, string> = {};
    if (user.lockedOut) values.locked_out = 'false';
    if (!user.active) values.active = 'true';
    await session.client.patch('servicenow.users.unlock', 'sys_user', user.sysId, values, runtime.signal);
    return { detail: `${[!user.active ? 'Reactivated' : null, user.lockedOut ? 'unlocked' : null].filter(Boolean).join(' and ')} ${user.userName} in ServiceNow.` };
  },
  verify: (session, runtime, { targetProviderId }) => readBack(session, targetProviderId, runtime.signal, (u) => u.active && !u.lockedOut, 'active and unlocked'),
};
