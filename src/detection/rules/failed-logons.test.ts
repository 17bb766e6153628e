import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../core/clock.js';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at, PLACES } from './example-helpers.js';
import { failedLogons, pastPasswordOf } from './failed-logons.js';
import type { Rule } from '../rule.js';
import { runExample } from '../test-runner.js';

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

/** Kim's failed sign-ins from the attacker, through the audit log and Graph, then what Entra answered with `code`. */
function guessedThen(failures: number, code: string, outcome: 'interrupted' | 'failure'): ActivityInput[] {
  const start = at(4, 14);
  const step = (feed: 'audit' | 'graph'): ActivityInput => ({
    ...m365(feed, 'step', 'corr-step', start + (failures + 1) * MINUTE + (feed === 'graph' ? 20_000 : 0), outcome === 'failure'),
    action: outcome === 'failure' ? 'user.login_failed' : 'user.login',
    eventType: feed === 'audit' ? (outcome === 'failure' ? 'UserLoginFailed' : 'UserLoggedIn') : 'signIn',
    outcome,
    outcomeCode: code,
  });
  return [...bothFeeds(failures).slice(0, -1), step('audit'), step('graph')];
}

describe('detection.failed-logons: a password proven right though the sign-in stopped at the next step', () => {
  it('eight wrong passwords, then Entra accepts the password and asks for MFA (AADSTS50076): the guessing worked, one alert with both records of the prompt', async () => {
    const alerts = await expectExample(failedLogons, {
      name: 'mfa held',
      activities: guessedThen(8, '50076', 'interrupted'),
      expect: { alerts: 1, subjects: ['kim@example.com'], activityIds: [['audit-f0', 'audit-f7', 'audit-step', 'graph-step']], explanationContains: 'failed to sign in 8 times (8 wrong passwords)' },
    });
    expect(alerts.map((a) => a.variant)).toEqual(['success-after-failures']);
    expect(alerts[0]?.explanation).toContain(`then the password was accepted from ${ATTACKER} but the sign-in stopped at strong authentication (MFA) required by location or policy (AADSTS50076)`);
    expect(alerts[0]?.details).toMatchObject({ failures: 8, stoppedAt: 'strong authentication (MFA) required by location or policy (AADSTS50076)' });
  });

  it('a password accepted but refused by Conditional Access (AADSTS53003) or expired (AADSTS50055) after the guessing alerts too', async () => {
    for (const [code, words] of [
      ['53003', 'blocked by Conditional Access (AADSTS53003)'],
      ['50055', 'the password has expired (AADSTS50055)'],
    ] as const) {
      const alerts = await expectExample(failedLogons, { name: code, activities: guessedThen(8, code, 'failure'), expect: { alerts: 1, subjects: ['kim@example.com'], explanationContains: words } });
      expect(alerts.map((a) => a.variant)).toEqual(['success-after-failures']);
    }
  });

  it('prompts that come before the password is checked (account selection, AADSTS16000; no session, AADSTS50058) prove nothing', async () => {
    for (const code of ['16000', '50058']) await expectExample(failedLogons, { name: code, activities: guessedThen(8, code, 'interrupted'), expect: { alerts: 0 } });
  });

  it('a person who mistypes three times, then passes the MFA prompt and "stay signed in?", raises nothing', async () => {
    const activities = guessedThen(3, '50074', 'interrupted');
    const kmsi = guessedThen(3, '50140', 'interrupted').slice(-2).map((a) => ({ ...a, id: `${a.id}-kmsi`, correlationId: 'corr-kmsi', time: (a.time as number) + 10_000 }));
    await expectExample(failedLogons, { name: 'typos', activities: [...activities, ...kmsi, m365('graph', 'ok', 'corr-ok', at(4, 14) + 6 * MINUTE, false)], expect: { alerts: 0 } });
  });

  it('the success after the prompt joins the same alert (one alert, every record), not a second one', async () => {
    const ok = m365('graph', 'ok', 'corr-ok', at(4, 14) + 11 * MINUTE, false);
    const alerts = await expectExample(failedLogons, { name: 'then in', activities: [...guessedThen(8, '50074', 'interrupted'), ok], expect: { alerts: 1, activityIds: [['audit-step', 'graph-step', 'graph-ok']] } });
    expect(alerts.map((a) => a.variant)).toEqual(['success-after-failures']);
  });

  /** Google Workspace login failures for Lee from the attacker: `kinds` are `login_failure_type` values, a minute apart. */
  const googleFailures = (kinds: readonly string[], start = at(4, 14)): ActivityInput[] =>
    kinds.map((kind, i) => ({ id: `g-${i}`, provider: 'google-workspace', app: 'Google Workspace', action: 'user.login_failed', outcome: 'failure', outcomeCode: kind, outcomeReason: kind, actor: { email: 'lee@example.com' }, srcIp: ATTACKER, time: start + i * MINUTE }));
  const WRONG = 'login_failure_invalid_password';
  const SECOND = 'login_failure_invalid_second_factor';

  it("eight wrong passwords, then Google's 2-Step Verification fails: the password was found, and the failed second step is not counted as a guess", async () => {
    const alerts = await expectExample(failedLogons, {
      name: 'google 2sv',
      activities: googleFailures([...Array(8).fill(WRONG), SECOND]),
      expect: { alerts: 1, subjects: ['lee@example.com'], activityIds: [['g-0', 'g-7', 'g-8']], explanationContains: 'failed to sign in 8 times (8 wrong passwords)' },
    });
    expect(alerts.map((a) => a.variant)).toEqual(['success-after-failures']);
    expect(alerts[0]?.details).toMatchObject({ failures: 8, stoppedAt: '2-Step Verification, with a wrong second factor (Google login_failure_invalid_second_factor)' });
    // Five wrong passwords (medium alerts from six) and two failed second steps: five guesses, not six.
    await expectExample(failedLogons, { name: 'five and two', activities: googleFailures([...Array(5).fill(WRONG), SECOND, 'login_failure_missing_second_factor']), expect: { alerts: 0 } });
    await expectExample(failedLogons, { name: 'six', activities: googleFailures([...Array(6).fill(WRONG), 'login_failure_missing_second_factor']), expect: { alerts: 1, explanationContains: 'stopped at 2-Step Verification, never completed (Google login_failure_missing_second_factor)' } });
  });

  it('a Google user who mistypes the password twice and then the 2-Step Verification code, then signs in, raises nothing', async () => {
    const ok: ActivityInput = { id: 'g-ok', provider: 'google-workspace', action: 'user.login', actor: { email: 'lee@example.com' }, srcIp: ATTACKER, time: at(4, 14) + 5 * MINUTE };
    await expectExample(failedLogons, { name: 'google typos', activities: [...googleFailures([WRONG, WRONG, SECOND]), ok], expect: { alerts: 0 } });
  });

  it('a spraying address that gets an MFA prompt for one more account found its password: the spray and that account', async () => {
    const spray = Array.from({ length: 12 }, (_, i): ActivityInput => ({ id: `sp-${i}`, provider: 'microsoft365', action: 'user.login_failed', outcome: 'failure', outcomeCode: '50126', actor: { email: `user${i}@example.com` }, time: at(3, 1) + i * 3 * MINUTE, srcIp: ATTACKER }));
    const prompt: ActivityInput = { id: 'sp-mfa', provider: 'microsoft365', action: 'user.login', outcome: 'interrupted', outcomeCode: '50079', actor: { email: 'user12@example.com' }, time: at(3, 1, 40), srcIp: ATTACKER };
    const alerts = await expectExample(failedLogons, { name: 'spray found', activities: [...spray, prompt], expect: { alerts: 2, subjects: [ATTACKER, 'user12@example.com'] } });
    const found = alerts.find((a) => a.subject.key === 'user12@example.com');
    expect(found?.variant).toBe('spray-success');
    expect(found?.details).toMatchObject({ sprayUsers: 12, stoppedAt: 'MFA registration required (AADSTS50079)' });
    expect(found?.explanation).toContain(`user12@example.com's password was accepted from ${ATTACKER} (the sign-in stopped at MFA registration required (AADSTS50079)), which failed to sign in as 12 other users`);
  });
});

