import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { ZoomConfig } from '../config.js';
import type { ZoomSession } from '../session.js';
import { targetUser } from './user-target.js';

/** Deactivates a user (`PUT /users/{id}/status`, `deactivate`): signed out, cannot sign in or host. Idempotent. */
export const suspendUserAction: ActionDefinition<ZoomConfig, ZoomSession> = {
  id: 'suspend-user',
  title: 'Deactivate user',
  undo: 'unsuspend-user',
  async run(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId);
    if (user.status === 'inactive') return { detail: `${user.label} was already deactivated.` };
    await session.client.setStatus(user.id, 'deactivate', runtime.signal);
    return { detail: `Deactivated ${user.label} in Zoom: signed out, cannot sign in, host or join as this user until activated.` };
  },
  async verify(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId);
    return user.status === 'inactive' ? { ok: true, detail: `Zoom lists ${user.label} as inactive.` } : { ok: false, detail: `Zoom still lists ${user.label} as ${user.status}.` };
  },
};
