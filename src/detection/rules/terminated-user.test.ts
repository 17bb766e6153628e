import { describe, expect, it } from 'vitest';
import { buildActivity, type ActivityInput } from '../activity-builder.js';
import { at } from './example-helpers.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import type { DirectoryFacts } from '../rule.js';
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

  it('the inventory alone: an app account suspended while the identity is active alerts; at low sensitivity (no inventory) nothing does', async () => {
    const ann = { directory: { 'ann@example.com': { accountStatus: 'suspended' as const, identityStatus: 'active' as const } }, activities: [{ id: 'ann', action: 'file.downloaded' as const, actor: { email: 'ann@example.com' }, time: at(0, 10) }] };
    await expectExample(terminatedUser, { name: 'account suspended', ...ann, expect: { alerts: 1, explanationContains: 'its Okta account is suspended' } });
    await expectExample(terminatedUser, { name: 'low', settings: { sensitivity: 'low' }, ...ann, expect: { alerts: 0 } });
    await expectExample(terminatedUser, { name: 'active', directory: { 'bo@example.com': { accountStatus: 'active', identityStatus: 'active' } }, activities: [{ action: 'file.downloaded', actor: { email: 'bo@example.com' }, time: at(0, 10) }], expect: { alerts: 0 } });
  });
});