/** `n` different users failing with a wrong password from `ip`, `gapMs` apart from `start`. */
const sprayOf = (n: number, { ip = ATTACKER, start = at(3, 1), gapMs = 3 * MINUTE, prefix = 'user' } = {}): ActivityInput[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, provider: 'okta', action: 'user.login_failed', outcome: 'failure', outcomeReason: 'INVALID_CREDENTIALS', actor: { email: `${prefix}${i}@example.com` }, time: start + i * gapMs, srcIp: ip }));

describe('detection.failed-logons: the edges of a spray (medium: 10 users an hour; high: 5)', () => {
  it('exactly 10 users in the hour is a spray, counted with the failure that reaches it; 9 are not', async () => {
    await expectExample(failedLogons, { name: 'nine', activities: sprayOf(9), expect: { alerts: 0 } });
    await expectExample(failedLogons, { name: 'ten', activities: sprayOf(10), expect: { alerts: 1, subjects: [ATTACKER], activityIds: [['user-0', 'user-9']], explanationContains: 'failed to sign in as 10 different users in 27 minutes' } });
  });

  it('the hour is strict: a tenth user exactly 60 minutes after the first is the ninth in the window', async () => {
    const spread = sprayOf(10, { gapMs: (60 * MINUTE) / 9 });
    expect((spread[9]?.time as number) - (spread[0]?.time as number)).toBe(60 * MINUTE);
    await expectExample(failedLogons, { name: 'an hour apart', activities: spread, expect: { alerts: 0 } });
    await expectExample(failedLogons, { name: 'a second less', activities: spread.map((a, i) => (i === 9 ? { ...a, time: (a.time as number) - 1000 } : a)), expect: { alerts: 1 } });
  });

  it('the explanation names at most five users, and says when there are more', async () => {
    const [five] = await expectExample(failedLogons, { name: 'five', settings: { sensitivity: 'high' }, activities: sprayOf(5), expect: { alerts: 1 } });
    expect(five?.explanation).toContain('(user0@example.com, user1@example.com, user2@example.com, user3@example.com, user4@example.com: 5 wrong passwords)');
    const [ten] = await expectExample(failedLogons, { name: 'ten', activities: sprayOf(10), expect: { alerts: 1 } });
    expect(ten?.explanation).toContain('user4@example.com, ...: 10 wrong passwords); fewer than 10 users per 60 minutes is normal, 10 or more looks like password spraying.');
  });

  it('a spray whose later half arrives first (Okta at once, the Microsoft 365 audit log behind) is one spray, with every user', async () => {
    const later = sprayOf(6, { start: at(3, 1, 30), prefix: 'okta' }).map((a) => ({ ...a, connectorInstanceId: 'okta' }));
    const earlier = sprayOf(6, { prefix: 'm365' }).map((a) => ({ ...a, connectorInstanceId: 'm365', provider: 'microsoft365', outcomeCode: '50126', outcomeReason: null }));
    // As in time order: the alert is raised by the failure that makes ten users in the hour, and the rest join it;
    // the last to join counts all twelve, from m3650 (minute 0) to okta5 (minute 45).
    const [spray] = await expectExample(failedLogons, { name: 'reversed', activities: [...later, ...earlier], expect: { alerts: 1, subjects: [ATTACKER], activityIds: [[...later, ...earlier].map((a) => a.id as string)] } });
    expect(spray?.explanation).toContain('failed to sign in as 12 different users in 45 minutes');
    expect(spray?.details).toMatchObject({ users: ['m3650', 'm3651', 'm3652', 'm3653', 'm3654', 'm3655', 'okta0', 'okta1', 'okta2', 'okta3', 'okta4', 'okta5'].map((u) => `${u}@example.com`) });
  });

  it('a private address (an office NAT seen by an on-premises identity provider) never keys a spray, however many colleagues mistype behind it', async () => {
    await expectExample(failedLogons, { name: 'private', activities: sprayOf(14, { ip: '10.20.30.40' }), expect: { alerts: 0 } });
  });

  it('a sign-in from the spraying address is "spray-success" only with 10 other users failing there in the hour before it', async () => {
    const ok = (email: string, time: number): ActivityInput => ({ id: `ok-${email}`, provider: 'okta', action: 'user.login', actor: { email }, time, srcIp: ATTACKER });
    // Ten others: the spray and the account it got into.
    const found = await expectExample(failedLogons, { name: 'ten others', activities: [...sprayOf(10), ok('next@example.com', at(3, 1, 40))], expect: { alerts: 2, subjects: [ATTACKER, 'next@example.com'] } });
    expect(found.map((a) => a.variant).sort()).toEqual(['spray', 'spray-success']);
    expect(found.find((a) => a.variant === 'spray-success')?.details).not.toHaveProperty('stoppedAt');
    // Nine others and the account's own failure: ten users make the spray, but only nine are others.
    const own = [...sprayOf(9), { ...(sprayOf(1, { prefix: 'next', start: at(3, 1, 30) })[0] as ActivityInput), actor: { email: 'next@example.com' } }, ok('next@example.com', at(3, 1, 40))];
    const [spray] = await expectExample(failedLogons, { name: 'nine others', activities: own, expect: { alerts: 1, subjects: [ATTACKER] } });
    expect(spray?.variant).toBe('spray');
    // The spray ended more than an hour before the sign-in.
    await expectExample(failedLogons, { name: 'later', activities: [...sprayOf(10), ok('next@example.com', at(3, 3))], expect: { alerts: 1, subjects: [ATTACKER] } });
    // The sign-in came before the spray (delivered after it: another feed, a backfill).
    await expectExample(failedLogons, { name: 'before', activities: [...sprayOf(10, { start: at(3, 1, 5) }), ok('next@example.com', at(3, 1))], expect: { alerts: 1, subjects: [ATTACKER] } });
  });
});

