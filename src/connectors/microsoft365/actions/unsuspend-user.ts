import { GUID_PATTERN, type ActionDefinition } from '../../sdk/define-connector.js';
import type { Microsoft365Config } from '../config.js';
import type { M365Session } from '../session.js';
import { cloudUser, explainDenied, readBackEnabled } from './user-target.js';

/** The undo of suspend-user: allows sign-in again (accountEnabled = true). */
export const unsuspendUser: ActionDefinition<Microsoft365Config, M365Session> = {
  id: 'unsuspend-user',
  title: 'Unsuspend user (allow sign-in)',
  undo: 'suspend-user',
  targetIdPattern: GUID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const user = await cloudUser(session, runtime, targetProviderId, 'unsuspend');
    if (user.accountEnabled === true) return { detail: `${user.userPrincipalName} could already sign in.` };
    try {
      await session.client.graphPatch('microsoft365.graph.suspend-user', `/users/${user.id}`, { accountEnabled: true }, runtime.signal);
    } catch (error) {
      await explainDenied(session, error, 'User.EnableDisableAccount.All', user.userPrincipalName, 'unsuspend');
    }
    return { detail: `Allowed ${user.userPrincipalName} to sign in again (accountEnabled = true).` };
  },  verify: (session, runtime, { targetProviderId }) => readBackEnabled(session, runtime, targetProviderId, true),
};
