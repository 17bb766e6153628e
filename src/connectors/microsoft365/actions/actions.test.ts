import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../core/clock.js';
import { AuthError, NotFoundError, ValidationError } from '../../../core/errors.js';
import microsoft365 from '../index.js';
import { MALICIOUS_APP_NAME, microsoft365Simulator, type RunningM365Simulator } from '../simulator/index.js';
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

  it('declares suspend with its undo, require-reauth and revoke-oauth-app', () => {
    expect(Object.keys(microsoft365.actions)).toEqual(['suspend-user', 'unsuspend-user', 'require-reauth', 'revoke-sessions', 'revoke-oauth-app']);
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
    } finally {
      await sim.close();
    }
  });
});
