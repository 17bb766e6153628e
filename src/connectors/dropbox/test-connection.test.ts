import { describe, expect, it } from 'vitest';
import { CONFORMANCE_NOW, runtimeFor } from '../sdk/conformance/read-activities.js';
import { settingsSnapshot } from '../sdk/define-check.js';
import dropbox from './index.js';
import { dropboxSimulator } from './simulator/index.js';
import { accountsStream } from './streams/accounts.js';
import { groupsStream } from './streams/groups.js';
import { oauthAppsStream } from './streams/oauth-apps.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

describe('Dropbox test checks and inventory over the simulator', () => {
  it('names each missing scope and what to do about it', async () => {
    const sim = await dropboxSimulator.start({ seed: 2, frozenAt: CONFORMANCE_NOW, missingScopes: ['events.read', 'sessions.list'] });
    try {
      const runtime = runtimeFor(dropbox, sim.config);
      const result = await dropbox.testConnection(dropbox.createSession(sim.config, runtime), runtime);
      expect(result.ok).toBe(false);
      expect(result.checks.map((c) => [c.name, c.ok])).toEqual([['team-token', true], ['admin', true], ['team-log', false], ['members', true], ['groups', true], ['sessions', false]]);
      const log = result.checks.find((c) => c.name === 'team-log')?.detail ?? '';
      expect(log).toContain('lacks the scope events.read');
      expect(log).toContain('App Console');
      expect(result.checks.find((c) => c.name === 'sessions')?.detail).toContain('sessions.list');
    } finally {
      await sim.close();
    }
  });

  it('says the refresh token is refused, without showing it, and stops there', async () => {
    const sim = await dropboxSimulator.start({ seed: 2, frozenAt: CONFORMANCE_NOW });
    try {
      const runtime = runtimeFor(dropbox, sim.badCredentialConfig);
      const result = await dropbox.testConnection(dropbox.createSession(sim.badCredentialConfig, runtime), runtime);
      expect(result.checks).toHaveLength(1);
      expect(result.checks[0]?.detail).toContain('invalid_grant');
      expect(result.checks[0]?.detail).toContain('token_access_type=offline');
      expect(result.checks[0]?.detail).not.toContain(sim.badCredentialConfig.refreshToken);
      expect(result.checks[0]?.detail).not.toContain(sim.config.appSecret);
    } finally {
      await sim.close();
    }
  });

  it('inventories members (status, admin roles), groups with members, linked apps per member, and the team policies', async () => {
    const sim = await dropboxSimulator.start({ seed: 2, frozenAt: CONFORMANCE_NOW, scenarios: [] });
    try {
      const runtime = runtimeFor(dropbox, sim.config);
      const session = dropbox.createSession(sim.config, runtime);
      const tenant = sim.tenant();
      const accounts = await collect(accountsStream.read(session, runtime));
      expect(accounts.map((a) => a.providerId)).toEqual(tenant.members.map((m) => m.teamMemberId));
      expect(accounts.map((a) => a.status)).toEqual(tenant.members.map((m) => (m.status === 'suspended' ? 'suspended' : 'active')));
      expect(accounts.filter((a) => a.isAdmin).map((a) => a.email)).toEqual(tenant.members.filter((m) => m.roles.length > 0).map((m) => m.email));
      expect(accounts[39]?.details).toMatchObject({ dropboxStatus: 'invited', devices: { web: 0, desktop: [], mobile: [] } });
      expect(accounts.map((a) => (a.details as { devices: { desktop: string[] } }).devices.desktop.length)).toEqual(tenant.members.map((m) => m.sessions.filter((s) => s.startsWith('dbdsid:')).length));
      const privileges = await collect(privilegesStream.read(session, runtime));
      expect(privileges.map((p) => p.role)).toEqual(['Team admin', 'User management admin', 'Support admin', 'Billing admin']);
      expect(privileges[0]?.details).toEqual({ description: 'Can manage all team settings, members and billing.' });
      const groups = await collect(groupsStream.read(session, runtime));
      expect(groups).toHaveLength(6);
      expect(groups[0]).toMatchObject({ name: 'Everyone at Northwind Legal Group', kind: 'system_managed' });
      expect(groups[0]?.members).toHaveLength(39);
      const apps = await collect(oauthAppsStream.read(session, runtime));
      for (const app of apps) {
        const holders = tenant.members.filter((m) => m.linkedApps.includes(app.providerId)).map((m) => m.teamMemberId);
        expect(app.grants?.map((g) => g.principalProviderId)).toEqual(holders);
      }
      expect(apps.map((a) => a.name).sort()).toEqual(tenant.apps.map((a) => a.name).sort());
      const settings = await collect(settingsStream.read(session, runtime));
      expect(settings.find((s) => s.key === 'policies')?.value).toMatchObject({ sharing: { shared_link_create_policy: 'default_team_only', shared_folder_member_policy: 'team' }, emm_state: 'disabled' });
      // Posture drift: the next settings read sees the weakened policies, and the checks fail on them.
      expect(sim.weakenPosture().map((c) => `${c.field}:${String(c.from)}->${String(c.to)}`)).toEqual(['shared_link_create_policy:default_team_only->default_public', 'shared_folder_member_policy:team->anyone']);
      const weakened = settingsSnapshot(await collect(settingsStream.read(session, runtime)));
      expect(dropbox.postureChecks?.map((c) => [c.id, c.evaluate(weakened).status])).toEqual([['DBX-01', 'fail'], ['DBX-02', 'fail'], ['DBX-03', 'not_applicable'], ['DBX-04', 'pass']]);
    } finally {
      await sim.close();
    }
  });
});
