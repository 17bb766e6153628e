import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../core/clock.js';
import { AuthError, NotFoundError, ValidationError } from '../../../core/errors.js';
import microsoft365 from '../index.js';
import { EXTERNAL_FORWARD_ADDRESS, MALICIOUS_APP_NAME, microsoft365Simulator, type RunningM365Simulator } from '../simulator/index.js';
import { readActivities, readSnapshot, sessionFor, store, testRuntime } from '../test-support.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');

describe('governance actions against the simulator', () => {
  let sim: RunningM365Simulator;
  beforeAll(async () => {
    sim = await microsoft365Simulator.start({ frozenAt: FROZEN, auditLogsRequestsPer10Seconds: 10_000 });
  });
  afterAll(() => sim.close());

  const context = () => {
    const runtime = testRuntime(sim.config, sim.now());
    return { runtime, session: sessionFor(sim.config, runtime) };
  };
  const run = async (actionId: string, targetProviderId: string) => {
    const action = microsoft365.actions[actionId];
    if (!action) throw new Error(`no action ${actionId}`);
    const { runtime, session } = context();
    return action.run(session, runtime, { targetProviderId, config: sim.config });
  };
  const plainUser = () => {
    const user = sim.tenant().users.find((u) => u.userType === 'Member' && u.onPremisesSyncEnabled === null && u.personas.length === 0 && u.accountEnabled);
    if (!user) throw new Error('no plain user');
    return user;
  };
  const accountOf = async (id: string) => {
    const { runtime, session } = context();
    return (await readSnapshot<'accounts'>('accounts', session, runtime)).find((a) => a.providerId === id);
  };

  it('declares suspend with its undo, require-reauth, revoke-oauth-app, the user\'s consents and forwarding rules', () => {
    expect(Object.keys(microsoft365.actions)).toEqual(['suspend-user', 'unsuspend-user', 'require-reauth', 'revoke-sessions', 'revoke-oauth-app', 'revoke-oauth-grants', 'remove-forwarding-rules']);
    expect(microsoft365.actions['suspend-user']?.undo).toBe('unsuspend-user');
  });

  it('suspends a user, idempotently, and the suspension shows in the inventory and in both audit feeds', async () => {
    const user = plainUser();
    expect((await run('suspend-user', user.id)).detail).toMatch(new RegExp(`Blocked ${user.userPrincipalName} from signing in`));
    expect((await run('suspend-user', user.id)).detail).toMatch(/already blocked/);
    expect((await accountOf(user.id))?.status).toBe('suspended');

    // Its audit record reaches the unified audit log and is normalised as user.suspended.
    await sim.advance(HOUR);
    const runtime = testRuntime(sim.config, sim.now());
    const stored = store(await readActivities(sessionFor({ ...sim.config, components: ['Audit.AzureActiveDirectory'], includeSignIns: false }, runtime), runtime, null, sim.now() - DAY));
    const suspended = [...stored.values()].filter((a) => a.action === 'user.suspended' && a.targets.some((t) => t.email === user.userPrincipalName));
    expect(suspended).toHaveLength(1);
    expect(suspended[0]?.actor).toMatchObject({ type: 'app', appName: 'Parapet Security Connector' });

    expect((await run('unsuspend-user', user.id)).detail).toMatch(/Allowed .* to sign in again/);
    expect((await accountOf(user.id))?.status).toBe('active');
  });

  it('revokes sign-in sessions and the revocation is audited', async () => {
    const user = plainUser();
    const before = (await accountOf(user.id))?.details as { signInSessionsValidFromDateTime: string };
    expect((await run('require-reauth', user.id)).detail).toMatch(/Revoked .*sign-in sessions/);
    const after = (await accountOf(user.id))?.details as { signInSessionsValidFromDateTime: string };
    expect(Date.parse(after.signInSessionsValidFromDateTime)).toBeGreaterThan(Date.parse(before.signInSessionsValidFromDateTime));
    await sim.advance(HOUR);
    const runtime = testRuntime(sim.config, sim.now());
    const stored = store(await readActivities(sessionFor({ ...sim.config, components: ['Audit.AzureActiveDirectory'], includeSignIns: false }, runtime), runtime, null, sim.now() - DAY));
    expect([...stored.values()].some((a) => a.action === 'user.sessions_revoked' && a.targets.some((t) => t.email === user.userPrincipalName))).toBe(true);
  });

  it('revokes every grant of an OAuth app, then finds nothing left to revoke', async () => {
    const { runtime, session } = context();
    const app = (await readSnapshot<'oauthApps'>('oauthApps', session, runtime)).find((a) => a.name === MALICIOUS_APP_NAME);
    if (!app) throw new Error('malicious app not in inventory');
    expect((await run('revoke-oauth-app', app.providerId)).detail).toMatch(/Revoked "PDF Converter Online": 1 delegated consent\(s\) and 0 application permission\(s\)/);
    expect((await run('revoke-oauth-app', app.providerId)).detail).toMatch(/holds no permissions/);
    const after = (await readSnapshot<'oauthApps'>('oauthApps', session, runtime)).find((a) => a.name === MALICIOUS_APP_NAME);
    expect(after?.grants).toEqual([]);

    const backup = (await readSnapshot<'oauthApps'>('oauthApps', session, runtime)).find((a) => a.name === 'CloudVault Backup');
    expect((await run('revoke-oauth-app', String(backup?.providerId))).detail).toMatch(/0 delegated consent\(s\) and 3 application permission\(s\)/);

    await sim.advance(HOUR);
    const later = testRuntime(sim.config, sim.now());
    const stored = store(await readActivities(sessionFor({ ...sim.config, components: ['Audit.AzureActiveDirectory'], includeSignIns: false }, later), later, null, sim.now() - DAY));
    const revoked = [...stored.values()].filter((a) => a.action === 'oauth.consent_revoked');
    expect(revoked.map((a) => a.eventType).sort()).toEqual(['Remove app role assignment from service principal.', 'Remove app role assignment from service principal.', 'Remove app role assignment from service principal.', 'Remove delegated permission grant.']);
  });

  it('removes only the inbox rules that forward or redirect mail, keeps them as evidence, then finds none left', async () => {
    const victim = sim.tenant().users.find((u) => u.personas.includes('phished'));
    if (!victim) throw new Error('no phished user');
    const before = sim.messageRules(victim.id);
    expect(before.map((r) => r.displayName)).toContain('.');
    const result = await run('remove-forwarding-rules', victim.id);
    expect(result.detail).toMatch(new RegExp(`Removed 1 inbox rule\\(s\\) of ${victim.userPrincipalName}.*"\\." → ${EXTERNAL_FORWARD_ADDRESS.replace(/\./g, '\\.')}`));
    expect(result.detail).toMatch(/cannot be undone automatically/);
    expect(result.detail).toMatch(/Set-Mailbox -ForwardingSmtpAddress/);
    const removed = (result.evidence?.removedRules ?? []) as { displayName: string; actions: unknown }[];
    expect(removed.map((r) => r.displayName)).toEqual(['.']);
    expect(removed[0]?.actions).toMatchObject({ forwardTo: [{ emailAddress: { address: EXTERNAL_FORWARD_ADDRESS } }], moveToFolder: expect.any(String) });
    // The rules that only file mail stay.
    expect(sim.messageRules(victim.id).map((r) => r.displayName)).toEqual(before.filter((r) => r.displayName !== '.').map((r) => r.displayName));
    const { runtime, session } = context();
    expect(await microsoft365.actions['remove-forwarding-rules']?.verify?.(session, runtime, { targetProviderId: victim.id, config: sim.config })).toMatchObject({ ok: true });
    expect((await run('remove-forwarding-rules', victim.id)).detail).toMatch(/no inbox rule that forwards or redirects mail: nothing to remove/);
  });

  it('removes a forwarding rule to a colleague as well, and says so plainly for a guest without a mailbox', async () => {
    const withColleagueRule = sim.tenant().users.find((u) => sim.messageRules(u.id).some((r) => r.displayName === 'While on parental leave'));
    if (!withColleagueRule) throw new Error('no forwarding rule to a colleague');
    expect((await run('remove-forwarding-rules', withColleagueRule.id)).detail).toMatch(/Removed 1 inbox rule/);
    const guest = sim.tenant().users.find((u) => u.userType === 'Guest');
    const error = await run('remove-forwarding-rules', String(guest?.id)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/has no Exchange Online mailbox/);
  });

  it("revokes the consents one user gave to apps, not other users' nor admin consents", async () => {
    const { runtime, session } = context();
    const apps = await readSnapshot<'oauthApps'>('oauthApps', session, runtime);
    const consented = apps.flatMap((a) => (a.grants ?? []).filter((g) => g.kind === 'delegated' && g.principalProviderId).map((g) => ({ app: a.name, principalId: String(g.principalProviderId) })));
    const userId = consented.find((c) => c.app !== MALICIOUS_APP_NAME)?.principalId;
    if (!userId) throw new Error('no user consent in the tenant');
    const theirs = consented.filter((c) => c.principalId === userId).length;
    const others = consented.filter((c) => c.principalId !== userId).length;
    const result = await run('revoke-oauth-grants', userId);
    expect(result.detail).toMatch(new RegExp(`Revoked ${theirs} consent\\(s\\)`));
    expect(result.evidence?.revokedGrants).toHaveLength(theirs);
    const after = (await readSnapshot<'oauthApps'>('oauthApps', session, runtime)).flatMap((a) => (a.grants ?? []).filter((g) => g.kind === 'delegated' && g.principalProviderId).map((g) => String(g.principalProviderId)));
    expect(after.filter((p) => p === userId)).toEqual([]);
    expect(after).toHaveLength(others);
    expect((await run('revoke-oauth-grants', userId)).detail).toMatch(/consented to no app: nothing to revoke/);
  });

  it('refuses on-premises synced users with the way to do it instead', async () => {
    const synced = sim.tenant().users.find((u) => u.onPremisesSyncEnabled === true);
    const error = await run('suspend-user', String(synced?.id)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/synchronised from on-premises Active Directory\. Do it in Active Directory/);
  });

  it('explains that administrators need a privileged app role to be suspended', async () => {
    const admin = sim.tenant().users.find((u) => u.personas.includes('userAdmin'));
    const error = await run('suspend-user', String(admin?.id)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/holds an administrator role.*Privileged Authentication Administrator/);
  });

  it('names a user that no longer exists', async () => {
    const error = await run('require-reauth', '00000000-0000-0000-0000-000000000001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/no such user in the tenant/);
  });
});

describe('governance actions without the action permissions', () => {
  it('names the permission to grant', async () => {
    const sim = await microsoft365Simulator.start({ frozenAt: FROZEN, adminConsent: { graph: ['User.Read.All'], manage: ['ActivityFeed.Read'] } });
    try {
      const runtime = testRuntime(sim.config, sim.now());
      const user = sim.tenant().users.find((u) => u.userType === 'Member' && u.personas.length === 0 && u.onPremisesSyncEnabled === null);
      const error = await microsoft365.actions['suspend-user']?.run(sessionFor(sim.config, runtime), runtime, { targetProviderId: String(user?.id), config: sim.config }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as Error).message).toMatch(/lacks the Microsoft Graph application permission User\.EnableDisableAccount\.All/);
      const revoke = await microsoft365.actions['require-reauth']?.run(sessionFor(sim.config, runtime), runtime, { targetProviderId: String(user?.id), config: sim.config }).catch((e: unknown) => e);
      expect((revoke as Error).message).toMatch(/User\.RevokeSessions\.All/);
      const rules = await microsoft365.actions['remove-forwarding-rules']?.run(sessionFor(sim.config, runtime), runtime, { targetProviderId: String(user?.id), config: sim.config }).catch((e: unknown) => e);
      expect(rules).toBeInstanceOf(AuthError);
      expect((rules as Error).message).toMatch(/MailboxSettings\.ReadWrite/);
    } finally {
      await sim.close();
    }
  });
});