describe("detection.failed-logons: success after failures against the person's own usual (medium: 6 failures, above their busiest window)", () => {
  /** Kio's old phone fails `usual` times every morning at 8 for ten days (Kio signs in at 9:30); on day 11, `n` failures from the attacker, then a sign-in. */
  const morning = (usual: number, n: number, outcome: 'success' | 'unknown' = 'success'): ActivityInput[] => [
    ...Array.from({ length: 10 }, (_, d): ActivityInput[] => [
      ...Array.from({ length: usual }, (_, i): ActivityInput => ({ action: 'user.login_failed', outcomeReason: 'INVALID_CREDENTIALS', actor: { email: 'kio@example.com' }, time: at(d, 8) + i * 30_000, ...PLACES.london })),
      { action: 'user.login', actor: { email: 'kio@example.com' }, time: at(d, 9, 30), ...PLACES.london },
    ]).flat(),
    ...Array.from({ length: n }, (_, i): ActivityInput => ({ id: `k-${i}`, action: 'user.login_failed', outcomeReason: 'INVALID_CREDENTIALS', actor: { email: 'kio@example.com' }, time: at(11, 2) + i * 20_000, srcIp: ATTACKER })),
    { id: 'k-ok', action: 'user.login', outcome, actor: { email: 'kio@example.com' }, time: at(11, 2, 5), srcIp: ATTACKER },
  ];

  it('as many failures as their usual most (8) before the sign-in raise nothing; one more does, naming the usual', async () => {
    await expectExample(failedLogons, { name: 'usual', activities: morning(8, 8), expect: { alerts: 0 } });
    const alerts = await expectExample(failedLogons, { name: 'one more', activities: morning(8, 9), expect: { alerts: 1, subjects: ['kio@example.com'], explanationContains: '(their usual most is 8 failures per 10 minutes)' } });
    expect(alerts.map((a) => a.variant)).toEqual(['success-after-failures']);
  });

  it('without failures in their history the explanation claims no usual', async () => {
    const [alert] = await expectExample(failedLogons, { name: 'none usual', activities: morning(0, 6), expect: { alerts: 1 } });
    expect(alert?.explanation).toMatch(/then signed in from 185\.220\.101\.4: the password may have been guessed\.$/);
  });

  it('a sign-in whose outcome the provider did not say counts as a success', async () => {
    await expectExample(failedLogons, { name: 'unknown', activities: morning(0, 6, 'unknown'), expect: { alerts: 1, subjects: ['kio@example.com'] } });
  });
});

