import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import salesforce from '../index.js';
import { salesforceSimulator, type RunningSalesforceSimulator } from '../simulator/index.js';
import { ROGUE_APP } from '../simulator/scenarios.js';
import { setupAuditTrailStream } from '../streams/time-ordered.js';

describe('Salesforce governance actions over the simulator', () => {
  let sim: RunningSalesforceSimulator;
  const runtime = () => runtimeFor(salesforce, sim.config);
  const run = async (id: string, target: string) => {
    const r = runtime();
    const action = salesforce.actions[id];
    if (!action) throw new Error(`no action ${id}`);
    const session = salesforce.createSession(sim.config, r);
    const result = await action.run(session, r, { targetProviderId: target, config: sim.config });
    const verified = await action.verify?.(session, r, { targetProviderId: target, config: sim.config });
    return { ...result, verified };
  };
  const user = (i: number) => sim.tenant().users[i]!;

  beforeAll(async () => {
    sim = await salesforceSimulator.start({ seed: 5, frozenAt: CONFORMANCE_NOW });
  });
  afterAll(async () => sim.close());

  it('suspend-user freezes through the UserLogin row and the audit trail records it; again is a no-op; unsuspend-user unfreezes', async () => {
    const target = user(20);
    const frozen = await run('suspend-user', target.id);
    expect(frozen.detail).toMatch(new RegExp(`^Froze .*\\(${target.username.replace(/\./g, '\\.')}\\): they cannot sign in`));
    expect(frozen.verified?.ok).toBe(true);
    expect(user(20).frozen).toBe(true);
    expect(user(20).active).toBe(true);
    expect((await run('suspend-user', target.id)).detail).toContain('already frozen');
    expect((await run('unsuspend-user', target.id)).verified?.ok).toBe(true);
    expect(user(20).frozen).toBe(false);
    const r = runtime();
    const audit: string[] = [];
    for await (const page of setupAuditTrailStream.read(salesforce.createSession(sim.config, r), r, { checkpoint: JSON.stringify({ s: CONFORMANCE_NOW - 1000, ids: [] }), backfillFrom: 0 })) {
      audit.push(...page.records.map((x) => String((x as { Action: string }).Action)));
    }
    expect(audit).toEqual(['frozeuser', 'unfrozeuser']);
  });

  it('remove-from-org deactivates the user (users cannot be deleted)', async () => {
    const result = await run('remove-from-org', user(21).id);
    expect(result.detail).toContain('Deactivated');
    expect(result.verified?.ok).toBe(true);
    expect(user(21).active).toBe(false);
    expect((await run('remove-from-org', user(21).id)).detail).toContain('already deactivated');
  });

  it('revoke-sessions deletes every AuthSession of the user and only theirs', async () => {
    const target = user(22);
    const others = sim.tenant().sessions.filter((s) => s.userId !== target.id).length;
    expect(sim.tenant().sessions.some((s) => s.userId === target.id)).toBe(true);
    const result = await run('revoke-sessions', target.id);
    expect(result.detail).toMatch(/Ended 1 session/);
    expect(result.verified?.ok).toBe(true);
    expect(sim.tenant().sessions.filter((s) => s.userId === target.id)).toEqual([]);
    expect(sim.tenant().sessions).toHaveLength(others);
  });

  it('revoke-oauth-app revokes every token of the connected app through oauth2/revoke, leaving other apps alone', async () => {
    const rogue = sim.tenant().oauthTokens.find((t) => t.appName === ROGUE_APP.name)!;
    const others = sim.tenant().oauthTokens.filter((t) => t.appName !== ROGUE_APP.name).length;
    const result = await run('revoke-oauth-app', rogue.appMenuItemId);
    expect(result.detail).toContain(`Revoked 1 of 1 token(s) of ${ROGUE_APP.name}`);
    expect(result.verified?.ok).toBe(true);
    expect(sim.tenant().oauthTokens).toHaveLength(others);
  });

  it('refuses to act on the integration user Parapet connects as, and on an id that is not a user', async () => {
    const self = sim.tenant().users.find((u) => u.username === sim.config.username)!;
    await expect(run('suspend-user', self.id)).rejects.toBeInstanceOf(ConfigError);
    expect(salesforce.actions['suspend-user']?.targetIdPattern?.test('00D5g000000abcdEAA')).toBe(false);
  });
});
