import { describe, expect, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { runExample } from '../test-runner.js';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { anonymousIp } from './anonymous-ip.js';
import { at, PLACES } from './example-helpers.js';

describe('detection.anonymous-ip', () => ruleExampleSuite(anonymousIp));

describe('detection.anonymous-ip: a VPN the person used while being learned', () => {
  const vpnDays = (days: number[]): ActivityInput[] => days.map((d) => ({ id: `vpn-${d}`, action: 'user.login', actor: { email: 'kim@example.com' }, time: at(d, 9), ...PLACES.vpnAmsterdam }));

  it('is their habit at medium sensitivity; high sensitivity (usualAfterDays 0) alerts on it every time', async () => {
    const activities = vpnDays([0, 1, 2, 10]);
    const medium = await runExample(anonymousIp as never, { name: 'medium', activities, expect: { alerts: 0 } });
    const high = await runExample(anonymousIp as never, { name: 'high', settings: { sensitivity: 'high' }, activities, expect: { alerts: 1, activityIds: [['vpn-10']] } });
    expect([...medium.failures, ...high.failures]).toEqual([]);
  });
});
