import { describe, expect, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import type { RuleExample } from '../rule.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at, PLACES } from './example-helpers.js';
import { sessionHijack } from './session-hijack.js';

describe('detection.session-hijack', () => ruleExampleSuite(sessionHijack));

const use = (id: string, session: string, time: number, place: ActivityInput, more: Partial<ActivityInput> = {}): ActivityInput => ({
  id,
  provider: 'microsoft365',
  app: 'Entra ID',
  action: 'user.login',
  actor: { email: 'kim@example.com' },
  sessionId: session,
  time,
  ...place,
  ...more,
});

/** Edges the policy's documented examples leave out (tests only: they are not worth a page of docs each). */
describe('detection.session-hijack at its edges', () => {
  const judge = async (example: RuleExample) => {
    const alerts = await expectExample(sessionHijack, example);
    // The evidence exactly (the example's check only says what is missing).
    expect(alerts.map((a) => [...a.activityIds].sort())).toEqual((example.expect.activityIds ?? []).map((ids) => [...ids].sort()));
  };

  it('two countries exactly maxMinutes (60, medium) apart alert; a millisecond more does not', async () => {
    await judge({ name: 'at the edge', activities: [use('home', 's1', at(3, 9), PLACES.seattle), use('replay', 's1', at(3, 10), PLACES.vpnAmsterdam)], expect: { alerts: 1, activityIds: [['home', 'replay']] } });
    await judge({ name: 'past the edge', activities: [use('home', 's2', at(3, 9), PLACES.seattle), use('replay', 's2', at(3, 10) + 1, PLACES.vpnAmsterdam)], expect: { alerts: 0 } });
  });

  it('a failed use from another country is neither judged nor remembered for the next use', async () => {
    await judge({
      name: 'a blocked attempt between two uses from home',
      activities: [
        use('home-1', 's1', at(3, 9), PLACES.seattle),
        use('blocked', 's1', at(3, 9, 10), PLACES.vpnAmsterdam, { outcome: 'failure' }),
        use('home-2', 's1', at(3, 9, 20), PLACES.seattle),
      ],
      expect: { alerts: 0 },
    });
  });

  it('a use with no country, or no session id, is left out; the session still alerts on the next foreign use', async () => {
    await judge({
      name: 'no country, then no session, then a replay',
      activities: [
        use('home', 's1', at(3, 9), PLACES.seattle),
        use('nowhere', 's1', at(3, 9, 5), { srcIp: '100.64.7.9', geo: { country: null, city: null, lat: null, lon: null } }),
        use('sessionless', '', at(3, 9, 8), PLACES.vpnAmsterdam, { sessionId: null }),
        use('replay', 's1', at(3, 9, 10), PLACES.vpnAmsterdam),
      ],
      expect: { alerts: 1, activityIds: [['home', 'replay']] },
    });
  });
});
