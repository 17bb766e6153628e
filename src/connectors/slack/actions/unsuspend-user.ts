import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { SlackConfig } from '../config.js';
import type { SlackSession } from '../session.js';
import { targetUser } from './user-target.js';

/** Reactivates a member through SCIM (`active:true`). Idempotent. */
export const unsuspendUserAction: ActionDefinition<SlackConfig, SlackSession> = {
  id: 'unsuspend-user',
  title: 'Reactivate user (SCIM active=true)',
  async run(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId, 'reactivate');
    if (user.active) return { detail: `${user.label} was already active.` };
    await session.client.scimSetActive(user.id, true, runtime.signal);
    return { detail: `Reactivated ${user.label} in Slack through SCIM.` };
  },
};
