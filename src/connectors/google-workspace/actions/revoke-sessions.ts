import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { GoogleWorkspaceConfig } from '../config.js';
import type { GoogleSession } from '../session.js';
import { assertNotImpersonatedAdmin, userLabel } from './user-target.js';

/** Signs a user out of every web and device session (`POST users/{key}/signOut`, 204). */
export const revokeSessions: ActionDefinition<GoogleWorkspaceConfig, GoogleSession> = {
  id: 'revoke-sessions',
  title: 'Sign out of every session (web and devices)',
  async run(session, runtime, { targetProviderId }) {
    const user = await session.actions.getUser(targetProviderId, runtime.signal);
    assertNotImpersonatedAdmin(session, targetProviderId, user, 'sign out');
    await session.actions.signOut(targetProviderId, runtime.signal);
    return { detail: `Signed ${userLabel(user, targetProviderId)} out of every Google session; they must sign in again.` };
  },
};
