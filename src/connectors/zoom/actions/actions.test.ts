import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ProviderError } from '../../../core/errors.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import zoom from '../index.js';
import { zoomSimulator, type RunningZoomSimulator } from '../simulator/index.js';

describe('Zoom actions over the simulator', () => {
  let sim: RunningZoomSimulator;
  const session = () => {
    const runtime = runtimeFor(zoom, sim.config);
    return { runtime, session: zoom.createSession(sim.config, runtime) };
  };
  const run = async (id: string, target: string) => {
    const action = zoom.actions[id];
    if (!action) throw new Error(`no action ${id}`);
    const { runtime, session: s } = session();
    return action.run(s, runtime, { targetProviderId: target, config: sim.config });
  };
  const verify = async (id: string, target: string) => {
    const { runtime, session: s } = session();
    return zoom.actions[id]?.verify?.(s, runtime, { targetProviderId: target, config: sim.config });
  };
  const user = (i: number) => sim.tenant().users[i] as { id: string; email: string; status: string; signedOut: number };
  const opLog = () => sim.truth().activityIds.filter((id) => id.startsWith('zoom:op:')).length;

  beforeAll(async () => {
    sim = await zoomSimulator.start({ seed: 5, frozenAt: CONFORMANCE_NOW, scenarios: ['admin-role-then-settings-weakened'] });
  });
  afterAll(async () => sim.close());

  it('suspend-user deactivates (PUT status), verifies it, is a no-op again; unsuspend-user activates; each lands in the operation log', async () => {
    const target = user(20);
    const before = opLog();
    expect(target.status).toBe('active');
    expect((await run('suspend-user', target.id)).detail).toContain(`Deactivated ${target.email}`);
    expect(user(20).status).toBe('inactive');
    expect(await verify('suspend-user', target.id)).toMatchObject({ ok: true });
    expect((await run('suspend-user', target.id)).detail).toContain('already deactivated');
    expect((await run('unsuspend-user', target.id)).detail).toContain(`Activated ${target.email}`);
    expect(user(20).status).toBe('active');
    expect(await verify('unsuspend-user', target.id)).toMatchObject({ ok: true });
    expect(opLog()).toBe(before + 2);
    expect(zoom.actions['suspend-user']?.undo).toBe('unsuspend-user');
  });

  it('revoke-sessions revokes the user’s SSO token (DELETE /users/{id}/token), by id or e-mail', async () => {
    const target = user(22);
    expect((await run('revoke-sessions', target.id)).detail).toContain(`Signed ${target.email} out`);
    await run('revoke-sessions', target.email);
    expect(user(22).signedOut).toBe(2);
  });

  it('explains why Zoom refuses to deactivate an admin (the attacker made themselves one) and what to do instead', async () => {
    const attacker = user(17);
    const error = await run('suspend-user', attacker.id).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toContain('holds the Admin role');
    expect((error as Error).message).toContain('revoke-sessions');
    expect(user(17).status).toBe('active');
    expect((await run('revoke-sessions', attacker.id)).detail).toContain(attacker.email);
  });

  it('names an unknown user', async () => {
    await expect(run('suspend-user', 'NoSuchUser0000000000000')).rejects.toBeInstanceOf(NotFoundError);
    await expect(run('revoke-sessions', 'nobody@northwind-legal.example')).rejects.toBeInstanceOf(NotFoundError);
  });
});
