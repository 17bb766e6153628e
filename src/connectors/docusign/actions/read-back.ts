import { NotFoundError } from '../../../core/errors.js';
import type { ConnectorRuntime } from '../../sdk/define-connector.js';
import type { DocusignSession } from '../session.js';

/** Reads a user's memberships in the organisation's accounts back after a suspend (all closed) or unsuspend (none closed). */
export async function readBackMemberships(session: DocusignSession, runtime: ConnectorRuntime, userId: string, closed: boolean): Promise<{ ok: boolean; detail: string }> {
  const context = await session.client.getContext(runtime.signal);
  const profile = await session.client.profileById(context.organizationId, userId, runtime.signal);
  if (!profile) throw new NotFoundError(`DocuSign user ${userId} is not in organisation ${context.organizationId}.`);
  const accounts = new Set(context.accounts.map((a) => a.id.toLowerCase()));
  const memberships = profile.memberships.filter((m) => accounts.has(m.account_id.toLowerCase()));
  const closedCount = memberships.filter((m) => (m.status ?? '').toLowerCase() === 'closed').length;
  const ok = closed ? closedCount === memberships.length : closedCount === 0;
  return { ok, detail: `DocuSign Admin reports ${closedCount} of ${memberships.length} membership(s) closed.` };
}
