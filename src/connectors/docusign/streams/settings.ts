import { AuthError } from '../../../core/errors.js';
import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import type { DocusignContext } from '../client.js';
import type { DocusignSession } from '../session.js';

/**
 * Reads one settings document; a permission refusal (scope not granted, user not an admin of the account) is
 * recorded as `{collected: false, reason}` so the posture checks say "not evaluated — grant these scopes"
 * instead of the account silently vanishing from the posture report.
 */
async function settingsDocument(read: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AuthError && error.status !== 401) return { collected: false, status: error.status, reason: error.message };
    throw error;
  }
}

/** The organisation's SSO set-up as `GET /v2/organizations` (organization_read) shows it: claimed domains and identity providers. */
async function organisationDocument(session: DocusignSession, organizationId: string, collectedAt: number, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
  return settingsDocument(async () => {
    const org = (await session.client.organizations('org_admin', signal)).find((o) => o.id.toLowerCase() === organizationId.toLowerCase());
    if (!org) return { collected: false, reason: `The Admin API does not list organisation ${organizationId} among those the impersonated user administers.` };
    return { collected: true, id: org.id, name: org.name ?? null, collectedAt: new Date(collectedAt).toISOString(), reserved_domains: org.reserved_domains ?? [], identity_providers: org.identity_providers ?? [] };
  });
}

/**
 * Who administers the organisation or one of its accounts, with their two-step and federation flags. Each
 * account's eSignature user list (100 a page) names its administrators; only those users' Admin API profiles
 * are read (one request each), plus the connected user's, who administers the organisation. An organisation
 * administrator with no account-administrator membership is therefore not seen (the Admin API flags
 * organisation administrators only in each user's profile, and reading every profile costs one request per user).
 */
async function administratorsDocument(session: DocusignSession, context: DocusignContext, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
  return settingsDocument(async () => {
    const { client } = session;
    const candidates = new Map<string, string>();
    if (context.isOrgAdmin && context.me.email) candidates.set(context.me.userId.toLowerCase(), context.me.email);
    for (const account of context.accounts) {
      if (!account.baseUri) continue;
      for (const admin of await client.accountAdministrators(account, signal)) if (admin.email) candidates.set(admin.userId.toLowerCase(), admin.email);
    }
    const administrators: Record<string, unknown>[] = [];
    for (const [id, email] of candidates) {
      const profile = await client.profileOf(context.organizationId, { id, email }, signal);
      if (!profile || (profile.user_status ?? '').toLowerCase() !== 'active') continue;
      const adminOf = profile.memberships.filter((m) => m.is_admin === true && (m.status ?? '').toLowerCase() === 'active').map((m) => m.account_name ?? m.account_id);
      if (profile.is_organization_admin !== true && adminOf.length === 0) continue;
      administrators.push({
        id: profile.id,
        email: email.toLowerCase(),
        name: profile.user_name ?? null,
        isOrganizationAdmin: profile.is_organization_admin === true,
        adminOf,
        requireTwoStepVerification: profile.require_two_step_verification ?? null,
        federatedStatus: profile.federated_status ?? null,
      });
    }
    return { collected: true, administrators: administrators.sort((a, b) => String(a.email).localeCompare(String(b.email))) };
  });
}

/**
 * Posture input: for each account of the organisation the impersonated user belongs to, the eSignature
 * v2.1 settings (`account/<id>/settings`) and password rules (`account/<id>/password_rules`), verbatim; then,
 * from the Admin API, the organisation's claimed domains and identity providers
 * (`organization/<id>/organization`) and its administrators (`organization/<id>/administrators`).
 */
export const settingsStream: SnapshotStream<DocusignSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client } = session;
    const signal = runtime.signal;
    const context = await client.getContext(signal);
    for (const account of context.accounts) {
      if (!account.baseUri) {
        runtime.logger.warn({ accountId: account.id }, 'the impersonated user is not a member of this DocuSign account: its settings cannot be read');
        continue;
      }
      const settings = await settingsDocument(() => client.accountSettings(account, signal));
      const passwordRules = await settingsDocument(() => client.passwordRules(account, signal));
      const page: SettingsRecord[] = [
        { key: `account/${account.id}/settings`, value: settings },
        { key: `account/${account.id}/password_rules`, value: passwordRules },
      ];
      yield page;
    }
    yield [
      { key: `organization/${context.organizationId}/organization`, value: await organisationDocument(session, context.organizationId, runtime.clock.now(), signal) },
      { key: `organization/${context.organizationId}/administrators`, value: await administratorsDocument(session, context, signal) },
    ];
  },
};
