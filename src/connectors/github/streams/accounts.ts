import type { AccountRecord } from '../../../core/account.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { externalIdentities, graphqlMembers, linkingEmail } from '../identities.js';
import type { GithubSession } from '../session.js';

/**
 * Members (owners flagged as admins) and outside collaborators. E-mails come from the organisation's
 * verified domains, else from the SAML/SCIM identity, so accounts link to the same person in other apps.
 */
export const accountsStream: SnapshotStream<GithubSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const { client } = session;
    const signal = runtime.signal;
    const members = await graphqlMembers(client, signal);
    const identities = await externalIdentities(client, signal);
    const noTwoFactor = new Set<string>();
    for await (const page of client.members('all', signal, '2fa_disabled')) for (const u of page) noTwoFactor.add(String(u.id));
    const records: AccountRecord[] = members.map((m) => {
      const link = linkingEmail(m, identities.get(m.login.toLowerCase()));
      return {
        providerId: m.id,
        email: link.email,
        name: m.name ?? m.login,
        status: 'active',
        isAdmin: m.role === 'ADMIN',
        aliases: m.verifiedEmails.slice(1).map((e) => e.toLowerCase()),
        details: { login: m.login, role: m.role === 'ADMIN' ? 'owner' : 'member', emailSource: link.source, twoFactorDisabled: noTwoFactor.has(m.id) },
      };
    });
    if (records.length > 0) yield records;
    for await (const page of client.outsideCollaborators(signal)) {
      if (page.length === 0) continue;
      yield page.map((u) => {
        const link = linkingEmail({ verifiedEmails: [] }, identities.get(u.login.toLowerCase()));
        return { providerId: String(u.id), email: link.email, name: u.login, status: 'active' as const, isAdmin: false, details: { login: u.login, role: 'outside_collaborator', emailSource: link.source } };
      });
    }
  },
};
