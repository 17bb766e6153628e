import { describe, expect, it } from 'vitest';
import { buildActivity, type ActivityInput } from '../activity-builder.js';
import { at } from './example-helpers.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import type { DirectoryFacts, Rule } from '../rule.js';
import { runExample } from '../test-runner.js';
import { userKeyOf } from '../subjects.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { terminatedUser } from './terminated-user.js';

describe('detection.terminated-user', () => {
  ruleExampleSuite(terminatedUser);

  const enriched = (actor: { email?: string; userId?: string }): EnrichedActivity => {
    const activity = buildActivity({ connectorInstanceId: 'slack-1', provider: 'slack', action: 'file.viewed', actor });
    return { activity, intel: { rangeTags: [] } as never, userKey: userKeyOf(activity) };
  };
  const facts = (idp: string | null): DirectoryFacts => ({ accountStatus: 'active', identityStatus: 'active', identityId: null, identityProviderInstanceId: idp, groups: [] });
  const keysOf = (e: EnrichedActivity, idp: string | null) => terminatedUser.stateKeys?.(e, { directory: () => facts(idp) });

  it("watches the actor's account in this app by e-mail and provider id, and their identity at the identity provider by e-mail", () => {
    const e = enriched({ email: ' Ann@Example.com', userId: 'U42' });
    expect(keysOf(e, 'okta-1')).toEqual(['t:slack-1:ann@example.com', 't:slack-1:slack:U42', 't:okta-1:ann@example.com']);
    expect(keysOf(e, 'slack-1')).toEqual(['t:slack-1:ann@example.com', 't:slack-1:slack:U42']);
    expect(keysOf(e, null)).toEqual(['t:slack-1:ann@example.com', 't:slack-1:slack:U42']);
    // A provider id that is an e-mail links the person across apps too; no e-mail, no link by it.
    expect(keysOf(enriched({ userId: 'bob@example.com' }), 'okta-1')).toEqual(['t:slack-1:slack:bob@example.com', 't:okta-1:slack:bob@example.com']);
    expect(keysOf(enriched({ userId: 'U7' }), 'okta-1')).toEqual(['t:slack-1:slack:U7']);
  });
});

