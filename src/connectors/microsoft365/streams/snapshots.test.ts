import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountRecordSchema, type AccountRecord } from '../../../core/account.js';
import { GroupRecordSchema, type GroupRecord } from '../../../core/group.js';
import { OAuthAppRecordSchema, type OAuthAppRecord } from '../../../core/oauth-app.js';
import { PrivilegeRecordSchema, type PrivilegeRecord } from '../../../core/privilege.js';
import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot } from '../../sdk/define-check.js';
import { m365PostureChecks } from '../checks/index.js';
import { MALICIOUS_APP_NAME, microsoft365Simulator, type RunningM365Simulator } from '../simulator/index.js';
import { readSnapshot, sessionFor, testRuntime } from '../test-support.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');

describe('snapshot streams', () => {
  let sim: RunningM365Simulator;
  let accounts: AccountRecord[];
  let groups: GroupRecord[];
  let privileges: PrivilegeRecord[];
  let apps: OAuthAppRecord[];
  let settings: SettingsRecord[];
  const user = (persona: string) => {
    const found = sim.tenant().users.find((u) => u.personas.includes(persona as never));
    if (!found) throw new Error(persona);
    return found;
  };
  const account = (id: string) => accounts.find((a) => a.providerId === id);

  beforeAll(async () => {
    sim = await microsoft365Simulator.start({ frozenAt: FROZEN, auditLogsRequestsPer10Seconds: 10_000 });
    const runtime = testRuntime(sim.config, sim.now());
    const session = sessionFor(sim.config, runtime);
    accounts = await readSnapshot<'accounts'>('accounts', session, runtime);
    groups = await readSnapshot<'groups'>('groups', session, runtime);
    privileges = await readSnapshot<'privileges'>('privileges', session, runtime);
    apps = await readSnapshot<'oauthApps'>('oauthApps', session, runtime);
    settings = await readSnapshot<'settings'>('settings', session, runtime);
  });
  afterAll(() => sim.close());

  it('lists every account, valid against the core schema', () => {
    expect(accounts.map((a) => a.providerId).sort()).toEqual([...sim.truth().accountIds].sort());
    for (const a of accounts) AccountRecordSchema.parse(a);
  });

  it('carries proxyAddresses as aliases for identity linking', () => {
    const admin = user('globalAdmin');
    const { domain, initialDomain } = sim.tenant();
    expect(admin.mail).toBe(`alex.morgan@${domain}`);
    expect(account(admin.id)).toMatchObject({ email: `alex.morgan@${domain}`, aliases: [`alex.morgan@${initialDomain}`] });
    const guest = sim.tenant().users.find((u) => u.personas.includes('guest'));
    expect(account(String(guest?.id))).toMatchObject({ email: guest?.mail, aliases: [], details: { guest: true, emailVerified: true } });
    const pending = user('pendingGuest');
    expect(account(pending.id)).toMatchObject({ aliases: [], details: { externalUserState: 'PendingAcceptance', emailVerified: false } });
    const breakGlass = user('breakGlass');
    expect(account(breakGlass.id)).toMatchObject({ email: breakGlass.userPrincipalName, aliases: [] });
  });

  it('lets only members in the tenant\'s verified domains anchor identities, never a guest', () => {
    const guest = sim.tenant().users.find((u) => u.personas.includes('guest'));
    expect([user('globalAdmin'), user('breakGlass'), guest!, user('pendingGuest')].map((u) => account(u.id)?.identityAnchor)).toEqual([true, true, false, false]);
    expect(accounts.filter((a) => a.identityAnchor).every((a) => a.details?.guest === false)).toBe(true);
  });

  it('marks the disabled user suspended and admins (directly or through a group) as admins', () => {
    expect(account(user('leaver').id)).toMatchObject({ status: 'suspended', isAdmin: false });
    expect(account(user('userAdmin').id)).toMatchObject({ status: 'active', isAdmin: true });
    const securityEngineer = sim.tenant().users.find((u) => u.jobTitle === 'Security Engineer');
    expect(account(String(securityEngineer?.id))?.isAdmin).toBe(true);
    expect(account(String(securityEngineer?.id))?.details).toMatchObject({ directoryRoles: ['Security Administrator'] });
    expect(account(user('consenter').id)?.isAdmin).toBe(false);
    expect(account(user('traveler').id)?.details).toMatchObject({ signInActivity: { lastSuccessfulSignInDateTime: expect.any(String) } });
  });

  it('lists groups with their kind and direct members, nested groups included', () => {
    for (const g of groups) GroupRecordSchema.parse(g);
    expect(groups).toHaveLength(sim.tenant().groupIds.length);
    const byName = (name: string) => groups.find((g) => g.name === name);
    expect(byName('All Company')?.kind).toBe('microsoft365');
    expect(byName('IT Admins')).toMatchObject({ kind: 'security', details: { isAssignableToRole: true } });
    expect(byName('Marketing Announcements')?.kind).toBe('distribution');
    expect(byName('Remote Workers')?.details).toMatchObject({ dynamic: true });
    const leadership = byName('Leadership');
    const approvers = byName('Finance Approvers');
    expect(leadership?.members).toContain(approvers?.providerId);
    expect(leadership?.details).toMatchObject({ memberTypes: { [String(approvers?.providerId)]: 'group' } });
  });

  it('lists directory roles per principal, with group-held roles on the group and on its members', () => {
    for (const p of privileges) PrivilegeRecordSchema.parse(p);
    const globalAdmins = privileges.filter((p) => p.role === 'Global Administrator').map((p) => p.accountProviderId).sort();
    expect(globalAdmins).toEqual([user('globalAdmin').id, user('syncedGlobalAdmin').id, user('breakGlass').id, user('promoted').id].sort());
    const itAdmins = groups.find((g) => g.name === 'IT Admins');
    expect(privileges.find((p) => p.accountProviderId === itAdmins?.providerId)).toMatchObject({ role: 'Security Administrator', details: { principalType: 'group', direct: true } });
    const securityEngineer = sim.tenant().users.find((u) => u.jobTitle === 'Security Engineer');
    expect(privileges.find((p) => p.accountProviderId === securityEngineer?.id)).toMatchObject({ role: 'Security Administrator', scope: '/', details: { direct: false, viaGroups: [itAdmins?.providerId], privileged: true } });
    const keys = privileges.map((p) => `${p.accountProviderId}|${p.roleId}|${p.scope ?? '/'}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lists third-party apps with publisher, verification, grants and scopes', () => {
    for (const a of apps) OAuthAppRecordSchema.parse(a);
    const malicious = apps.find((a) => a.name === MALICIOUS_APP_NAME);
    expect(malicious).toMatchObject({ thirdParty: true, verifiedPublisher: false, publisher: null, enabled: true });
    expect(malicious?.grants).toEqual([{ id: expect.any(String), kind: 'delegated', scopes: ['User.Read', 'Mail.Read', 'offline_access'], principalProviderId: user('consenter').id, resource: 'Microsoft Graph' }]);
    expect(malicious?.details).toMatchObject({ highRiskScopes: ['Mail.Read'], adminConsented: false });
    const backup = apps.find((a) => a.name === 'CloudVault Backup');
    expect(backup).toMatchObject({ thirdParty: true, verifiedPublisher: true, publisher: 'CloudVault Ltd' });
    expect(backup?.grants?.map((g) => [g.kind, g.scopes, g.principalProviderId])).toEqual([
      ['application', ['Mail.Read'], null],
      ['application', ['Files.Read.All'], null],
      ['application', ['User.Read.All'], null],
    ]);
    expect(apps.find((a) => a.name === 'DocuSign')?.grants?.[0]).toMatchObject({ kind: 'delegated', principalProviderId: null });
    const own = apps.find((a) => a.appId === sim.config.clientId);
    expect(own).toMatchObject({ thirdParty: false, publisher: 'This organization' });
    expect(own?.grants?.map((g) => g.scopes[0])).toEqual(expect.arrayContaining(['ActivityFeed.Read', 'User.Read.All']));
    expect(apps.some((a) => a.name === 'Microsoft Graph')).toBe(false);
  });

  it('records the posture documents, which the checks can read', () => {
    expect(settings.map((s) => s.key)).toEqual([
      'securityDefaults',
      'authorizationPolicy',
      'authenticationMethodsPolicy',
      'adminConsentRequestPolicy',
      'conditionalAccessPolicies',
      'domains',
      'mailContacts',
      'groupSettings',
      'graphDelegatedPermissionClassifications',
      'privilegedRoleAssignments',
      'userSignInActivity',
      'auditSubscriptions',
    ]);
    expect(settings.every((s) => !('@odata.context' in s.value))).toBe(true);
    const snapshot = settingsSnapshot(settings);
    const statuses = m365PostureChecks.map((c) => c.evaluate(snapshot).status);
    expect(statuses.filter((s) => s === 'pass').length).toBe(5);
    expect(statuses.filter((s) => s === 'fail').length).toBe(12);
    // No audit subscription started by this connection yet: M365-18 gives no verdict; M365-19..25 say why they cannot.
    expect(snapshot.auditSubscriptions).toEqual({ available: true, value: [] });
    expect(statuses.filter((s) => s === 'not_applicable').length).toBe(8);
  });

  it('records the Management Activity API subscriptions: M365-18 passes with Audit.Exchange enabled and fails without it', async () => {
    for (const [started, want] of [
      [['Audit.AzureActiveDirectory', 'Audit.Exchange'], 'pass'],
      [['Audit.AzureActiveDirectory'], 'fail'],
    ] as const) {
      const own = await microsoft365Simulator.start({ frozenAt: FROZEN, startedSubscriptions: started });
      try {
        const runtime = testRuntime(own.config, own.now());
        const snapshot = settingsSnapshot(await readSnapshot<'settings'>('settings', sessionFor(own.config, runtime), runtime));
        expect(snapshot.auditSubscriptions).toEqual({ available: true, value: started.map((contentType) => ({ contentType, status: 'enabled' })) });
        expect(m365PostureChecks.find((c) => c.id === 'M365-18')?.evaluate(snapshot).status, started.join()).toBe(want);
      } finally {
        await own.close();
      }
    }
  });
});

describe('snapshot streams without Entra ID P1', () => {
  it('still lists accounts (without last sign-in) and records Conditional Access as unavailable', async () => {
    const sim = await microsoft365Simulator.start({ frozenAt: FROZEN, entraLicense: 'free' });
    try {
      const runtime = testRuntime(sim.config, sim.now());
      const session = sessionFor(sim.config, runtime);
      const accounts = await readSnapshot<'accounts'>('accounts', session, runtime);
      expect(accounts).toHaveLength(sim.truth().accountIds.length);
      expect(accounts.every((a) => (a.details as { signInActivity: unknown }).signInActivity === null)).toBe(true);
      expect(runtime.logs.some((l) => /no Entra ID P1\/P2 licence/.test(l.msg))).toBe(true);
      const settings = settingsSnapshot(await readSnapshot<'settings'>('settings', session, runtime));
      expect(settings.conditionalAccessPolicies).toMatchObject({ available: false });
      expect(settings.userSignInActivity).toMatchObject({ available: false });
      expect(m365PostureChecks.find((c) => c.id === 'M365-16')?.evaluate(settings).status).toBe('not_applicable');
    } finally {
      await sim.close();
    }
  });

  it('fails with the permission to grant when the app may not read groups', async () => {
    const sim = await microsoft365Simulator.start({ frozenAt: FROZEN, adminConsent: { graph: ['User.Read.All'], manage: [] } });
    try {
      const runtime = testRuntime(sim.config, sim.now());
      const error = await readSnapshot('groups', sessionFor(sim.config, runtime), runtime).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/lacks the Microsoft Graph application permission Group\.Read\.All.*Grant admin consent/);
    } finally {
      await sim.close();
    }
  });
});
