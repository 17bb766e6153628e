import { AuthError } from '../../../core/errors.js';
import type { ConnectorRuntime, SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { GraphObject } from '../client.js';
import { PRIVILEGED_ROLE_IDS, loadRoleHoldings } from '../directory-roles.js';
import { M365_ERROR_CODES } from '../http-policy.js';
import type { M365Session } from '../session.js';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Settings keys the posture checks read (one SettingsRecord each). */
export const SETTINGS_KEYS = {
  securityDefaults: 'securityDefaults',
  authorizationPolicy: 'authorizationPolicy',
  conditionalAccess: 'conditionalAccessPolicies',
  authenticationMethods: 'authenticationMethodsPolicy',
  adminConsentRequest: 'adminConsentRequestPolicy',
  domains: 'domains',
  mailContacts: 'mailContacts',
  groupSettings: 'groupSettings',
  permissionClassifications: 'graphDelegatedPermissionClassifications',
  privilegedRoles: 'privilegedRoleAssignments',
  signInActivity: 'userSignInActivity',
  auditSubscriptions: 'auditSubscriptions',
} as const;

function clean(doc: GraphObject): Record<string, unknown> {
  const { '@odata.context': _context, ...rest } = doc;
  return rest;
}

function isNonPremium(error: unknown): boolean {
  return error instanceof AuthError && error.providerCode === M365_ERROR_CODES.nonPremium;
}

async function collect(session: M365Session, runtime: ConnectorRuntime, path: string, query?: Record<string, string | number>): Promise<GraphObject[]> {
  const items: GraphObject[] = [];
  for await (const page of session.client.graphPages('microsoft365.graph.policies', session.client.graphUrl(path), query, { signal: runtime.signal })) items.push(...page);
  return items;
}

/**
 * The posture documents of digest §4 as settings records: Entra policies verbatim, plus two derived ones
 * (privileged role holders with their sync state, users' last sign-in) so every check stays a pure function.
 * Documents a licence does not cover are recorded as unavailable, with the reason, rather than skipped.
 */
export const settingsStream: SnapshotStream<M365Session, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client } = session;
    const signal = runtime.signal;
    const records: SettingsRecord[] = [];
    const doc = async (key: string, path: string) => records.push({ key, value: clean(await client.graphGet('microsoft365.graph.policies', path, undefined, signal)) });

    await doc(SETTINGS_KEYS.securityDefaults, '/policies/identitySecurityDefaultsEnforcementPolicy');
    await doc(SETTINGS_KEYS.authorizationPolicy, '/policies/authorizationPolicy');
    await doc(SETTINGS_KEYS.authenticationMethods, '/policies/authenticationMethodsPolicy');
    await doc(SETTINGS_KEYS.adminConsentRequest, '/policies/adminConsentRequestPolicy');
    try {
      records.push({ key: SETTINGS_KEYS.conditionalAccess, value: { available: true, value: await collect(session, runtime, '/identity/conditionalAccess/policies') } });
    } catch (error) {
      if (!isNonPremium(error)) throw error;
      records.push({ key: SETTINGS_KEYS.conditionalAccess, value: { available: false, reason: 'Conditional Access needs Microsoft Entra ID P1 or P2.', value: [] } });
    }
    const domains: GraphObject[] = [];
    for await (const page of client.graphPages('microsoft365.graph.domains', client.graphUrl('/domains'), undefined, { signal })) domains.push(...page);
    records.push({ key: SETTINGS_KEYS.domains, value: { value: domains } });
    // Mail contacts: detection resolves a forwarding recipient given by name (Set-Mailbox -ForwardingAddress).
    const contacts: GraphObject[] = [];
    for await (const page of client.graphPages('microsoft365.graph.contacts', client.graphUrl('/contacts'), { $select: 'id,displayName,mail,mailNickname,proxyAddresses' }, { signal })) contacts.push(...page);
    records.push({ key: SETTINGS_KEYS.mailContacts, value: { value: contacts } });
    const groupSettings: GraphObject[] = [];
    for await (const page of client.graphPages('microsoft365.graph.group-settings', client.graphUrl('/groupSettings'), undefined, { signal })) groupSettings.push(...page);
    records.push({ key: SETTINGS_KEYS.groupSettings, value: { value: groupSettings } });

    let graphSpId: string | null = null;
    for await (const page of client.graphPages('microsoft365.graph.service-principals', client.graphUrl('/servicePrincipals'), { $filter: `appId eq '${GRAPH_APP_ID}'`, $select: 'id,appId' }, { signal })) {
      graphSpId ??= str(page[0]?.id);
    }
    const classifications: GraphObject[] = [];
    if (graphSpId) {
      for await (const page of client.graphPages('microsoft365.graph.service-principals', client.graphUrl(`/servicePrincipals/${graphSpId}/delegatedPermissionClassifications`), undefined, { signal })) classifications.push(...page);
    }
    records.push({ key: SETTINGS_KEYS.permissionClassifications, value: { value: classifications } });

    // Users: last sign-in (needs P1) and on-premises sync state of the privileged ones.
    const users = new Map<string, GraphObject>();
    let signInAvailable = true;
    const select = 'id,userPrincipalName,accountEnabled,userType,createdDateTime,onPremisesSyncEnabled';
    try {
      for await (const page of client.graphPages('microsoft365.graph.users.sign-in-activity', client.graphUrl('/users'), { $select: `${select},signInActivity`, $top: 500 }, { signal })) {
        for (const u of page) users.set(String(u.id), u);
      }
    } catch (error) {
      if (!isNonPremium(error)) throw error;
      signInAvailable = false;
      users.clear();
      for await (const page of client.graphPages('microsoft365.graph.users', client.graphUrl('/users'), { $select: select, $top: 999 }, { signal })) {
        for (const u of page) users.set(String(u.id), u);
      }
    }
    const holdings = await loadRoleHoldings(session, signal);
    records.push({
      key: SETTINGS_KEYS.privilegedRoles,
      value: {
        value: holdings.map((h) => {
          const user = users.get(h.principalId);
          return {
            roleTemplateId: h.roleId,
            roleName: h.roleName,
            privileged: PRIVILEGED_ROLE_IDS.has(h.roleId),
            principalId: h.principalId,
            principalType: h.principalType,
            userPrincipalName: h.userPrincipalName ?? str(user?.userPrincipalName),
            accountEnabled: user?.accountEnabled ?? null,
            onPremisesSyncEnabled: user?.onPremisesSyncEnabled ?? null,
            viaGroup: h.viaGroup,
          };
        }),
      },
    });
    records.push({
      key: SETTINGS_KEYS.signInActivity,
      value: {
        available: signInAvailable,
        ...(signInAvailable ? {} : { reason: 'Last sign-in times need Microsoft Entra ID P1 or P2.' }),
        collectedAt: new Date(runtime.clock.now()).toISOString(),
        value: [...users.values()].map((u) => {
          const activity = (typeof u.signInActivity === 'object' && u.signInActivity !== null ? u.signInActivity : {}) as Record<string, unknown>;
          return {
            id: str(u.id),
            userPrincipalName: str(u.userPrincipalName),
            accountEnabled: u.accountEnabled ?? null,
            userType: str(u.userType),
            createdDateTime: str(u.createdDateTime),
            lastSignInDateTime: str(activity.lastSignInDateTime),
            lastSuccessfulSignInDateTime: str(activity.lastSuccessfulSignInDateTime),
          };
        }),
      },
    });
    records.push({ key: SETTINGS_KEYS.auditSubscriptions, value: await auditSubscriptions(session, signal) });
    yield records;
  },
};

/**
 * The Management Activity API subscriptions (content type and status): whether the unified audit log reaches
 * Parapet for each workload. Refused (ActivityFeed.Read not granted) is recorded as unavailable with the reason.
 */
async function auditSubscriptions(session: M365Session, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
  try {
    const { subscriptions } = await session.client.listSubscriptions(signal);
    return { available: true, value: subscriptions.map((s) => ({ contentType: s.contentType, status: s.status ?? null })) };
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    return { available: false, reason: error.message, value: [] };
  }
}
