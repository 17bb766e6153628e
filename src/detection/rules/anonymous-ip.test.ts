import { describe, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { anonymousIp } from './anonymous-ip.js';
import { at, PLACES } from './example-helpers.js';

describe('detection.anonymous-ip', () => ruleExampleSuite(anonymousIp));

describe('detection.anonymous-ip: a VPN the person used while being learned', () => {
  const vpnDays = (days: number[]): ActivityInput[] => days.map((d) => ({ id: `vpn-${d}`, action: 'user.login', actor: { email: 'kim@example.com' }, time: at(d, 9), ...PLACES.vpnAmsterdam }));

  it('is their habit at medium sensitivity; high sensitivity (usualAfterDays 0) alerts on it every time', async () => {
    const activities = vpnDays([0, 1, 2, 10]);
    await expectExample(anonymousIp, { name: 'medium', activities, expect: { alerts: 0 } });
    await expectExample(anonymousIp, { name: 'high', settings: { sensitivity: 'high' }, activities, expect: { alerts: 1, activityIds: [['vpn-10']] } });
  });
});
