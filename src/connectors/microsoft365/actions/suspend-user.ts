import { GUID_PATTERN, type ActionDefinition } from '../../sdk/define-connector.js';
import type { Microsoft365Config } from '../config.js';
import type { M365Session } from '../session.js';
import { cloudUser, explainDenied, readBackEnabled } from './user-target.js';

/** Blocks sign-in (accountEnabled = false). Sessions already open are not ended: pair with require-reauth. */
export const suspendUser: ActionDefinition<Microsoft365Config, M365Session> = {
  id: 'suspend-user',
  title: 'Suspend user (block sign-in)',
  undo: 'unsuspend-user',
  targetIdPattern: GUID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const user = await cloudUser(session, runtime, targetProviderId, 'suspend');
    if (user.accountEnabled === false) return { detail: `${user.userPrincipalName} was already blocked from signing in.` };
    try {
      await session.client.graphPatch('microsoft365.graph.suspend-user', `/users/${user.id}`, { accountEnabled: false }, runtime.signal);
    } catch (error) {
      await explainDenied(session, error, 'User.EnableDisableAccount.All', user.userPrincipalName, 'suspend');
    }
    return { detail: `Blocked ${user.userPrincipalName} from signing in (accountEnabled = false). Sessions already open last until their tokens expire unless sessions are also revoked.` };
  },  verify: (session, runtime, { targetProviderId }) => readBackEnabled(session, runtime, targetProviderId, false),
};
