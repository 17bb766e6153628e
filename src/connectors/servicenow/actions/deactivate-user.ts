import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { ServiceNowConfig } from '../config.js';
import type { ServiceNowSession } from '../session.js';
import { readBack } from './read-back.js';
import { assertNotSelf, findUser } from './user-target.js';

/**
 * Deactivates the user (`PATCH sys_user/{sys_id}` `{"active":"false"}`): the account stays with its roles
 * and history but cannot log on; `unsuspend-user` sets it active again. Idempotent.
 */
export const deactivateUserAction: ActionDefinition<ServiceNowConfig, ServiceNowSession> = {
  id: 'remove-from-org',
  title: 'Deactivate user (sys_user.active = false; undone by unsuspend-user)',
  undo: 'unsuspend-user',
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    assertNotSelf(session, user);
    if (!user.active) return { detail: `${user.userName} was already inactive in ServiceNow.` };
    await session.client.patch('servicenow.users.deactivate', 'sys_user', user.sysId, { active: 'false' }, runtime.signal);
    return { detail: `Deactivated ${user.userName} in ServiceNow (active = false): they cannot log on; their roles, groups and records are kept, and unsuspend-user reactivates them.` };
  },
  verify: (session, runtime, { targetProviderId }) => readBack(session, targetProviderId, runtime.signal, (u) => !u.active, 'inactive'),
};
