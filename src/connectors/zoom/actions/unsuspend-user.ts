import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { ZoomConfig } from '../config.js';
import type { ZoomSession } from '../session.js';
import { targetUser } from './user-target.js';

/** Activates a deactivated user again (`PUT /users/{id}/status`, `activate`). Idempotent. */
export const unsuspendUserAction: ActionDefinition<ZoomConfig, ZoomSession> = {
  id: 'unsuspend-user',
  title: 'Activate user',
  async run(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId);
    if (user.status === 'active') return { detail: `${user.label} was already active.` };
    await session.client.setStatus(user.id, 'activate', runtime.signal);
    return { detail: `Activated ${user.label} in Zoom again: they can sign in.` };
  },
  async verify(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId);
    return user.status === 'active' ? { ok: true, detail: `Zoom lists ${user.label} as active.` } : { ok: false, detail: `Zoom still lists ${user.label} as ${user.status}.` };
  },
};
