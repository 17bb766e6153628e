import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { SlackConfig } from '../config.js';
import type { SlackSession } from '../session.js';
import { targetUser } from './user-target.js';

/** Ends every web, desktop and mobile session of a member (admin.users.session.reset). */
export const revokeSessionsAction: ActionDefinition<SlackConfig, SlackSession> = {
  id: 'revoke-sessions',
  title: 'Reset sessions (sign out of every device)',
  async run(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId, 'reset the sessions of');
    await session.client.web('admin.users.session.reset', { user_id: user.id }, runtime.signal);
    return { detail: `Reset every session of ${user.label}: Slack signs them out on web, desktop and mobile.` };
  },
};
