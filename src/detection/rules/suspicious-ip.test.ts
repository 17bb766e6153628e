import { describe, expect, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at, TOR_EXIT } from './example-helpers.js';
import { suspiciousIp } from './suspicious-ip.js';

describe('detection.suspicious-ip', () => ruleExampleSuite(suspiciousIp));

const BAD = '45.95.3.3';
const feeds = { indicators: [{ feed: 'spamhaus-drop', value: '45.95.0.0/16', kind: 'threat' as const }, { feed: 'abuse-ch', value: BAD, kind: 'threat' as const }, { feed: 'tor-exits', value: TOR_EXIT, kind: 'tor' as const }] };
const signIn = (srcIp: string, extra: Partial<ActivityInput> = {}): ActivityInput => ({ id: 'in', action: 'user.login', actor: { email: 'ann@example.com' }, time: at(2, 3), srcIp, ...extra });

/** Edges the documented examples leave out. */
describe('detection.suspicious-ip beyond its examples', () => {
  it('a failed sign-in from a listed address alerts from medium sensitivity, saying it failed; low only alerts on what succeeded', async () => {
    const failed = signIn(BAD, { action: 'user.login_failed', outcome: 'failure' });
    await expectExample(suspiciousIp, { name: 'low', settings: { sensitivity: 'low' }, intel: feeds, activities: [failed], expect: { alerts: 0 } });
    await expectExample(suspiciousIp, { name: 'medium', intel: feeds, activities: [failed], expect: { alerts: 1, explanationContains: `ann@example.com did user.login_failed (it failed) from ${BAD}` } });
    await expectExample(suspiciousIp, { name: 'low, succeeded', settings: { sensitivity: 'low' }, intel: feeds, activities: [signIn(BAD)], expect: { alerts: 1 } });
    await expectExample(suspiciousIp, { name: 'high', settings: { sensitivity: 'high' }, intel: feeds, activities: [failed], expect: { alerts: 1 } });
  });

  it('names every feed that lists the address, high severity', async () => {
    const [alert] = await expectExample(suspiciousIp, { name: 'two feeds', intel: feeds, activities: [signIn(BAD)], expect: { alerts: 1, severity: 'high' } });
    expect(alert?.explanation).toMatch(/listed on the imported threat feeds (spamhaus-drop, abuse-ch|abuse-ch, spamhaus-drop);/);
    const one = { indicators: [{ feed: 'spamhaus-drop', value: '45.95.0.0/16', kind: 'threat' as const }] };
    await expectExample(suspiciousIp, { name: 'one feed', intel: one, activities: [signIn(BAD)], expect: { alerts: 1, explanationContains: 'listed on the imported threat feed spamhaus-drop;' } });
  });

  it('a Tor exit counts only at high sensitivity (otherwise the anonymous-IP policy\'s job), medium severity', async () => {
    for (const sensitivity of ['low', 'medium'] as const) await expectExample(suspiciousIp, { name: sensitivity, settings: { sensitivity }, intel: feeds, activities: [signIn(TOR_EXIT)], expect: { alerts: 0 } });
    await expectExample(suspiciousIp, { name: 'high', settings: { sensitivity: 'high' }, intel: feeds, activities: [signIn(TOR_EXIT)], expect: { alerts: 1, severity: 'medium', explanationContains: `from ${TOR_EXIT}, a Tor exit node;` } });
  });
});
