import { describe, expect, it } from 'vitest';
import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot, type PostureCheck, type SettingsSnapshot } from '../../sdk/define-check.js';
import seeded from './fixtures/graph.settings.json' with { type: 'json' };
import { m365PostureChecks } from './index.js';

/** Tests reshape the JSON fixture freely. */
type Doc = any;

const PRIVILEGED = [
  '62e90394-69f5-4237-9190-012177145e10',
  'e8611ab8-c189-46e8-94e1-60213ab1f814',
  '194ae4cb-b126-40b2-bd5b-6091b380977d',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'fe930be7-5e62-47db-91af-98c3a49a38b1',
  '29232cdf-9323-42fd-ade2-1d097af3e4de',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  '158c047a-c907-4556-b7ef-446551a6b5f7',
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
];

function check(id: string): PostureCheck {
  const found = m365PostureChecks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

/** The seeded tenant's settings, with `edit` applied to a deep copy. */
function settings(edit: (docs: Doc) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Record<string, Doc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
}

const status = (id: string, snapshot: SettingsSnapshot) => check(id).evaluate(snapshot).status;
const ca = (docs: Doc) => docs.conditionalAccessPolicies?.value as Doc[];
const caPolicy = (name: string, conditions: Doc, grant: Doc): Doc => ({
  id: name,
  displayName: name,
  state: 'enabled',
  conditions: { clientAppTypes: ['all'], userRiskLevels: [], signInRiskLevels: [], applications: { includeApplications: ['All'] }, users: { includeUsers: ['All'], excludeUsers: [], includeRoles: [], excludeRoles: [] }, ...conditions },
  grantControls: { operator: 'OR', builtInControls: [], authenticationStrength: null, ...grant },
});

describe('the posture check set', () => {
  it('is M365-01..M365-25, each with metadata', () => {
    expect(m365PostureChecks.map((c) => c.id)).toEqual(Array.from({ length: 25 }, (_, i) => `M365-${String(i + 1).padStart(2, '0')}`));
    for (const c of m365PostureChecks) {
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.rationale.length).toBeGreaterThan(20);
      expect(c.remediation.length).toBeGreaterThan(20);
      expect(['low', 'medium', 'high', 'critical']).toContain(c.severity);
    }
  });

  it('says not_applicable, never throws, when nothing was collected', () => {
    for (const c of m365PostureChecks) expect(c.evaluate({}).status, c.id).toBe('not_applicable');
  });

  it('finds the seeded tenant\'s mix of strengths and gaps, each with evidence', () => {
    const result = Object.fromEntries(m365PostureChecks.map((c) => [c.id, c.evaluate(settings())]));
    expect(Object.fromEntries(Object.entries(result).map(([id, r]) => [id, r.status]))).toEqual({
      'M365-01': 'fail',
      'M365-02': 'pass',
      'M365-03': 'fail',
      'M365-04': 'fail',
      'M365-05': 'fail',
      'M365-06': 'fail',
      'M365-07': 'fail',
      'M365-08': 'fail',
      'M365-09': 'pass',
      'M365-10': 'pass',
      'M365-11': 'fail',
      'M365-12': 'pass',
      'M365-13': 'fail',
      'M365-14': 'pass',
      'M365-15': 'fail',
      'M365-16': 'fail',
      'M365-17': 'fail',
      'M365-18': 'pass',
      ...Object.fromEntries(['M365-19', 'M365-20', 'M365-21', 'M365-22', 'M365-23', 'M365-24', 'M365-25'].map((id) => [id, 'not_applicable'])),
    });
    for (const r of Object.values(result)) expect(r.evidence).toMatch(/\.$/);
  });
});

