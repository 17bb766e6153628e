import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../core/clock.js';
import { ConfigError, NotFoundError, ProviderError } from '../../../core/errors.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import { createConnectorRuntime } from '../../sdk/runtime.js';
import dropbox from '../index.js';
import { dropboxSimulator, type RunningDropboxSimulator } from '../simulator/index.js';
import { oauthAppsStream } from '../streams/oauth-apps.js';

describe('Dropbox actions over the simulator', () => {
  let sim: RunningDropboxSimulator;
  const action = (id: string) => {
    const a = dropbox.actions[id];
    if (!a) throw new Error(`no action ${id}`);
    return a;
  };
  const run = async (id: string, target: string) => {
    const runtime = runtimeFor(dropbox, sim.config);
    return action(id).run(dropbox.createSession(sim.config, runtime), runtime, { targetProviderId: target, config: sim.config });
  };
  const verify = async (id: string, target: string) => {
    const runtime = runtimeFor(dropbox, sim.config);
    return action(id).verify!(dropbox.createSession(sim.config, runtime), runtime, { targetProviderId: target, config: sim.config });
  };
  const member = (i: number) => sim.tenant().members[i]!;

  beforeAll(async () => {
    sim = await dropboxSimulator.start({ seed: 5, frozenAt: CONFORMANCE_NOW, scenarios: [] });
  });
  afterAll(async () => sim.close());

  it('suspend-user suspends without wiping devices and is logged; again is a no-op; unsuspend-user undoes it', async () => {
    const target = member(20);
    const before = sim.feedRecordIds().length;
    const done = await run('suspend-user', target.teamMemberId);
    expect(done.detail).toContain(`Suspended ${target.email}`);
    expect(done.evidence).toEqual({ previousStatus: 'active', wipeData: false });
    expect(member(20).status).toBe('suspended');
    expect(await verify('suspend-user', target.teamMemberId)).toMatchObject({ ok: true });
    expect(sim.feedRecordIds().length).toBe(before + 1);
    expect((await run('suspend-user', target.teamMemberId)).detail).toContain('already suspended');
    expect((await run('unsuspend-user', target.teamMemberId)).detail).toContain(`Unsuspended ${target.email}`);
    expect(member(20).status).toBe('active');
    expect(sim.feedRecordIds().length).toBe(before + 2);
    expect(dropbox.actions['suspend-user']?.undo).toBe('unsuspend-user');
  });

  it('revoke-sessions ends every web session and unlinks every device of the member', async () => {
    const target = member(22);
    expect(target.sessions.length).toBeGreaterThanOrEqual(2);
    expect(await verify('revoke-sessions', target.teamMemberId)).toMatchObject({ ok: false });
    const done = await run('revoke-sessions', target.teamMemberId);
    expect(done.detail).toContain(`Ended ${target.sessions.length} session(s) of ${target.email}`);
    expect(member(22).sessions).toEqual([]);
    expect(await verify('revoke-sessions', target.teamMemberId)).toMatchObject({ ok: true });
    expect((await run('revoke-sessions', target.teamMemberId)).detail).toContain('no web session or linked device');
  });

  it('revoke-oauth-app unlinks the app from every member who linked it; the inventory no longer lists it; again is harmless', async () => {
    const office = sim.tenant().apps.find((a) => a.name === 'Microsoft Office for Dropbox')!;
    const holders = sim.tenant().members.filter((m) => m.linkedApps.includes(office.id)).length;
    expect(holders).toBeGreaterThan(1);
    expect((await run('revoke-oauth-app', office.id)).detail).toContain(`from ${holders} member(s)`);
    expect(sim.tenant().members.filter((m) => m.linkedApps.includes(office.id))).toEqual([]);
    const runtime = runtimeFor(dropbox, sim.config);
    const listed: string[] = [];
    for await (const page of oauthAppsStream.read(dropbox.createSession(sim.config, runtime), runtime)) listed.push(...page.map((a) => a.providerId));
    expect(listed).not.toContain(office.id);
    expect((await run('revoke-oauth-app', office.id)).detail).toContain('nothing to unlink');
  });

  it('refuses the admin who authorised the connection, names an unknown member, and words Dropbox’s 409s', async () => {
    await expect(run('suspend-user', sim.tenant().adminTeamMemberId)).rejects.toBeInstanceOf(ConfigError);
    await expect(run('revoke-sessions', 'dbmid:AAnobodyatallnobodyatall')).rejects.toBeInstanceOf(NotFoundError);
    // The invited member cannot be suspended: Dropbox answers suspend_inactive_user, and the error says why.
    const invited = member(39);
    const runtime = runtimeFor(dropbox, sim.config);
    const session = dropbox.createSession(sim.config, runtime);
    const error = await session.client.rpc('team/members/suspend', { user: { '.tag': 'team_member_id', team_member_id: invited.teamMemberId }, wipe_data: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).providerCode).toBe('suspend_inactive_user');
    expect((error as Error).message).toContain('already suspended, or only invited');
  });
});

describe('Dropbox actions in a governance dry run', () => {
  it('reads the member (Dropbox reads are POSTs too) and plans the suspension without sending it', async () => {
    const sim = await dropboxSimulator.start({ seed: 5, frozenAt: CONFORMANCE_NOW, scenarios: [] });
    try {
      const planned: { operation: string; method: string }[] = [];
      const runtime = createConnectorRuntime(dropbox, sim.config, { logger: pino({ level: 'silent' }), clock: systemClock, dryRun: (call) => planned.push({ operation: call.operation, method: call.method }) });
      const target = sim.tenant().members[20]!;
      const done = await dropbox.actions['suspend-user']!.run(dropbox.createSession(sim.config, runtime), runtime, { targetProviderId: target.teamMemberId, config: sim.config });
      expect(done.detail).toContain(target.email);
      expect(planned).toEqual([{ operation: 'dropbox.team.members.suspend', method: 'POST' }]);
      expect(sim.tenant().members[20]?.status).toBe('active');
    } finally {
      await sim.close();
    }
  });
});