/** User `i`'s wrong password from the attacker, as one Microsoft 365 feed reports it, `laterMs` after the attempt. */
const sprayAttempt = (i: number, feed: 'audit' | 'graph', laterMs = 0): ActivityInput => ({
  id: `${feed}-${i}`,
  provider: 'microsoft365',
  action: 'user.login_failed',
  eventType: feed === 'audit' ? 'UserLoginFailed' : 'signIn',
  correlationId: `c-${i}`,
  outcome: 'failure',
  outcomeCode: '50126',
  actor: { email: `user${i}@example.com` },
  time: at(3, 1) + i * 3 * MINUTE + laterMs,
  srcIp: ATTACKER,
});

describe('detection.failed-logons: evidence that does not depend on which feed arrived first', () => {
  it("a spray-success alert holds both records of each of the last five other users' attempts, whichever feed's record came first", async () => {
    // Both feeds report the attempt at the same second.
    const attempt = (i: number, feed: 'audit' | 'graph') => sprayAttempt(i, feed);
    const ok: ActivityInput = { id: 'ok', provider: 'microsoft365', action: 'user.login', actor: { email: 'found@example.com' }, time: at(3, 1, 40), srcIp: ATTACKER };
    const evidence = async (first: 'audit' | 'graph') => {
      const second = first === 'audit' ? 'graph' : 'audit';
      const alerts = await expectExample(failedLogons, { name: first, activities: [...Array.from({ length: 12 }, (_, i) => [attempt(i, first), attempt(i, second)]).flat(), ok], expect: { alerts: 2 } });
      return alerts.find((a) => a.variant === 'spray-success')?.activityIds.slice().sort();
    };
    const last5 = [7, 8, 9, 10, 11].flatMap((i) => [`audit-${i}`, `graph-${i}`]);
    expect(await evidence('audit')).toEqual(['ok', ...last5].sort());
    expect(await evidence('graph')).toEqual(['ok', ...last5].sort());
  });
});