describe('each check passes and fails on the setting it reads', () => {
  it('M365-01 MFA for all users', () => {
    expect(check('M365-01').evaluate(settings()).evidence).toContain('Require MFA for all users');
    expect(status('M365-01', settings((d) => ((d.securityDefaults as Doc).isEnabled = true)))).toBe('pass');
    expect(status('M365-01', settings((d) => ca(d).forEach((p) => p.displayName === 'Require MFA for all users' && (p.state = 'enabled'))))).toBe('pass');
    expect(status('M365-01', settings((d) => ca(d).push(caPolicy('Strength for all', {}, { authenticationStrength: { allowedCombinations: ['fido2'] } }))))).toBe('pass');
  });

  it('M365-02 legacy authentication blocked', () => {
    expect(status('M365-02', settings())).toBe('pass');
    expect(status('M365-02', settings((d) => ca(d).forEach((p) => p.displayName === 'Block legacy authentication' && (p.conditions.users.excludeRoles = [PRIVILEGED[0]]))))).toBe('fail');
    expect(status('M365-02', settings((d) => (d.conditionalAccessPolicies.value = ca(d).filter((p) => p.displayName !== 'Block legacy authentication'))))).toBe('fail');
    expect(status('M365-02', settings((d) => ((d.securityDefaults as Doc).isEnabled = true)))).toBe('pass');
  });

  it('M365-03 phishing-resistant MFA for admins', () => {
    const strong = (combinations: string[]) => caPolicy('Phishing-resistant admins', { users: { includeUsers: [], includeRoles: PRIVILEGED, excludeRoles: [] } }, { authenticationStrength: { allowedCombinations: combinations } });
    expect(status('M365-03', settings((d) => ca(d).push(strong(['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor']))))).toBe('pass');
    expect(status('M365-03', settings((d) => ca(d).push(strong(['fido2', 'password,microsoftAuthenticatorPush']))))).toBe('fail');
    expect(status('M365-03', settings((d) => ((d.conditionalAccessPolicies as Doc).available = false)))).toBe('fail');
  });

  it('M365-04 high-risk users and sign-ins blocked', () => {
    expect(check('M365-04').evaluate(settings()).evidence).toContain('high user risk');
    expect(status('M365-04', settings((d) => ca(d).push(caPolicy('Block risky users', { userRiskLevels: ['high'] }, { builtInControls: ['block'] }))))).toBe('pass');
    expect(status('M365-04', settings((d) => Object.assign(d.conditionalAccessPolicies as Doc, { available: false, value: [] })))).toBe('not_applicable');
  });

  it('M365-05 weak methods off', () => {
    const fixed = settings((d) => {
      d.authenticationMethodsPolicy.policyMigrationState = 'migrationComplete';
      for (const c of d.authenticationMethodsPolicy.authenticationMethodConfigurations as Doc[]) if (['Sms', 'Voice', 'Email'].includes(c.id)) c.state = 'disabled';
    });
    expect(status('M365-05', fixed)).toBe('pass');
    expect(check('M365-05').evaluate(settings()).evidence).toMatch(/Sms is enabled; Email is enabled; policy migration is "migrationInProgress"/);
  });

  it('M365-06 Authenticator shows context', () => {
    const authenticator = (d: Doc) => (d.authenticationMethodsPolicy.authenticationMethodConfigurations as Doc[]).find((c) => c.id === 'MicrosoftAuthenticator') as Doc;
    expect(check('M365-06').evaluate(settings()).evidence).toContain('geographic location (default)');
    expect(status('M365-06', settings((d) => (authenticator(d).featureSettings.displayLocationInformationRequiredState.state = 'enabled')))).toBe('pass');
    expect(status('M365-06', settings((d) => (authenticator(d).state = 'disabled')))).toBe('not_applicable');
  });

  it('M365-07 only admins register apps', () => {
    expect(status('M365-07', settings())).toBe('fail');
    expect(status('M365-07', settings((d) => (d.authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps = false)))).toBe('pass');
  });

  it('M365-08 user consent restricted', () => {
    const assign = (policies: string[]) => (d: Doc) => (d.authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned = policies);
    expect(check('M365-08').evaluate(settings()).evidence).toContain('microsoft-user-default-legacy');
    expect(status('M365-08', settings(assign([])))).toBe('pass');
    expect(status('M365-08', settings(assign(['ManagePermissionGrantsForSelf.microsoft-user-default-low'])))).toBe('pass');
    expect(
      status(
        'M365-08',
        settings((d) => {
          assign(['ManagePermissionGrantsForSelf.microsoft-user-default-low'])(d);
          (d.graphDelegatedPermissionClassifications.value as Doc[]).push({ id: 'c', permissionId: 'p', permissionName: 'Mail.Read', classification: 'low' });
        }),
      ),
    ).toBe('fail');
    expect(status('M365-08', settings(assign(['ManagePermissionGrantsForSelf.microsoft-user-default-recommended'])))).toBe('fail');
  });

  it('M365-09 admin consent workflow', () => {
    expect(status('M365-09', settings())).toBe('pass');
    expect(status('M365-09', settings((d) => (d.adminConsentRequestPolicy.isEnabled = false)))).toBe('fail');
    expect(status('M365-09', settings((d) => (d.adminConsentRequestPolicy.reviewers = [])))).toBe('fail');
  });

  it('M365-10 Global Administrator count', () => {
    const ga = (h: Doc) => h.roleTemplateId === PRIVILEGED[0] && h.principalType === 'user';
    expect(check('M365-10').evaluate(settings()).details).toMatchObject({ count: 4 });
    expect(status('M365-10', settings((d) => (d.privilegedRoleAssignments.value = (d.privilegedRoleAssignments.value as Doc[]).filter((h, i, all) => !ga(h) || all.findIndex(ga) === i))))).toBe('fail');
    expect(
      status(
        'M365-10',
        settings((d) => {
          for (let i = 0; i < 6; i++) (d.privilegedRoleAssignments.value as Doc[]).push({ roleTemplateId: PRIVILEGED[0], roleName: 'Global Administrator', privileged: true, principalId: `extra-${i}`, principalType: 'user', userPrincipalName: `extra${i}@contoso.com` });
        }),
      ),
    ).toBe('fail');
  });

  it('M365-11 privileged accounts cloud-only', () => {
    expect(check('M365-11').evaluate(settings()).evidence).toContain('alex.whitford@contoso.com (Global Administrator)');
    expect(status('M365-11', settings((d) => (d.privilegedRoleAssignments.value as Doc[]).forEach((h) => (h.onPremisesSyncEnabled = null))))).toBe('pass');
  });

  it('M365-12 guest access restricted', () => {
    expect(status('M365-12', settings())).toBe('pass');
    expect(status('M365-12', settings((d) => (d.authorizationPolicy.guestUserRoleId = 'a0b1b346-4d3e-4e8b-98f8-753987be4970')))).toBe('fail');
    expect(status('M365-12', settings((d) => (d.authorizationPolicy.guestUserRoleId = '2af84b1e-32c8-42b7-82bc-daa82404023b')))).toBe('pass');
  });

  it('M365-13 guest invitations', () => {
    expect(status('M365-13', settings())).toBe('fail');
    expect(status('M365-13', settings((d) => (d.authorizationPolicy.allowInvitesFrom = 'adminsAndGuestInviters')))).toBe('pass');
    expect(status('M365-13', settings((d) => (d.authorizationPolicy.allowInvitesFrom = 'none')))).toBe('pass');
  });

  it('M365-14 password expiry', () => {
    expect(status('M365-14', settings())).toBe('pass');
    expect(check('M365-14').evaluate(settings((d) => ((d.domains.value as Doc[])[0] as Doc).passwordValidityPeriodInDays = 90)).evidence).toContain('every 90 days');
  });

  it('M365-15 lockout and consent directory settings', () => {
    const values = (d: Doc, name: string) => ((d.groupSettings.value as Doc[]).find((s) => s.displayName === name) as Doc).values as Doc[];
    const set = (d: Doc, name: string, key: string, value: string) => ((values(d, name).find((v) => v.name === key) as Doc).value = value);
    expect(status('M365-15', settings())).toBe('fail');
    expect(status('M365-15', settings((d) => set(d, 'Consent Policy Settings', 'EnableAdminConsentRequests', 'true')))).toBe('pass');
    expect(
      status(
        'M365-15',
        settings((d) => {
          set(d, 'Consent Policy Settings', 'EnableAdminConsentRequests', 'true');
          set(d, 'Password Rule Settings', 'LockoutThreshold', '50');
        }),
      ),
    ).toBe('fail');
    expect(check('M365-15').evaluate(settings((d) => (d.groupSettings.value = []))).evidence).toContain('EnableGroupSpecificConsent is not false');
  });

  it('M365-16 stale accounts', () => {
    expect(check('M365-16').evaluate(settings()).evidence).toContain('breakglass@contoso.onmicrosoft.com');
    expect(status('M365-16', settings((d) => (d.userSignInActivity.value = (d.userSignInActivity.value as Doc[]).filter((u) => !String(u.userPrincipalName).startsWith('breakglass')))))).toBe('pass');
    expect(status('M365-16', settings((d) => Object.assign(d.userSignInActivity as Doc, { available: false, reason: 'Last sign-in times need Microsoft Entra ID P1 or P2.' })))).toBe('not_applicable');
  });
});

