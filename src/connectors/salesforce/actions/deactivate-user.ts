import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { SalesforceConfig } from '../config.js';
import type { SalesforceSession } from '../session.js';
import { targetUser, USER_ID_PATTERN } from './user-target.js';

/** Deactivates the user (User.IsActive = false): users cannot be deleted in Salesforce. Idempotent. */
export const deactivateUserAction: ActionDefinition<SalesforceConfig, SalesforceSession> = {
  id: 'remove-from-org',
  title: 'Deactivate user (User.IsActive = false)',
  targetIdPattern: USER_ID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId, 'deactivate');
    if (!user.active) return { detail: `${user.label} was already deactivated.` };
    await session.client.patch('User', user.id, { IsActive: false }, runtime.signal);
    return { detail: `Deactivated ${user.label}: they cannot sign in and their licence is freed; reactivate in Setup → Users if this was a mistake.` };
  },
  async verify(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId, 'deactivate');
    return { ok: !user.active, detail: user.active ? `${user.label} is still active.` : `${user.label} is inactive.` };
  },
};
