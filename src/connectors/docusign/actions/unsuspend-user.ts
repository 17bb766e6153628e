import { NotFoundError } from '../../../core/errors.js';
import { GUID_PATTERN, type ActionDefinition } from '../../sdk/define-connector.js';
import { readBackMemberships } from './read-back.js';
import type { DocusignConfig } from '../config.js';
import type { DocusignSession } from '../session.js';

/**
 * Undoes `suspend-user`: re-activates every closed membership of the user in the organisation's accounts.
 * DocuSign keeps no record of why a membership was closed, so memberships closed for another reason are
 * re-activated too. Idempotent.
 */
export const unsuspendUserAction: ActionDefinition<DocusignConfig, DocusignSession> = {
  id: 'unsuspend-user',
  title: 'Unsuspend user (re-activate their closed memberships)',
  undo: 'suspend-user',
  targetIdPattern: GUID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const { client } = session;
    const context = await client.getContext(runtime.signal);
    const profile = await client.profileById(context.organizationId, targetProviderId, runtime.signal);
    if (!profile) throw new NotFoundError(`DocuSign user ${targetProviderId} is not in organisation ${context.organizationId}.`);
    const accounts = new Map(context.accounts.map((a) => [a.id.toLowerCase(), a]));
    const closed = profile.memberships.filter((m) => accounts.has(m.account_id.toLowerCase()) && (m.status ?? '').toLowerCase() === 'closed');
    const who = profile.user_name ?? profile.memberships[0]?.email ?? targetProviderId;
    if (closed.length === 0) return { detail: `${who} had no closed membership: nothing to re-activate.` };
    for (const m of closed) {
      const siteId = accounts.get(m.account_id.toLowerCase())?.siteId ?? null;
      await client.reactivateMembership(context.organizationId, profile.id, m.id, siteId, runtime.signal);
    }
    return { detail: `Re-activated ${closed.length} membership(s) of ${who} (${closed.map((m) => m.account_name ?? m.account_id).join(', ')}).` };
  },  verify: (session, runtime, { targetProviderId }) => readBackMemberships(session, runtime, targetProviderId, false),
};
