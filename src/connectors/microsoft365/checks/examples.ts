import type { PostureExamples, SettingsSnapshot } from '../../sdk/define-check.js';
import { lazyExamples, settingsSnapshot } from '../../sdk/define-check.js';
import type { SettingsRecord } from '../../sdk/define-connector.js';
import { PRIVILEGED_ROLE_IDS } from '../directory-roles.js';
import seeded from './fixtures/graph.settings.json' with { type: 'json' };

/** A Graph settings document, reshaped freely by the edits below. */
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture surgery on JSON of many shapes
type Edit = (docs: Doc) => void;

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

/** The seeded tenant's settings (graph.settings.json) with `edit` applied to a deep copy. */
function seededWith(edit: Edit = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Doc;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value: value as Record<string, unknown> })));
}

const policies = (d: Doc): Doc[] => d.conditionalAccessPolicies.value;
const caPolicy = (name: string, conditions: Doc, grant: Doc): Doc => ({
  id: name,
  displayName: name,
  state: 'enabled',
  conditions: { clientAppTypes: ['all'], userRiskLevels: [], signInRiskLevels: [], applications: { includeApplications: ['All'] }, users: { includeUsers: ['All'], excludeUsers: [], includeRoles: [], excludeRoles: [] }, ...conditions },
  grantControls: { operator: 'OR', builtInControls: [], authenticationStrength: null, ...grant },
});
const authenticator = (d: Doc): Doc => d.authenticationMethodsPolicy.authenticationMethodConfigurations.find((c: Doc) => c.id === 'MicrosoftAuthenticator');
const directoryValue = (d: Doc, setting: string, name: string): Doc => d.groupSettings.value.find((s: Doc) => s.displayName === setting).values.find((v: Doc) => v.name === name);
const isGlobalAdmin = (h: Doc) => h.roleTemplateId === GLOBAL_ADMIN && h.principalType === 'user';

/** Per check: edits of the seeded tenant that make it pass and fail (the seeded state is one of them). */
const EDITS: Record<string, { pass: Edit[]; fail: Edit[] }> = {
  'M365-01': { pass: [(d) => (d.securityDefaults.isEnabled = true)], fail: [() => undefined] },
  'M365-02': { pass: [() => undefined], fail: [(d) => (d.conditionalAccessPolicies.value = policies(d).filter((p) => p.displayName !== 'Block legacy authentication'))] },
  'M365-03': {
    pass: [(d) => policies(d).push(caPolicy('Phishing-resistant admins', { users: { includeUsers: [], includeRoles: [...PRIVILEGED_ROLE_IDS], excludeRoles: [] } }, { authenticationStrength: { allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'] } }))],
    fail: [() => undefined],
  },
  'M365-04': { pass: [(d) => policies(d).push(caPolicy('Block risky users', { userRiskLevels: ['high'] }, { builtInControls: ['block'] }))], fail: [() => undefined] },
  'M365-05': {
    pass: [
      (d) => {
        d.authenticationMethodsPolicy.policyMigrationState = 'migrationComplete';
        for (const c of d.authenticationMethodsPolicy.authenticationMethodConfigurations) if (['Sms', 'Voice', 'Email'].includes(c.id)) c.state = 'disabled';
      },
    ],
    fail: [() => undefined],
  },
  'M365-06': { pass: [(d) => (authenticator(d).featureSettings.displayLocationInformationRequiredState.state = 'enabled')], fail: [() => undefined] },
  'M365-07': { pass: [(d) => (d.authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps = false)], fail: [() => undefined] },
  'M365-08': { pass: [(d) => (d.authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned = [])], fail: [() => undefined] },
  'M365-09': { pass: [() => undefined], fail: [(d) => (d.adminConsentRequestPolicy.isEnabled = false)] },
  'M365-10': { pass: [() => undefined], fail: [(d) => (d.privilegedRoleAssignments.value = d.privilegedRoleAssignments.value.filter((h: Doc, i: number, all: Doc[]) => !isGlobalAdmin(h) || all.findIndex(isGlobalAdmin) === i))] },
  'M365-11': { pass: [(d) => d.privilegedRoleAssignments.value.forEach((h: Doc) => (h.onPremisesSyncEnabled = null))], fail: [() => undefined] },
  'M365-12': { pass: [() => undefined], fail: [(d) => (d.authorizationPolicy.guestUserRoleId = 'a0b1b346-4d3e-4e8b-98f8-753987be4970')] },
  'M365-13': { pass: [(d) => (d.authorizationPolicy.allowInvitesFrom = 'adminsAndGuestInviters')], fail: [() => undefined] },
  'M365-14': { pass: [() => undefined], fail: [(d) => (d.domains.value[0].passwordValidityPeriodInDays = 90)] },
  'M365-15': { pass: [(d) => (directoryValue(d, 'Consent Policy Settings', 'EnableAdminConsentRequests').value = 'true')], fail: [() => undefined] },
  'M365-17': {
    pass: [(d) => policies(d).push(caPolicy('Managed devices only', {}, { builtInControls: ['compliantDevice', 'domainJoinedDevice'] }))],
    fail: [() => undefined, (d) => policies(d).push({ ...caPolicy('Managed devices (report-only)', {}, { builtInControls: ['compliantDevice'] }), state: 'enabledForReportingButNotEnforced' })],
  },
  'M365-18': {
    pass: [() => undefined],
    fail: [
      (d) => (d.auditSubscriptions.value.find((s: Doc) => s.contentType === 'Audit.Exchange').status = 'disabled'),
      (d) => (d.auditSubscriptions.value = d.auditSubscriptions.value.filter((s: Doc) => s.contentType !== 'Audit.Exchange')),
    ],
  },
  'M365-16': { pass: [(d) => (d.userSignInActivity.value = d.userSignInActivity.value.filter((u: Doc) => !String(u.userPrincipalName).startsWith('breakglass')))], fail: [() => undefined] },
};

/** Per check id: the seeded tenant edited to pass and to fail (sdk `withExamplesFrom` attaches them). */
export const M365_EXAMPLES: Readonly<Record<string, PostureExamples>> = Object.fromEntries(
  Object.entries(EDITS).map(([id, e]) => [id, lazyExamples(() => ({ pass: e.pass.map(seededWith), fail: e.fail.map(seededWith) }))]),
);
