import { ConfigError, NotFoundError } from '../../../core/errors.js';
import type { ConnectorRuntime } from '../../sdk/define-connector.js';
import { lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { SlackSession } from '../session.js';

export interface TargetUser {
  id: string;
  label: string;
  active: boolean;
}

/**
 * The SCIM user an action is about. Refuses the token's own owner: deactivating it or resetting its sessions
 * would cut Parapet off from the org.
 */
export async function targetUser(session: SlackSession, runtime: ConnectorRuntime, targetProviderId: string, verb: string): Promise<TargetUser> {
  const me = await session.client.web('auth.test', {}, runtime.signal);
  if (str(me.user_id) === targetProviderId) {
    throw new ConfigError(`Refusing to ${verb} ${targetProviderId}: it is the org owner whose token this Slack connection uses. Do it in the Slack org dashboard by hand if you mean it.`);
  }
  const user = await session.client.scimUser(targetProviderId, runtime.signal);
  if (!user) throw new NotFoundError(`Slack user ${targetProviderId} is not in this Enterprise Grid org (SCIM answered 404). Check the account id (W... or U...).`);
  const emails = Array.isArray(user.emails) ? (user.emails as { value?: unknown }[]) : [];
  const label = lowerEmail(emails[0]?.value) ?? str(user.userName) ?? targetProviderId;
  return { id: targetProviderId, label, active: user.active !== false };
}
