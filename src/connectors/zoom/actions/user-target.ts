import { NotFoundError } from '../../../core/errors.js';
import type { ConnectorRuntime } from '../../sdk/define-connector.js';
import { lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { ZoomSession } from '../session.js';

export interface TargetUser {
  id: string;
  label: string;
  status: string;
  roleId: string | null;
}

/** The Zoom user an action is about (`GET /users/{id}`); NotFoundError when the account does not know it. */
export async function targetUser(session: ZoomSession, runtime: ConnectorRuntime, targetProviderId: string): Promise<TargetUser> {
  const user = await session.client.user(targetProviderId, runtime.signal);
  if (!user) throw new NotFoundError(`Zoom user ${targetProviderId} is not in this account (Zoom answered 404, code 1001). Check the account id.`);
  return { id: str(user.id) ?? targetProviderId, label: lowerEmail(user.email) ?? targetProviderId, status: str(user.status) ?? 'active', roleId: str(user.role_id) };
}
