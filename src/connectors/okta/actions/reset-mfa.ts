import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { OktaConfig } from '../config.js';
import type { OktaSession } from '../session.js';
import { findUser } from './user-target.js';

/** Resets every factor of the user (`POST …/lifecycle/reset_factors`): they enrol again at the next sign-in. */
export const resetMfaAction: ActionDefinition<OktaConfig, OktaSession> = {
  id: 'reset-mfa',
  title: 'Reset MFA factors (the user enrols again at the next sign-in)',
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    await session.client.send('okta.users.reset-factors', 'POST', `/api/v1/users/${encodeURIComponent(user.id)}/lifecycle/reset_factors`, {}, runtime.signal);
    return { detail: `Reset every MFA factor of ${user.login}: Okta asks them to enrol again at their next sign-in. Clear their sessions too if the factors may be in an attacker's hands.` };
  },
};