describe('detection.failed-logons: a sign-in delivered before the failures that came before it (Graph, Google and Slack page newest first)', () => {
  /** Kim's `n` wrong passwords from the attacker, a minute apart from 14:00 on day 4, on the page `page`. */
  const failures = (n: number, page = 'older', start = at(4, 14)): ActivityInput[] =>
    Array.from({ length: n }, (_, i) => ({ id: `f-${i}`, connectorInstanceId: page, provider: 'microsoft365', action: 'user.login_failed', outcome: 'failure', outcomeCode: '50126', actor: { email: 'kim@example.com' }, srcIp: ATTACKER, time: start + i * MINUTE }));
  const signIn = (id: string, time: number, page = 'newer', extra: Partial<ActivityInput> = {}): ActivityInput => ({ id, connectorInstanceId: page, provider: 'microsoft365', action: 'user.login', actor: { email: 'kim@example.com' }, srcIp: ATTACKER, time, ...extra });
  const ids = (list: readonly ActivityInput[]) => list.map((a) => a.id as string);

  it('eight wrong passwords on the page after the one holding the sign-in they led to: the guessing worked, one alert with every failure and the sign-in', async () => {
    const guesses = failures(8);
    const alerts = await expectExample(failedLogons, {
      name: 'newest first',
      activities: [signIn('ok', at(4, 14, 9)), ...guesses],
      // Raised by the sixth failure as it is counted (medium: six), as a spray is by its tenth user; the rest join it,
      // and the alert's text counts them all.
      expect: { alerts: 1, subjects: ['kim@example.com'], activityIds: [['ok', ...ids(guesses)]], explanationContains: `failed to sign in 8 times (8 wrong passwords) in 9 minutes, then signed in from ${ATTACKER}: the password may have been guessed` },
    });
    expect(alerts.map((a) => a.variant)).toEqual(['success-after-failures']);
    expect(alerts[0]?.activityIds).toHaveLength(9);
    expect([alerts[0]?.firstActivityAt, alerts[0]?.lastActivityAt]).toEqual([at(4, 14), at(4, 14, 9)]);
    expect(alerts[0]?.details).toMatchObject({ failures: 8, ip: ATTACKER });
  });

  it('an MFA prompt (AADSTS50076) delivered before the failures proves the password as in time order', async () => {
    const prompt = signIn('mfa', at(4, 14, 9), 'newer', { outcome: 'interrupted', outcomeCode: '50076' });
    const alerts = await expectExample(failedLogons, { name: 'prompt first', activities: [prompt, ...failures(8)], expect: { alerts: 1, subjects: ['kim@example.com'], activityIds: [['mfa', 'f-0', 'f-7']] } });
    expect(alerts[0]?.explanation).toContain(`then the password was accepted from ${ATTACKER} but the sign-in stopped at strong authentication (MFA) required by location or policy (AADSTS50076)`);
    expect(alerts[0]?.details).toMatchObject({ failures: 8, stoppedAt: 'strong authentication (MFA) required by location or policy (AADSTS50076)' });
  });

  it('raises nothing for typos before a sign-in, failures after it, or failures more than an hour before it, whichever page came first', async () => {
    await expectExample(failedLogons, { name: 'three typos', activities: [signIn('ok', at(4, 14, 4)), ...failures(3)], expect: { alerts: 0 } });
    await expectExample(failedLogons, { name: 'after the sign-in', activities: [signIn('ok', at(4, 13, 59)), ...failures(8)], expect: { alerts: 0 } });
    await expectExample(failedLogons, { name: 'an hour before', activities: [signIn('ok', at(4, 15, 8)), ...failures(8)], expect: { alerts: 0 } });
  });

  it('failures before an earlier sign-in do not count for a later one: five before the first, one between', async () => {
    const first = signIn('ok-1', at(4, 14, 5) + 30_000);
    const second = signIn('ok-2', at(4, 14, 20));
    const between = { ...(failures(1, 'older', at(4, 14, 10))[0] as ActivityInput), id: 'f-between' };
    await expectExample(failedLogons, { name: 'split', activities: [first, second, ...failures(5), between], expect: { alerts: 0 } });
    // The same six failures before both sign-ins are six.
    await expectExample(failedLogons, { name: 'six', activities: [first, second, ...failures(5), { ...between, time: at(4, 14, 5) }], expect: { alerts: 1, activityIds: [['ok-1', 'f-0', 'f-between']] } });
  });

  it("a late failure before a sign-in that already alerted joins that alert: one alert, not two", async () => {
    const inOrder = [...failures(8, 'graph'), signIn('ok', at(4, 14, 9), 'graph')];
    const late = { ...(failures(1, 'audit', at(4, 14, 8) + 30_000)[0] as ActivityInput), id: 'f-late' };
    const alerts = await expectExample(failedLogons, { name: 'late', activities: [...inOrder, late], expect: { alerts: 1, activityIds: [[...ids(inOrder), 'f-late']] } });
    expect(alerts[0]?.activityIds).toHaveLength(10);
  });

  it("the person's own usual failures still decide: as many as their busiest window (8) raise nothing, one more does", async () => {
    const usual = (n: number): ActivityInput[] => [
      ...Array.from({ length: 10 }, (_, d): ActivityInput[] => [
        ...Array.from({ length: 8 }, (_, i): ActivityInput => ({ connectorInstanceId: 'history', action: 'user.login_failed', outcomeReason: 'INVALID_CREDENTIALS', actor: { email: 'kim@example.com' }, time: at(d, 8) + i * 30_000, ...PLACES.london })),
        { connectorInstanceId: 'history', action: 'user.login', actor: { email: 'kim@example.com' }, time: at(d, 9, 30), ...PLACES.london },
      ]).flat(),
      signIn('ok', at(11, 2, 5), 'newer', { provider: 'okta' }),
      ...Array.from({ length: n }, (_, i): ActivityInput => ({ id: `k-${i}`, connectorInstanceId: 'older', action: 'user.login_failed', outcomeReason: 'INVALID_CREDENTIALS', actor: { email: 'kim@example.com' }, time: at(11, 2) + i * 20_000, srcIp: ATTACKER })),
    ];
    await expectExample(failedLogons, { name: 'usual', activities: usual(8), expect: { alerts: 0 } });
    await expectExample(failedLogons, { name: 'one more', activities: usual(9), expect: { alerts: 1, subjects: ['kim@example.com'], explanationContains: '(their usual most is 8 failures per 10 minutes)' } });
  });
});

