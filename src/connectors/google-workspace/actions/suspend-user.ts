import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { GoogleWorkspaceConfig } from '../config.js';
import type { GoogleSession } from '../session.js';
import { assertNotImpersonatedAdmin, userLabel } from './user-target.js';

/** Suspends a Google Workspace user (`PATCH users/{key}` with `suspended: true`). Idempotent. */
export const suspendUser: ActionDefinition<GoogleWorkspaceConfig, GoogleSession> = {
  id: 'suspend-user',
  title: 'Suspend user (Google Workspace sign-in blocked; data kept)',
  undo: 'unsuspend-user',
  async run(session, runtime, { targetProviderId }) {
    const user = await session.actions.getUser(targetProviderId, runtime.signal);
    assertNotImpersonatedAdmin(session, targetProviderId, user, 'suspend');
    const who = userLabel(user, targetProviderId);
    if (user.suspended === true) return { detail: `${who} was already suspended.` };
    await session.actions.setSuspended(targetProviderId, true, runtime.signal);
    return { detail: `Suspended ${who} in Google Workspace.` };
  },
};

export const unsuspendUser: ActionDefinition<GoogleWorkspaceConfig, GoogleSession> = {
  id: 'unsuspend-user',
  title: 'Unsuspend user',
  undo: 'suspend-user',
  async run(session, runtime, { targetProviderId }) {
    const user = await session.actions.getUser(targetProviderId, runtime.signal);
    const who = userLabel(user, targetProviderId);
    if (user.suspended !== true) return { detail: `${who} was not suspended.` };
    await session.actions.setSuspended(targetProviderId, false, runtime.signal);
    return { detail: `Unsuspended ${who} in Google Workspace.` };
  },
};
