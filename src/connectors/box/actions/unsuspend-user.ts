import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { BoxConfig } from '../config.js';
import type { BoxSession } from '../session.js';
import { findUser } from './user-target.js';

/** Reactivates a deactivated user (`PUT /users/{id}` `{"status":"active"}`). Idempotent. */
export const unsuspendUserAction: ActionDefinition<BoxConfig, BoxSession> = {
  id: 'unsuspend-user',
  title: 'Reactivate user (Box status active)',
  undo: 'suspend-user',
  targetIdPattern: /^\d{1,20}$/,
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    if (user.status === 'active') return { detail: `${user.login} was already active in Box.` };
    await session.client.send('box.users.reactivate', 'PUT', `/users/${user.id}`, { status: 'active' }, runtime.signal);
    return { detail: `Reactivated ${user.login} in Box: they can sign in again.` };
  },
  async verify(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    return { ok: user.status === 'active', detail: `Box reports ${user.login} as ${user.status}.` };
  },
};
