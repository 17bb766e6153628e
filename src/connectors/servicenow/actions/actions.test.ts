import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, NotFoundError } from '../../../core/errors.js';
import { CONFORMANCE_NOW, readActivities, runtimeFor } from '../../sdk/conformance/read-activities.js';
import { normalizeRecord, offlineContext } from '../../sdk/normalize-total.js';
import servicenow from '../index.js';
import { serviceNowSimulator, type RunningServiceNowSimulator } from '../simulator/index.js';

describe('ServiceNow governance over the simulator (PATCH sys_user)', () => {
  let sim: RunningServiceNowSimulator;
  const session = () => {
    const runtime = runtimeFor(servicenow, sim.config);
    return { runtime, session: servicenow.createSession(sim.config, runtime) };
  };
  const run = async (id: string, target: string) => {
    const { runtime, session: s } = session();
    const action = servicenow.actions[id];
    if (!action) throw new Error(`no action ${id}`);
    return action.run(s, runtime, { targetProviderId: target, config: sim.config });
  };
  const verify = async (id: string, target: string) => {
    const { runtime, session: s } = session();
    return servicenow.actions[id]?.verify?.(s, runtime, { targetProviderId: target, config: sim.config });
  };
  const user = (name: string) => sim.users().find((u) => u.userName === name);
  const audits = () => sim.rows('sys_audit').filter((r) => r.user === sim.config.username).map((r) => `${r.fieldname}:${r.oldvalue}->${r.newvalue}`);

  beforeAll(async () => {
    sim = await serviceNowSimulator.start({ seed: 5, frozenAt: CONFORMANCE_NOW, scenarios: [] });
  });
  afterAll(async () => sim.close());

  it('suspend-user locks out by user_name, is idempotent, verifies, and unsuspend-user undoes it; each change is audited and read back as an activity', async () => {
    const target = sim.users()[20]!;
    expect(target).toMatchObject({ active: true, lockedOut: false });
    expect((await run('suspend-user', target.userName)).detail).toContain(`Locked ${target.userName} out`);
    expect(user(target.userName)).toMatchObject({ lockedOut: true, active: true });
    expect(await verify('suspend-user', target.userName)).toMatchObject({ ok: true });
    expect((await run('suspend-user', target.userName)).detail).toContain('already locked out');
    expect((await run('unsuspend-user', target.sysId)).detail).toContain(`unlocked ${target.userName}`);
    expect(user(target.userName)).toMatchObject({ lockedOut: false, active: true });
    expect(audits()).toEqual(['locked_out:false->true', 'locked_out:true->false']);
    expect(servicenow.actions['suspend-user']?.undo).toBe('unsuspend-user');
    // The activities stream reads the lock-out back from sys_audit, as the integration user's doing.
    const read = await readActivities(servicenow, sim.config, { now: CONFORMANCE_NOW });
    const ids = new Set(sim.rows('sys_audit').filter((r) => r.user === sim.config.username).map((r) => r.sys_id));
    expect(read.sourceIds.filter((id) => ids.has(id))).toHaveLength(2);
  });

  it('remove-from-org deactivates (active=false) and unsuspend-user reactivates', async () => {
    const target = sim.users()[25]!;
    expect((await run('remove-from-org', target.userName)).detail).toContain(`Deactivated ${target.userName}`);
    expect(user(target.userName)).toMatchObject({ active: false });
    expect(await verify('remove-from-org', target.userName)).toMatchObject({ ok: true });
    expect((await run('remove-from-org', target.userName)).detail).toContain('already inactive');
    expect((await run('unsuspend-user', target.userName)).detail).toContain(`Reactivated ${target.userName}`);
    expect(user(target.userName)).toMatchObject({ active: true });
    const normalized = sim.rows('sys_audit').filter((r) => r.documentkey === target.sysId).map((r) => normalizeRecord(servicenow, r, offlineContext('t', 0)).action);
    expect(normalized).toEqual(['user.suspended', 'user.unsuspended']);
  });

  it('refuses the integration user itself, names an unknown user, and refuses a user_name an encoded query could not carry', async () => {
    await expect(run('suspend-user', sim.config.username ?? '')).rejects.toBeInstanceOf(ConfigError);
    await expect(run('suspend-user', 'no.such.person')).rejects.toBeInstanceOf(NotFoundError);
    await expect(run('suspend-user', 'a^ORuser_nameSTARTSWITHa')).rejects.toBeInstanceOf(ConfigError);
    expect(user(sim.config.username ?? '')).toMatchObject({ active: true, lockedOut: false });
  });
});