describe('each check reads what counts, and no more', () => {
  const withoutCa = (d: Doc) => delete d.conditionalAccessPolicies;
  const withoutDefaults = (d: Doc) => delete d.securityDefaults;

  it('M365-01, 02: judged from security defaults alone when Conditional Access was not collected, and from CA alone when defaults were not', () => {
    for (const id of ['M365-01', 'M365-02']) {
      expect(status(id, settings((d) => (withoutCa(d), (d.securityDefaults.isEnabled = true)))), id).toBe('pass');
      expect(status(id, settings((d) => (withoutCa(d), (d.securityDefaults.isEnabled = false)))), id).toBe('fail');
    }
    expect(status('M365-02', settings(withoutDefaults))).toBe('pass');
    expect(status('M365-01', settings(withoutDefaults))).toBe('fail');
  });

  it('M365-02: a legacy block must block both legacy client kinds, for everyone, enforced', () => {
    const only = (edit: (p: Doc) => void) => settings((d) => ca(d).forEach((p) => p.displayName === 'Block legacy authentication' && edit(p)));
    expect(status('M365-02', only((p) => (p.conditions.clientAppTypes = ['other'])))).toBe('fail');
    expect(status('M365-02', only((p) => (p.conditions.clientAppTypes = ['exchangeActiveSync'])))).toBe('fail');
    expect(status('M365-02', only((p) => (p.grantControls.builtInControls = ['mfa'])))).toBe('fail');
    const reportOnly = check('M365-02').evaluate(only((p) => (p.state = 'enabledForReportingButNotEnforced')));
    expect(reportOnly).toMatchObject({ status: 'fail', evidence: expect.stringContaining('not enforced or exclude roles: "Block legacy authentication" (enabledForReportingButNotEnforced)') });
  });

  it('M365-03: an authentication strength with no combinations is not phishing-resistant', () => {
    const empty = caPolicy('Empty strength for admins', { users: { includeUsers: [], includeRoles: PRIVILEGED, excludeRoles: [] } }, { authenticationStrength: { allowedCombinations: [] } });
    expect(check('M365-03').evaluate(settings((d) => ca(d).push(empty)))).toMatchObject({ status: 'fail', evidence: expect.stringContaining('do not require a phishing-resistant authentication strength') });
  });

  it('M365-04: both risks blocked by enforced, all-users policies; one of them, report-only or a partial one is a fail', () => {
    const user = caPolicy('Block risky users', { userRiskLevels: ['high'] }, { builtInControls: ['block'] });
    const signIn = caPolicy('Block risky sign-ins', { signInRiskLevels: ['high'] }, { builtInControls: ['block'] });
    const withPolicies = (...policies: Doc[]) => settings((d) => (d.conditionalAccessPolicies.value = policies));
    expect(status('M365-04', withPolicies(user, signIn))).toBe('pass');
    expect(check('M365-04').evaluate(withPolicies(user))).toMatchObject({ status: 'fail', evidence: 'No enabled all-users policy blocks high sign-in risk.' });
    expect(check('M365-04').evaluate(withPolicies(signIn))).toMatchObject({ status: 'fail', evidence: 'No enabled all-users policy blocks high user risk.' });
    expect(status('M365-04', withPolicies(user, { ...signIn, state: 'enabledForReportingButNotEnforced' }))).toBe('fail');
    expect(status('M365-04', withPolicies(user, { ...signIn, conditions: { ...signIn.conditions, users: { ...signIn.conditions.users, includeUsers: ['someone'] } } }))).toBe('fail');
    expect(status('M365-04', withPolicies(user, { ...signIn, grantControls: { ...signIn.grantControls, builtInControls: ['mfa'] } }))).toBe('fail');
  });

  it('M365-10: 2 and 8 Global Administrators pass, 1 and 9 fail', () => {
    const admins = (n: number) =>
      settings((d) => (d.privilegedRoleAssignments.value = Array.from({ length: n }, (_, i) => ({ roleTemplateId: PRIVILEGED[0], roleName: 'Global Administrator', privileged: true, principalId: `ga-${i}`, principalType: 'user', userPrincipalName: `ga${i}@contoso.com` }))));
    expect([1, 2, 8, 9].map((n) => status('M365-10', admins(n)))).toEqual(['fail', 'pass', 'pass', 'fail']);
  });

  it('M365-11: only privileged roles held by users count', () => {
    const synced = (holding: Doc) => settings((d) => (d.privilegedRoleAssignments.value = [{ roleTemplateId: 'r', roleName: 'Some role', principalId: 'p1', principalType: 'user', userPrincipalName: 'sync@contoso.com', onPremisesSyncEnabled: true, ...holding }]));
    expect(status('M365-11', synced({ privileged: true }))).toBe('fail');
    expect(status('M365-11', synced({ privileged: false }))).toBe('not_applicable');
    expect(status('M365-11', synced({ privileged: true, principalType: 'servicePrincipal' }))).toBe('not_applicable');
  });

  it('M365-16: enabled accounts past 90 days since their last sign-in are stale; at 90 days, or disabled, they are not', () => {
    const collectedAt = Date.parse('2025-03-14T12:00:00.000Z');
    const signedIn = (daysAgo: number, enabled = true) =>
      settings((d) => (d.userSignInActivity.value = [{ id: 'u1', userPrincipalName: 'old@contoso.com', accountEnabled: enabled, createdDateTime: '2020-01-01T00:00:00Z', lastSuccessfulSignInDateTime: new Date(collectedAt - daysAgo * 86_400_000).toISOString() }]));
    expect(check('M365-16').evaluate(signedIn(91))).toMatchObject({ status: 'fail', details: { stale: ['old@contoso.com'] } });
    expect(check('M365-16').evaluate(signedIn(90))).toMatchObject({ status: 'pass', evidence: 'All 1 enabled accounts signed in within 90 days (or are newer than 30 days).' });
    expect(check('M365-16').evaluate(signedIn(91, false))).toMatchObject({ status: 'pass', evidence: expect.stringContaining('All 0 enabled accounts') });
  });

  it('M365-14: only verified root domains are judged (subdomains follow their root; an unverified domain has no users)', () => {
    const withDomain = (domain: Doc) => settings((d) => (d.domains.value as Doc[]).push({ passwordValidityPeriodInDays: 90, ...domain }));
    expect(status('M365-14', withDomain({ id: 'pending.example', isVerified: false, isRoot: true }))).toBe('pass');
    expect(status('M365-14', withDomain({ id: 'eu.contoso.com', isVerified: true, isRoot: false }))).toBe('pass');
    expect(status('M365-14', withDomain({ id: 'fabrikam.com', isVerified: true, isRoot: true }))).toBe('fail');
  });

  it('M365-15: a directory settings object is found by its template id whatever its display name', () => {
    const renamed = settings((d) => {
      const password = (d.groupSettings.value as Doc[]).find((s) => s.displayName === 'Password Rule Settings') as Doc;
      password.displayName = 'Paramètres des règles de mot de passe';
      ((password.values as Doc[]).find((v) => v.name === 'LockoutThreshold') as Doc).value = '50';
    });
    expect(check('M365-15').evaluate(renamed).evidence).toContain('LockoutThreshold is 50 (want ≤ 10)');
  });

  it('M365-17: a compliant or a hybrid-joined device requirement counts, each alone', () => {
    const requiring = (controls: string[]) => settings((d) => (d.conditionalAccessPolicies.value = [caPolicy('Managed devices', {}, { builtInControls: controls })]));
    expect(status('M365-17', requiring(['compliantDevice']))).toBe('pass');
    expect(status('M365-17', requiring(['domainJoinedDevice']))).toBe('pass');
    expect(status('M365-17', requiring(['mfa']))).toBe('fail');
  });
});

