import { z } from 'zod';
import { MINUTE } from '../../core/clock.js';
import type { Finding } from '../rule.js';
import { defineRule } from '../rule.js';
import { userKeyOf } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import { duration } from './shared.js';

interface Params {
  /** Failed sign-ins of one user within `userWindowMinutes` that alert. */
  userFailures: number;
  userWindowMinutes: number;
  /** Distinct users failing from one address within `sprayWindowMinutes` that alert (password spray). */
  sprayUsers: number;
  sprayWindowMinutes: number;
}

/** Many failed sign-ins for one user (brute force), or one address failing across many users (password spray). */
export const failedLogons = defineRule<never, Params>({
  id: 'detection.failed-logons',
  kind: 'builtin',
  title: 'Multiple failed log-on attempts',
  description:
    'Many failed sign-ins for one user in a short time (password guessing), or failed sign-ins for many different users from one address (password spraying). The engine counts; a success after the failures is in the alert when it joins the same window.',
  severity: 'medium',
  runbook:
    "Look at the address and whether any sign-in from it succeeded (`parapet activities --ip <address>`). If one did, treat that account as compromised. Otherwise block the address at the identity provider, and make sure the targeted users have MFA.",
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#multiple-failed-login-attempts',
  attack: [{ id: 'T1110.001', name: 'Brute Force: Password Guessing' }, { id: 'T1110.003', name: 'Brute Force: Password Spraying' }],
  actions: ['user.login_failed'],
  params: {
    low: { userFailures: 20, userWindowMinutes: 10, sprayUsers: 20, sprayWindowMinutes: 60 },
    medium: { userFailures: 10, userWindowMinutes: 10, sprayUsers: 10, sprayWindowMinutes: 60 },
    high: { userFailures: 5, userWindowMinutes: 10, sprayUsers: 5, sprayWindowMinutes: 60 },
  },
  paramDocs: {
    userFailures: "Failed sign-ins of one user that alert...",
    userWindowMinutes: "...within this many minutes.",
    sprayUsers: "Distinct users failing from one address that alert (password spray)...",
    sprayWindowMinutes: "...within this many minutes.",
  },
  paramsSchema: z
    .object({ userFailures: z.number().int().min(2), userWindowMinutes: z.number().positive(), sprayUsers: z.number().int().min(2), sprayWindowMinutes: z.number().positive() })
    .partial()
    .strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  thresholds: (p) => ({
    user: {
      count: p.userFailures,
      windowMs: p.userWindowMinutes * MINUTE,
      groupBy: 'user',
      explain: (f) =>
        `${f.group} failed to sign in ${f.count} times in ${duration(f.last - f.first)} (the policy allows fewer than ${p.userFailures} in ${p.userWindowMinutes} minutes): someone may be guessing the password.`,
    },
    spray: {
      count: p.sprayUsers,
      windowMs: p.sprayWindowMinutes * MINUTE,
      groupBy: 'ip',
      distinct: 'user',
      explain: (f) =>
        `${f.group} failed to sign in as ${f.count} different users in ${duration(f.last - f.first)} (${f.distinctValues.slice(0, 5).join(', ')}${f.count > 5 ? ', ...' : ''}); one address failing across fewer than ${p.sprayUsers} users per ${p.sprayWindowMinutes} minutes is normal, more looks like password spraying.`,
    },
  }),
  evaluate(e) {
    const a = e.activity;
    const findings: Finding[] = [];
    if (userKeyOf(a)) findings.push({ variant: 'user', details: { ip: e.intel.ip, reason: a.outcomeReason } });
    if (e.intel.ip) findings.push({ variant: 'spray', severity: 'high', details: { ip: e.intel.ip } });
    return { findings };
  },
  examples: [
    {
      name: 'fires: 18 wrong passwords in four minutes for one user',
      activities: [
        ...dailySignIns('lou@example.com', 5, PLACES.london),
        ...Array.from({ length: 18 }, (_, i) => ({
          id: `fail-${i}`,
          action: 'user.login_failed' as const,
          actor: { email: 'lou@example.com' },
          time: at(5, 2, 10) + i * 13_000,
          srcIp: '194.168.255.77',
          outcomeReason: 'InvalidPassword',
        })),
      ],
      expect: { alerts: 1, severity: 'medium', subjects: ['lou@example.com'], activityIds: [['fail-0', 'fail-9', 'fail-17']], explanationContains: 'failed to sign in' },
    },
    {
      name: 'fires: one address fails for twelve different users within an hour (spray)',
      activities: Array.from({ length: 12 }, (_, i) => ({ action: 'user.login_failed' as const, actor: { email: `user${i}@example.com` }, time: at(3, 1) + i * 4 * MINUTE, srcIp: '45.95.3.3' })),
      expect: { alerts: 1, severity: 'high', subjects: ['45.95.3.3'], explanationContains: 'different users' },
    },
    {
      name: 'no alert for a few typos spread over the day',
      activities: [
        ...dailySignIns('lou@example.com', 5, PLACES.london),
        ...Array.from({ length: 6 }, (_, i) => ({ action: 'user.login_failed' as const, actor: { email: 'lou@example.com' }, time: at(5, 8 + i), ...PLACES.london })),
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for an office NAT where a few colleagues mistype their passwords',
      activities: Array.from({ length: 4 }, (_, i) => ({ action: 'user.login_failed' as const, actor: { email: `col${i}@example.com` }, time: at(3, 9) + i * 7 * MINUTE, srcIp: '82.38.57.120' })),
      expect: { alerts: 0 },
    },
  ],
});
