import { ConfigError } from '../../../core/errors.js';
import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { BoxConfig } from '../config.js';
import type { BoxSession } from '../session.js';
import { findUser } from './user-target.js';

/**
 * Deactivates a managed user (`PUT /users/{id}` `{"status":"inactive"}`): they cannot sign in, their content
 * stays. Undone by unsuspend. Idempotent. Box refuses it for the primary admin.
 */
export const suspendUserAction: ActionDefinition<BoxConfig, BoxSession> = {
  id: 'suspend-user',
  title: 'Deactivate user (Box status inactive; sign-in blocked, content kept)',
  undo: 'unsuspend-user',
  targetIdPattern: /^\d{1,20}$/,
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    if (user.role === 'admin') throw new ConfigError(`${user.login} is the enterprise's primary admin, whom Box does not let anyone deactivate. Transfer the primary admin role first (Admin Console → Account & Billing), or revoke their sessions instead.`);
    if (user.status === 'inactive') return { detail: `${user.login} was already inactive in Box.` };
    await session.client.send('box.users.deactivate', 'PUT', `/users/${user.id}`, { status: 'inactive' }, runtime.signal);
    return { detail: `Deactivated ${user.login} in Box: they cannot sign in until reactivated; their files and collaborations are kept.`, evidence: { previousStatus: user.status } };
  },
  async verify(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    return { ok: user.status === 'inactive', detail: `Box reports ${user.login} as ${user.status}.` };
  },
};
