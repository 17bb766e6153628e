import { ConfigError, NotFoundError, ProviderError } from '../../../core/errors.js';
import { GUID_PATTERN, type ActionDefinition } from '../../sdk/define-connector.js';
import { readBackMemberships } from './read-back.js';
import type { DocusignConfig } from '../config.js';
import type { DocusignSession } from '../session.js';

/**
 * Suspends a DocuSign user by closing their memberships in every account of the organisation (DocuSign's
 * reversible deactivation; the Admin API has no separate "suspend"). Idempotent.
 */
export const suspendUserAction: ActionDefinition<DocusignConfig, DocusignSession> = {
  id: 'suspend-user',
  title: 'Suspend user (close their memberships in every account of the organisation)',
  undo: 'unsuspend-user',
  targetIdPattern: GUID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const { client, config } = session;
    if (targetProviderId.toLowerCase() === config.userId.toLowerCase()) {
      throw new ConfigError(`Refusing to suspend ${targetProviderId}: it is the administrator this DocuSign connection impersonates, and closing its memberships would cut Parapet off. Suspend it in DocuSign Admin by hand if you mean it.`);
    }
    const context = await client.getContext(runtime.signal);
    const profile = await client.profileById(context.organizationId, targetProviderId, runtime.signal);
    if (!profile) throw new NotFoundError(`DocuSign user ${targetProviderId} is not in organisation ${context.organizationId}.`);
    const orgAccounts = new Set(context.accounts.map((a) => a.id.toLowerCase()));
    const memberships = profile.memberships.filter((m) => orgAccounts.has(m.account_id.toLowerCase()));
    const open = memberships.filter((m) => (m.status ?? '').toLowerCase() !== 'closed');
    const who = profile.user_name ?? profile.memberships[0]?.email ?? targetProviderId;
    if (open.length === 0) return { detail: `${who} was already suspended: all ${memberships.length} membership(s) are closed.` };

    const result = await client.closeMemberships(context.organizationId, profile.id, open.map((m) => m.account_id), runtime.signal);
    const failed = result.accounts.filter((a) => a.error_details);
    if (failed.length > 0) {
      const reasons = failed.map((a) => `${a.id ?? '?'}: ${a.error_details?.error_description ?? a.error_details?.error ?? 'unknown error'}`).join('; ');
      throw new ProviderError(`docusign.admin.close-memberships: DocuSign could not close ${failed.length} of ${open.length} membership(s) of ${who} (${reasons}). Run the action again or close them in DocuSign Admin.`);
    }
    const names = open.map((m) => m.account_name ?? m.account_id).join(', ');
    return { detail: `Closed ${open.length} membership(s) of ${who} (${names}).` };
  },  verify: (session, runtime, { targetProviderId }) => readBackMemberships(session, runtime, targetProviderId, true),
};
