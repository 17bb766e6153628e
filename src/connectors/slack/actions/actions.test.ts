import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, NotFoundError } from '../../../core/errors.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import slack from '../index.js';
import { slackSimulator, type RunningSlackSimulator } from '../simulator/index.js';

describe('Slack actions over the simulator', () => {
  let sim: RunningSlackSimulator;
  const run = async (id: string, target: string) => {
    const runtime = runtimeFor(slack, sim.config);
    const action = slack.actions[id];
    if (!action) throw new Error(`no action ${id}`);
    return action.run(slack.createSession(sim.config, runtime), runtime, { targetProviderId: target, config: sim.config });
  };
  const user = (i: number) => sim.tenant().users[i] as { id: string; email: string; active: boolean };

  beforeAll(async () => {
    sim = await slackSimulator.start({ seed: 5, frozenAt: CONFORMANCE_NOW, scenarios: [] });
  });
  afterAll(async () => sim.close());

  it('suspend-user deactivates through SCIM and says so; again is a no-op; unsuspend-user undoes it', async () => {
    const target = user(20);
    expect(target.active).toBe(true);
    expect((await run('suspend-user', target.id)).detail).toContain(`Deactivated ${target.email}`);
    expect(user(20).active).toBe(false);
    expect((await run('suspend-user', target.id)).detail).toContain('already deactivated');
    expect((await run('unsuspend-user', target.id)).detail).toContain(`Reactivated ${target.email}`);
    expect(user(20).active).toBe(true);
    expect(slack.actions['suspend-user']?.undo).toBe('unsuspend-user');
  });

  it('revoke-sessions calls admin.users.session.reset for that user, and the audit log records it', async () => {
    const target = user(22);
    const before = sim.truth().activityIds.length;
    expect((await run('revoke-sessions', target.id)).detail).toContain(target.email);
    expect(sim.tenant().sessionResets.map((r) => r.userId)).toEqual([target.id]);
    expect(sim.truth().activityIds.length).toBe(before + 1);
  });

  it('refuses the owner whose token it uses, and names an unknown user', async () => {
    await expect(run('suspend-user', user(0).id)).rejects.toBeInstanceOf(ConfigError);
    await expect(run('revoke-sessions', 'W0NOSUCHUSR')).rejects.toBeInstanceOf(NotFoundError);
    expect(user(0).active).toBe(true);
  });
});