describe('detection.failed-logons: state stored before sign-ins were kept with their id', () => {
  it('reads a bare time as a success with no id (it still ends the failures before it, and is never evidence)', () => {
    expect(pastPasswordOf([at(1), [at(2), 'ok', ATTACKER, null]])).toEqual([
      [at(1), '', null, null],
      [at(2), 'ok', ATTACKER, null],
    ]);
    expect(pastPasswordOf(undefined)).toEqual([]);
  });
});

describe('detection.failed-logons: a sign-in from a spraying address delivered before the spray', () => {
  const found = (time = at(3, 1, 40), extra: Partial<ActivityInput> = {}): ActivityInput => ({ id: 'found', connectorInstanceId: 'newer', provider: 'okta', action: 'user.login', actor: { email: 'next@example.com' }, time, srcIp: ATTACKER, ...extra });
  const older = (spray: readonly ActivityInput[]) => spray.map((a) => ({ ...a, connectorInstanceId: 'older' }));

  it('the spray and the account it got into, as in time order: the sign-in is evidence, with the last five other users', async () => {
    const spray = older(sprayOf(12));
    const alerts = await expectExample(failedLogons, { name: 'found first', activities: [found(), ...spray], expect: { alerts: 2, subjects: [ATTACKER, 'next@example.com'] } });
    const success = alerts.find((a) => a.variant === 'spray-success');
    expect(success?.subject).toMatchObject({ type: 'user', key: 'next@example.com', email: 'next@example.com' });
    // Raised by the tenth user's failure as it is counted; the eleventh and twelfth join it.
    expect(success?.explanation).toBe(`next@example.com signed in from ${ATTACKER}, which failed to sign in as 10 other users in the 60 minutes before (10 wrong passwords): the password spray found this account's password.`);
    expect(success?.activityIds.slice().sort()).toEqual(['found', 'user-5', 'user-6', 'user-7', 'user-8', 'user-9', 'user-10', 'user-11'].sort());
    expect([success?.firstActivityAt, success?.lastActivityAt]).toEqual([at(3, 1, 15), at(3, 1, 40)]);
  });

  it('an MFA prompt delivered first is named as where the sign-in stopped', async () => {
    const prompt = found(at(3, 1, 40), { provider: 'microsoft365', outcome: 'interrupted', outcomeCode: '50079' });
    const alerts = await expectExample(failedLogons, { name: 'prompt first', activities: [prompt, ...older(sprayOf(12))], expect: { alerts: 2 } });
    expect(alerts.find((a) => a.variant === 'spray-success')?.details).toMatchObject({ sprayUsers: 10, stoppedAt: 'MFA registration required (AADSTS50079)' });
  });

  it('raises only the spray when the sign-in came before the spray, more than an hour after it, or from fewer than ten other users', async () => {
    await expectExample(failedLogons, { name: 'before', activities: [found(at(3, 1)), ...older(sprayOf(10, { start: at(3, 1, 5) }))], expect: { alerts: 1, subjects: [ATTACKER] } });
    await expectExample(failedLogons, { name: 'an hour after', activities: [found(at(3, 3)), ...older(sprayOf(12))], expect: { alerts: 1, subjects: [ATTACKER] } });
    await expectExample(failedLogons, { name: 'nine', activities: [found(), ...older(sprayOf(9))], expect: { alerts: 0 } });
  });

  it('a sign-in from an address the person used earlier that day still counts, as in time order (the attacker may have been in since)', async () => {
    const earlier = { ...found(at(3, 0, 30)), id: 'earlier', connectorInstanceId: 'history' };
    const alerts = await expectExample(failedLogons, { name: 'used before', activities: [earlier, found(), ...older(sprayOf(12))], expect: { alerts: 2, subjects: [ATTACKER, 'next@example.com'] } });
    expect(alerts.find((a) => a.variant === 'spray-success')?.activityIds).toContain('found');
    await expectExample(failedLogons, { name: 'used before, in time order', activities: [earlier, ...sprayOf(12), found()], expect: { alerts: 2, subjects: [ATTACKER, 'next@example.com'] } });
  });
});

