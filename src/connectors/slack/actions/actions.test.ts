import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, NotFoundError } from '../../../core/errors.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import slack from '../index.js';
import { slackSimulator, type RunningSlackSimulator } from '../simulator/index.js';
import { oauthAppsStream } from '../streams/oauth-apps.js';

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

  it('revoke-oauth-app restricts the app across the org and uninstalls it everywhere, both recorded in the audit log; again is harmless', async () => {
    const zoom = sim.tenant().apps.find((a) => a.name === 'Zoom');
    expect(zoom).toMatchObject({ status: 'approved', installed: true });
    const before = sim.truth().activityIds.length;
    expect((await run('revoke-oauth-app', zoom!.id)).detail).toContain(`Restricted app ${zoom!.id} across the org`);
    expect(sim.tenant().apps.find((a) => a.id === zoom!.id)).toMatchObject({ status: 'restricted', installed: false });
    expect(sim.truth().activityIds.length).toBe(before + 2);
    // The inventory now lists it among the restricted apps.
    const runtime = runtimeFor(slack, sim.config);
    const listed: { providerId: string; enabled: boolean }[] = [];
    for await (const page of oauthAppsStream.read(slack.createSession(sim.config, runtime), runtime)) listed.push(...page);
    expect(listed.find((a) => a.providerId === zoom!.id)?.enabled).toBe(false);
    await run('revoke-oauth-app', zoom!.id);
    expect(sim.truth().activityIds.length).toBe(before + 3);
    expect(sim.tenant().apps.find((a) => a.id === zoom!.id)).toMatchObject({ status: 'restricted', installed: false });
  });

  it('revoke-oauth-app names an unknown app and refuses an id that is not an app id', async () => {
    await expect(run('revoke-oauth-app', 'A0NOSUCHAPP')).rejects.toBeInstanceOf(NotFoundError);
    await expect(run('revoke-oauth-app', 'W0123ABCD')).rejects.toBeInstanceOf(ConfigError);
  });

  it('refuses the owner whose token it uses, and names an unknown user', async () => {
    await expect(run('suspend-user', user(0).id)).rejects.toBeInstanceOf(ConfigError);
    await expect(run('revoke-sessions', 'W0NOSUCHUSR')).rejects.toBeInstanceOf(NotFoundError);
    expect(user(0).active).toBe(true);
  });
});