describe('unreadable settings are errors, never passes', () => {
  it('M365-08 without the permissionGrantPoliciesAssigned list (failed before: passed as "users cannot consent")', () => {
    expect(status('M365-08', settings((d) => delete d.authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned))).toBe('error');
  });
});

describe('Exchange Online (CISA SCuBA MS.EXO)', () => {
  const subscriptions = (edit: (list: Doc[]) => Doc[]) => settings((d) => (d.auditSubscriptions.value = edit(d.auditSubscriptions.value)));

  it('M365-18 reads the Management Activity API: Audit.Exchange enabled passes, stopped or missing fails', () => {
    expect(check('M365-18').evaluate(settings())).toMatchObject({ status: 'pass', evidence: expect.stringContaining('Audit.Exchange is enabled') });
    expect(check('M365-18').evaluate(subscriptions((l) => l.map((x) => (x.contentType === 'Audit.Exchange' ? { ...x, status: 'disabled' } : x))))).toMatchObject({
      status: 'fail',
      evidence: 'Audit.Exchange has status "disabled" (want "enabled"): an administrator stopped it, and Exchange Online activity is no longer collected.',
    });
    expect(status('M365-18', subscriptions((l) => l.filter((x) => x.contentType !== 'Audit.Exchange')))).toBe('fail');
    // Nothing started yet is no verdict on the tenant; a refused list is "not evaluated", never a pass.
    expect(status('M365-18', subscriptions(() => []))).toBe('not_applicable');
    const refused = settings((d) => (d.auditSubscriptions = { available: false, reason: 'The token has no ActivityFeed.Read role.', value: [] }));
    expect(check('M365-18').evaluate(refused)).toMatchObject({ status: 'error', evidence: 'Not evaluated — grant ActivityFeed.Read (Office 365 Management APIs): The token has no ActivityFeed.Read role.' });
    expect(status('M365-18', settings((d) => (d.auditSubscriptions.value = 'enabled')))).toBe('error');
  });

  it('M365-19..25 cite their baseline and say why they cannot be read through Graph, on every run', () => {
    const unreadable = m365PostureChecks.filter((c) => c.notEvaluable !== undefined);
    expect(unreadable.map((c) => [c.id, c.reference])).toEqual([
      ['M365-19', 'CISA ScubaGear MS.EXO.1.1'],
      ['M365-20', 'CISA ScubaGear MS.EXO.5.1'],
      ['M365-21', 'CISA ScubaGear MS.EXO.13.1'],
      ['M365-22', 'CISA ScubaGear MS.EXO.3.1'],
      ['M365-23', 'CISA ScubaGear MS.EXO.2.2'],
      ['M365-24', 'CISA ScubaGear MS.EXO.4.1, MS.EXO.4.2'],
      ['M365-25', 'CISA ScubaGear MS.EXO.7.1'],
    ]);
    for (const c of unreadable) {
      const result = c.evaluate(settings());
      expect(result.status, c.id).toBe('not_applicable');
      expect(result.evidence, c.id).toMatch(/^Not evaluated: .*(Exchange Online PowerShell|DNS)/);
    }
  });
});
