import { ProviderError } from '../../../core/errors.js';
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
    try {
      await session.client.setStatus(user.id, 'deactivate', runtime.signal);
    } catch (error) {
      // Zoom refuses to deactivate owners and admins through the API (400, code 200).
      if (error instanceof ProviderError && error.providerCode === '200') {
        throw new ProviderError(`Zoom refused to deactivate ${user.label}: it holds the ${user.roleId === '0' ? 'Owner' : 'Admin'} role, and Zoom does not let the API deactivate owners or admins. Sign them out now (revoke-sessions), then remove the role in Zoom (User Management → Roles) and deactivate again.`, { providerCode: '200', status: error.status, cause: error });
      }
      throw error;
    }
    return { detail: `Deactivated ${user.label} in Zoom: signed out, cannot sign in, host or join as this user until activated.` };
  },
  async verify(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId);
    return user.status === 'inactive' ? { ok: true, detail: `Zoom lists ${user.label} as inactive.` } : { ok: false, detail: `Zoom still lists ${user.label} as ${user.status}.` };
  },
};
