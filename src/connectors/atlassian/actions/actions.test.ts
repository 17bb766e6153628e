import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, NotFoundError } from '../../../core/errors.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import atlassian from '../index.js';
import { atlassianSimulator, type RunningAtlassianSimulator } from '../simulator/index.js';

describe('Atlassian actions over the simulator', () => {
  let sim: RunningAtlassianSimulator;
  const session = () => atlassian.createSession(sim.config, runtimeFor(atlassian, sim.config));
  const run = async (id: string, target: string) => {
    const action = atlassian.actions[id];
    if (!action) throw new Error(`no action ${id}`);
    return action.run(session(), runtimeFor(atlassian, sim.config), { targetProviderId: target, config: sim.config });
  };
  const verify = async (id: string, target: string) => atlassian.actions[id]!.verify!(session(), runtimeFor(atlassian, sim.config), { targetProviderId: target, config: sim.config });
  const user = (i: number) => sim.tenant().users[i]!;

  beforeAll(async () => {
    sim = await atlassianSimulator.start({ seed: 5, frozenAt: CONFORMANCE_NOW, scenarios: [] });
  });
  afterAll(async () => sim.close());

  it('suspend-user suspends access (suspend-access), says so, reads it back; again is a no-op; unsuspend-user restores it; the audit log records both', async () => {
    const target = user(20);
    const before = sim.feedRecordIds().length;
    expect(target.membership).toBe('active');
    expect((await run('suspend-user', target.accountId)).detail).toContain(`Suspended ${target.email}'s access`);
    expect(user(20).membership).toBe('suspended');
    expect(await verify('suspend-user', target.accountId)).toMatchObject({ ok: true });
    expect((await run('suspend-user', target.accountId)).detail).toContain('already suspended');
    expect((await run('unsuspend-user', target.accountId)).detail).toContain(`Restored ${target.email}'s access`);
    expect(user(20).membership).toBe('active');
    expect(await verify('unsuspend-user', target.accountId)).toMatchObject({ ok: true });
    expect(sim.feedRecordIds().length).toBe(before + 2);
    expect(sim.stats().byRoute).toMatchObject({ 'POST /admin/v1/orgs/:orgId/directory/users/:accountId/suspend-access': 1, 'POST /admin/v1/orgs/:orgId/directory/users/:accountId/restore-access': 1 });
    expect(atlassian.actions['suspend-user']?.undo).toBe('unsuspend-user');
  });

  it('names what is wrong with a target: not an account id, or no such account', async () => {
    await expect(run('suspend-user', 'someone@example.com')).rejects.toBeInstanceOf(ConfigError);
    await expect(run('suspend-user', '712020:00000000-0000-0000-0000-000000000000')).rejects.toThrow(NotFoundError);
    await expect(run('suspend-user', '712020:00000000-0000-0000-0000-000000000000')).rejects.toThrow(/no account 712020:0+-.* check the account id/);
  });
});
