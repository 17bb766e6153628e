import { ConfigError } from '../../../core/errors.js';
import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { OktaConfig } from '../config.js';
import type { OktaSession } from '../session.js';
import { findUser } from './user-target.js';

/** Suspends an ACTIVE user (`POST …/lifecycle/suspend`): they cannot sign in; undone by unsuspend. Idempotent. */
export const suspendUserAction: ActionDefinition<OktaConfig, OktaSession> = {
  id: 'suspend-user',
  title: 'Suspend user (Okta lifecycle: suspend; sign-in blocked, apps kept)',
  undo: 'unsuspend-user',
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    if (user.status === 'SUSPENDED') return { detail: `${user.login} was already suspended in Okta.` };
    if (user.status !== 'ACTIVE') throw new ConfigError(`Okta suspends only ACTIVE users; ${user.login} is ${user.status}. Deactivate or fix the user in the Admin Console instead.`);
    await session.client.send('okta.users.suspend', 'POST', `/api/v1/users/${encodeURIComponent(user.id)}/lifecycle/suspend`, {}, runtime.signal);
    return { detail: `Suspended ${user.login} in Okta: they cannot sign in until unsuspended.` };
  },
};
