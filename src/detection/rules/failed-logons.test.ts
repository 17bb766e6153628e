import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../core/clock.js';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at } from './example-helpers.js';
import { failedLogons } from './failed-logons.js';

describe('detection.failed-logons', () => ruleExampleSuite(failedLogons));

const ATTACKER = '185.220.101.4';

/** One Microsoft 365 sign-in as the audit log (`UserLoginFailed` / `UserLoggedIn`) or Graph (`signIn`) reports it. */
const m365 = (feed: 'audit' | 'graph', id: string, correlationId: string, time: number, failed: boolean): ActivityInput => ({
  id: `${feed}-${id}`,
  provider: 'microsoft365',
  app: feed === 'audit' ? 'Exchange' : 'Entra ID',
  action: failed ? 'user.login_failed' : 'user.login',
  eventType: feed === 'audit' ? (failed ? 'UserLoginFailed' : 'UserLoggedIn') : 'signIn',
  outcome: failed ? 'failure' : 'success',
  ...(failed ? { outcomeCode: '50126' } : {}),
  actor: { email: 'kim@example.com' },
  correlationId,
  srcIp: ATTACKER,
  time,
});

/** `n` wrong passwords a minute apart, each reported by both feeds (Graph 20 s after the audit log), then a success. */
function bothFeeds(n: number): ActivityInput[] {
  const start = at(4, 14);
  return [
    ...Array.from({ length: n }, (_, i) => [m365('audit', `f${i}`, `corr-${i}`, start + i * MINUTE, true), m365('graph', `f${i}`, `corr-${i}`, start + i * MINUTE + 20_000, true)]).flat(),
    m365('graph', 'ok', 'corr-ok', start + (n + 1) * MINUTE, false),
  ];
}

/** Edges the documented examples leave out (medium: success after 6 failures, a spray of 10 users an hour). */
describe('detection.failed-logons beyond its examples', () => {

  it('a failure reported by both Microsoft 365 feeds counts once: 4 failures seen twice are not 8', async () => {
    await expectExample(failedLogons, { name: 'four, twice', activities: bothFeeds(4), expect: { alerts: 0 } });
  });

  it('6 failures seen twice are 6: the success after them alerts, with each failure once and its copy beside it', async () => {
    const alerts = await expectExample(failedLogons, { name: 'six, twice', activities: bothFeeds(6), expect: { alerts: 1, explanationContains: 'failed to sign in 6 times' } });
    expect(alerts.map((a) => a.variant)).toEqual(['success-after-failures']);
  });

  it('failures one feed has not delivered yet all count: 6 through the audit log alone alert on the success after them', async () => {
    const auditOnly = bothFeeds(6).filter((a) => a.eventType !== 'signIn' || a.action === 'user.login');
    expect(auditOnly).toHaveLength(7);
    const alerts = await expectExample(failedLogons, { name: 'six, once', activities: auditOnly, expect: { alerts: 1, explanationContains: 'failed to sign in 6 times' } });
    expect(alerts.map((a) => a.variant)).toEqual(['success-after-failures']);
  });

  it('a shared address where departed people’s old devices keep failing with "account disabled" is no spray; wrong passwords for as many are', async () => {
    const from = (kind: string) =>
      Array.from({ length: 12 }, (_, i): ActivityInput => ({
        id: `${kind}-${i}`,
        provider: 'okta',
        app: 'Okta',
        action: 'user.login_failed',
        outcome: 'failure',
        outcomeReason: kind,
        actor: { email: `user${i}@example.com` },
        srcIp: ATTACKER,
        time: at(4, 14) + i * 2 * MINUTE,
      }));
    await expectExample(failedLogons, { name: 'disabled', activities: from('account disabled'), expect: { alerts: 0 } });
    const alerts = await expectExample(failedLogons, { name: 'wrong passwords', activities: from('invalid password'), expect: { alerts: 1, subjects: [ATTACKER] } });
    expect(alerts.map((a) => a.variant)).toEqual(['spray']);
  });
});
