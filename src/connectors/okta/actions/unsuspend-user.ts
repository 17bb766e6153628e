import { ConfigError } from '../../../core/errors.js';
import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { OktaConfig } from '../config.js';
import type { OktaSession } from '../session.js';
import { findUser } from './user-target.js';

/** Returns a SUSPENDED user to ACTIVE (`POST …/lifecycle/unsuspend`). Idempotent. */
export const unsuspendUserAction: ActionDefinition<OktaConfig, OktaSession> = {
  id: 'unsuspend-user',
  title: 'Unsuspend user (Okta lifecycle: unsuspend)',
  undo: 'suspend-user',
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    if (user.status === 'ACTIVE') return { detail: `${user.login} was already active in Okta.` };
    if (user.status !== 'SUSPENDED') throw new ConfigError(`Okta unsuspends only SUSPENDED users; ${user.login} is ${user.status}.`);
    await session.client.send('okta.users.unsuspend', 'POST', `/api/v1/users/${encodeURIComponent(user.id)}/lifecycle/unsuspend`, {}, runtime.signal);
    return { detail: `Unsuspended ${user.login} in Okta.` };
  },
};