describe('detection.failed-logons: the evidence of a spray-success paired late', () => {
  const found: ActivityInput = { id: 'found', provider: 'okta', action: 'user.login', actor: { email: 'next@example.com' }, time: at(3, 1, 40), srcIp: ATTACKER };

  it('newest first, one activity per page: the sign-in, the last five other users, and the failure that made the spray', async () => {
    const all = [...sprayOf(12), found].reverse().map((a, i) => ({ ...a, connectorInstanceId: `page-${i}` }));
    const alerts = await expectExample(failedLogons, { name: 'newest first', activities: all, expect: { alerts: 2, subjects: [ATTACKER, 'next@example.com'] } });
    // user-2 is the tenth user to arrive: it makes the spray; user-1 and user-0 come after and are not shown.
    expect(alerts.find((a) => a.variant === 'spray-success')?.activityIds.slice().sort()).toEqual(['found', 'user-2', 'user-7', 'user-8', 'user-9', 'user-10', 'user-11'].sort());
  });

  it("the Microsoft 365 audit log's copies, delivered after Graph's records and the prompt, add only the last five users' copies", async () => {
    const attempt = (feed: 'audit' | 'graph', i: number): ActivityInput => ({ ...sprayAttempt(i, feed, feed === 'graph' ? 0 : 1000), connectorInstanceId: feed });
    const prompt = (feed: 'audit' | 'graph'): ActivityInput => ({ id: `${feed}-prompt`, connectorInstanceId: feed, provider: 'microsoft365', action: 'user.login', eventType: feed === 'audit' ? 'UserLoggedIn' : 'signIn', correlationId: 'c-prompt', outcome: 'interrupted', outcomeCode: '50076', actor: { email: 'next@example.com' }, srcIp: ATTACKER, time: at(3, 1, 40) + (feed === 'graph' ? 0 : 1000) });
    const feed = (name: 'audit' | 'graph') => [...Array.from({ length: 12 }, (_, i) => attempt(name, i)), prompt(name)];
    const alerts = await expectExample(failedLogons, { name: 'audit behind', activities: [...feed('graph'), ...feed('audit')], expect: { alerts: 2 } });
    const lastFive = [7, 8, 9, 10, 11].flatMap((i) => [`audit-${i}`, `graph-${i}`]);
    expect(alerts.find((a) => a.variant === 'spray-success')?.activityIds.slice().sort()).toEqual(['audit-prompt', 'graph-prompt', ...lastFive].sort());
  });
});

describe('detection.failed-logons with failures delivered out of time order', () => {
  it('an account’s failures are kept in time order whatever order they arrive in: the alert counts from the first', async () => {
    const start = at(4, 14);
    const failure = (n: number): ActivityInput => ({ id: `f${n}`, action: 'user.login_failed', outcome: 'failure', actor: { email: 'kim@example.com' }, srcIp: ATTACKER, time: start + n * MINUTE });
    // The second failure is read before the first (a feed listed newest first), the rest in order, a page each.
    const activities = [failure(1), failure(0), failure(2), failure(3), { id: 'ok', action: 'user.login', actor: { email: 'kim@example.com' }, srcIp: ATTACKER, time: start + 4 * MINUTE } satisfies ActivityInput];
    const outcome = await runExample(failedLogons as unknown as Rule<unknown, unknown>, { name: 'out of order', settings: { sensitivity: 'high' }, activities, expect: { alerts: 1 } }, undefined, 'one-per-page');
    expect(outcome.failures).toEqual([]);
    expect(outcome.alerts.map((a) => a.explanation)).toEqual([expect.stringContaining('failed to sign in 4 times (4 failures of other kinds) in 4 minutes, then signed in')]);
  });
});