describe('detection.terminated-user beyond its examples', () => {
  const suspended = (time: number): ActivityInput => ({ action: 'user.suspended', actor: { email: 'admin@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'u-leo', name: 'Leo', email: 'leo@example.com' }], time });

  it('a failed sign-in or a sign-out after the termination is no activity: the old phone retrying raises nothing; a download does', async () => {
    await expectExample(terminatedUser, {
      name: 'retries',
      activities: [suspended(at(5, 17)), { action: 'user.login_failed', outcome: 'failure', actor: { email: 'leo@example.com' }, time: at(6, 9) }, { action: 'user.login', outcome: 'failure', actor: { email: 'leo@example.com' }, time: at(6, 9, 5) }, { action: 'user.logout', actor: { email: 'leo@example.com' }, time: at(6, 9, 10) }],
      expect: { alerts: 0 },
    });
    await expectExample(terminatedUser, { name: 'a download', activities: [suspended(at(5, 17)), { id: 'dl', action: 'file.downloaded', actor: { email: 'leo@example.com' }, time: at(6, 9) }], expect: { alerts: 1, activityIds: [['dl']] } });
  });

  describe('an account suspended, reinstated and suspended again, read in other orders than time', () => {
    const lifecycle = (id: string, action: 'user.suspended' | 'user.unsuspended', time: number): ActivityInput => ({ id, connectorInstanceId: 'okta', provider: 'okta', app: 'Okta', action, actor: { email: 'it@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'o-leo', name: 'Leo', email: 'leo@example.com' }], time });
    const work = (id: string, time: number): ActivityInput => ({ id, connectorInstanceId: 'box', provider: 'box', app: 'Box', action: 'file.downloaded', actor: { email: 'leo@example.com', userId: 'b-leo' }, time });
    // Okta holds Leo's identity, so its lifecycle judges his Box activity.
    const directory = { 'leo@example.com': { identityProviderInstanceId: 'okta' } };
    const identity = [lifecycle('s1', 'user.suspended', at(1, 10)), lifecycle('u1', 'user.unsuspended', at(2, 9)), lifecycle('s2', 'user.suspended', at(3, 10))];
    // a1 while suspended; a2 after the reinstatement (more than a day after the suspension: the engine's lateness
    // bound); a3 within the grace period of the second suspension; a4 after it.
    const box = [work('a1', at(1, 12)), work('a2', at(2, 11)), work('a3', at(3, 10, 5)), work('a4', at(3, 11))];
    const evidenceOf = async (activities: ActivityInput[]) => {
      const outcome = await runExample(terminatedUser as unknown as Rule<unknown, unknown>, { name: 'order', directory, activities, expect: { alerts: 2 } }, undefined, 'one-per-page');
      expect(outcome.failures).toEqual([]);
      return outcome.alerts.map((a) => [...a.activityIds].sort());
    };
    const inTimeOrder = [...identity, ...box].sort((x, y) => (x.time as number) - (y.time as number));

    it('in time order: the work while suspended and after the second suspension, two alerts', async () => {
      expect(await evidenceOf(inTimeOrder)).toEqual([
        ['a1', 's1'],
        ['a4', 's2'],
      ]);
    });

    it('newest first: the same alerts, each from the termination read last', async () => {
      expect(await evidenceOf([...inTimeOrder].reverse())).toEqual([
        ['a1', 's1'],
        ['a4', 's2'],
      ]);
    });

    it("the identity provider's whole feed read after Box's (a lagging audit log): the same alerts", async () => {
      expect(await evidenceOf([...box, ...identity])).toEqual([
        ['a1', 's1'],
        ['a4', 's2'],
      ]);
    });

    it('what was not read cannot count: a reinstatement within a day, read after the suspension, leaves the work after it in the alert', async () => {
      // Read in time order an hour late, the suspension at 10:00 is judged with what Box had delivered by then;
      // the reinstatement at 10:30, read later, cannot take back the alert about the 10:45 download (its
      // explanation names the suspension; the reinstatement is in the log beside it).
      const late = [work('before', at(1, 9)), work('while', at(1, 10, 20)), work('after', at(1, 10, 45)), lifecycle('s', 'user.suspended', at(1, 10)), lifecycle('u', 'user.unsuspended', at(1, 10, 30))];
      const outcome = await runExample(terminatedUser as unknown as Rule<unknown, unknown>, { name: 'late', directory, activities: late, expect: { alerts: 1 } }, undefined, 'one-per-page');
      expect(outcome.failures).toEqual([]);
      expect(outcome.alerts.map((a) => [...a.activityIds].sort())).toEqual([['after', 's', 'while']]);
      // Read in time order, only the download while suspended.
      const inOrder = await runExample(terminatedUser as unknown as Rule<unknown, unknown>, { name: 'in order', directory, activities: [late[0], late[3], late[1], late[4], late[2]] as ActivityInput[], expect: { alerts: 1 } }, undefined, 'one-per-page');
      expect(inOrder.alerts.map((a) => [...a.activityIds].sort())).toEqual([['s', 'while']]);
    });

    it('its feed read newest first after Box’s: the same alerts', async () => {
      expect(await evidenceOf([...box, ...[...identity].reverse()])).toEqual([
        ['a1', 's1'],
        ['a4', 's2'],
      ]);
    });
  });

  it('a termination naming the person by e-mail alone (no provider id) still judges again what they did before it was read', async () => {
    const byEmail: ActivityInput = { connectorInstanceId: 'okta', provider: 'okta', app: 'Okta', action: 'user.suspended', actor: { email: 'it@example.com', type: 'admin' }, targets: [{ type: 'user', id: null, name: 'Leo', email: 'leo@example.com' }], time: at(5, 17) };
    const took: ActivityInput = { id: 'took', connectorInstanceId: 'okta', provider: 'okta', app: 'Okta', action: 'file.downloaded', actor: { email: 'leo@example.com' }, time: at(6, 10) };
    const outcome = await runExample(terminatedUser as unknown as Rule<unknown, unknown>, { name: 'by e-mail', activities: [took, byEmail], expect: { alerts: 1, activityIds: [['took']] } }, undefined, 'one-per-page');
    expect(outcome.failures).toEqual([]);
  });

  describe('the inventory beside the activity log', () => {
    const suspended = { 'leo@example.com': { accountStatus: 'suspended' as const } };
    const life = (action: 'user.suspended' | 'user.unsuspended', time: number): ActivityInput => ({ action, actor: { email: 'admin@example.com', type: 'admin' }, targets: [{ type: 'user', id: 'u-leo', name: 'Leo', email: 'leo@example.com' }], time });
    const act = (id: string, time: number): ActivityInput => ({ id, action: 'file.downloaded', actor: { email: 'leo@example.com' }, time });

    it('a termination in the log speaks for the account: activity within its grace period raises nothing, even with the inventory saying suspended', async () => {
      await expectExample(terminatedUser, { name: 'grace', directory: suspended, now: at(5, 18), activities: [life('user.suspended', at(5, 17)), act('grace', at(5, 17, 5))], expect: { alerts: 0 } });
    });

    it('after a reinstatement in the log, the inventory (suspended again, unseen in the log) is heard', async () => {
      const alerts = await expectExample(terminatedUser, { name: 'restored', directory: suspended, now: at(6, 12), activities: [life('user.suspended', at(5, 17)), life('user.unsuspended', at(6, 8)), act('later', at(6, 10))], expect: { alerts: 1, activityIds: [['later']], explanationContains: 'although the inventory says its Okta account is suspended' } });
      expect(alerts[0]?.activityIds).toEqual(['later']);
    });
  });

  it('the inventory alone: an app account suspended while the identity is active alerts; at low sensitivity (no inventory) nothing does', async () => {
    const ann = { directory: { 'ann@example.com': { accountStatus: 'suspended' as const, identityStatus: 'active' as const } }, activities: [{ id: 'ann', action: 'file.downloaded' as const, actor: { email: 'ann@example.com' }, time: at(0, 10) }] };
    await expectExample(terminatedUser, { name: 'account suspended', ...ann, expect: { alerts: 1, explanationContains: 'its Okta account is suspended' } });
    await expectExample(terminatedUser, { name: 'low', settings: { sensitivity: 'low' }, ...ann, expect: { alerts: 0 } });
    await expectExample(terminatedUser, { name: 'active', directory: { 'bo@example.com': { accountStatus: 'active', identityStatus: 'active' } }, activities: [{ action: 'file.downloaded', actor: { email: 'bo@example.com' }, time: at(0, 10) }], expect: { alerts: 0 } });
  });
});
