import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { SlackConfig } from '../config.js';
import type { SlackSession } from '../session.js';
import { targetUser } from './user-target.js';

/** Deactivates a member through SCIM (`active:false`): their sessions end and they cannot sign in. Idempotent. */
export const suspendUserAction: ActionDefinition<SlackConfig, SlackSession> = {
  id: 'suspend-user',
  title: 'Deactivate user (SCIM active=false)',
  undo: 'unsuspend-user',
  async run(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId, 'deactivate');
    if (!user.active) return { detail: `${user.label} was already deactivated.` };
    await session.client.scimSetActive(user.id, false, runtime.signal);
    return { detail: `Deactivated ${user.label} in Slack through SCIM: signed out everywhere, cannot sign in until reactivated.` };
  },
};
