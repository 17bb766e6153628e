import { z } from 'zod';
import { stateKey } from '../../core/state-key.js';
import type { Activity } from '../../core/activity.js';
import { HOUR, MINUTE } from '../../core/clock.js';
import { passwordProvenAt, SIGN_IN_FAILURE_KINDS, signInFailureKind, type SignInFailureKind } from '../../core/sign-in-outcomes.js';
import type { Finding } from '../rule.js';
import { busiestWindowHolding } from '../busiest-window.js';
import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import { insertByTime } from '../time-order.js';
import { benignKey, benignOf, duration, SIGN_IN_ACTIONS } from './shared.js';
import { emptyVolume, evaluateVolume, type VolumeBaseline } from './volume-baseline.js';

interface Params {
  /** Failed sign-ins of one user within `userWindowMinutes` that may alert... */
  userFailures: number;
  /** ...when they also exceed this many times the user's own busiest window so far. */
  userMultiplier: number;
  userWindowMinutes: number;
  /** While the user is still being learned, only a window of at least this many failures alerts. */
  learningFloor: number;
  /** A success after at least this many failures of the same account (since its last success)... */
  successAfterFailures: number;
  /** ...within this many minutes: the guessing worked. */
  successLookbackMinutes: number;
  /** Distinct users failing from one address within `sprayWindowMinutes` that alert (password spray)... */
  sprayUsers: number;
  /** ...or this many from the organisation's own egress ranges (tagged `corporate`), where colleagues share one address. */
  corporateSprayUsers: number;
  sprayWindowMinutes: number;
}

/** [time, activity id, user key, failure kind]. */
type Hit = [number, string, string, SignInFailureKind];

/**
 * A sign-in that got past the password: [time, activity id, address, where it stopped after the password
 * (null: it signed in)]. A bare time is one stored before sign-ins were kept with their id (a success).
 */
type PastPassword = [number, string, string | null, string | null];

interface UserState {
  /** Failures per window, and the user's own busiest window (learned from windows that did not alert). */
  v: VolumeBaseline;
  /** Recent failures (for "success after failures"). */
  f: Hit[];
  /** Recent sign-ins that got past the password, in time order (paired with failures delivered after them). */
  s: (PastPassword | number)[];
  /** Microsoft 365 failed sign-ins seen through one feed, waiting for their copy from the other: [time, feed|key]. */
  p: [number, string][];
}

/**
 * A sign-in from an address that got past the password: [time, activity id, user key, where it stopped
 * (null: it signed in), who (as explanations name them: the e-mail when there is one)].
 */
type SignInFrom = [number, string, string, string | null, string];

interface IpState {
  h: Hit[];
  /** Recent sign-ins from the address past the password, in time order (paired with a spray delivered after them). */
  ok?: SignInFrom[];
}

type State = UserState | IpState;

const MAX_HITS = 500;
const PAIR_WINDOW_MS = 10 * MINUTE;
const LATENESS_MS = 24 * HOUR;

/** Kinds of failure that say someone is trying passwords (a disabled account's stale client is not). */
const GUESSING: readonly SignInFailureKind[] = ['wrong_password', 'locked', 'unknown_user', 'mfa_failed', 'other'];
const KIND_WORDS: Record<SignInFailureKind, [string, string]> = {
  wrong_password: ['wrong password', 'wrong passwords'],
  unknown_user: ['non-existent account', 'non-existent accounts'],
  locked: ['locked', 'locked'],
  mfa_failed: ['failed MFA', 'failed MFA'],
  disabled: ['disabled account', 'disabled accounts'],
  password_expired: ['expired password', 'expired passwords'],
  blocked: ['blocked by policy', 'blocked by policy'],
  other: ['failure of another kind', 'failures of other kinds'],
};

/** `7 wrong passwords, 2 locked`: failures by kind, counting distinct users (a spray) or attempts (one account). */
function kindsInWords(hits: readonly Hit[], count: 'users' | 'attempts' = 'users'): string {
  const counts = new Map<SignInFailureKind, Set<string>>();
  for (const h of hits) {
    const users = counts.get(h[3]) ?? new Set<string>();
    users.add(count === 'users' ? h[2] : h[1]);
    counts.set(h[3], users);
  }
  return SIGN_IN_FAILURE_KINDS.filter((k) => counts.has(k))
    .map((k) => {
      const n = counts.get(k)?.size ?? 0;
      return `${n} ${KIND_WORDS[k][n === 1 ? 0 : 1]}`;
    })
    .join(', ');
}

/**
 * Microsoft 365 reports each sign-in twice: the audit log's `UserLoggedIn`/`UserLoginFailed` and Graph's
 * `signIn`, with the same correlation id. Counting both would halve every threshold, so a failure whose
 * copy from the other feed was already counted is skipped (pairs are matched one to one: an attacker
 * cannot hide attempts by reusing a correlation id).
 */
function feedOf(a: Activity): 'a' | 'g' | null {
  if (a.provider !== 'microsoft365' || !a.correlationId) return null;
  if (a.eventType === 'UserLoggedIn' || a.eventType === 'UserLoginFailed') return 'a';
  if (a.eventType === 'signIn' || a.eventType === 'nonInteractiveSignIn') return 'g';
  return null;
}

function pairCopy(memo: readonly [number, string][], a: Activity): { duplicate: boolean; memo: [number, string][] } {
  const feed = feedOf(a);
  if (!feed) return { duplicate: false, memo: [...memo] };
  const key = `${a.correlationId}|${a.srcIp ?? ''}|${a.outcome}`;
  const other = `${feed === 'a' ? 'g' : 'a'}|${key}`;
  // Bounded by count, not by the newest record: one feed may be ingested days ahead of the other (a backfill),
  // and its later sign-ins must not push out the copies still waiting for their twin.
  const kept = [...memo];
  const match = kept.findIndex((m) => m[1] === other && Math.abs(m[0] - a.time) <= PAIR_WINDOW_MS);
  if (match >= 0) {
    kept.splice(match, 1);
    return { duplicate: true, memo: kept };
  }
  kept.push([a.time, `${feed}|${key}`]);
  return { duplicate: false, memo: kept.slice(-MAX_HITS) };
}

/**
 * `entries` [time, activity id, ...] with `entry` added (replacing one of the same id), in time order: those
 * within `keepMs` of the newest, the last `max`.
 */
function keepRecent<E extends readonly [number, string, ...unknown[]]>(entries: readonly E[], entry: E, keepMs: number, max: number): E[] {
  // Runs for every sign-in: one pass for the newest, and the entry inserted in place (entries are kept in order).
  // Indexed loops: called with three kinds of entry, an iterator would be allocated for each loop.
  let newest = entry[0];
  for (let i = 0; i < entries.length; i++) newest = Math.max(newest, (entries[i] as E)[0]);
  const next: E[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as E;
    if (e[0] > newest - keepMs && e[1] !== entry[1]) next.push(e);
  }
  insertByTime(next, entry, (e) => e[0]);
  return next.length > max ? next.slice(-max) : next;
}

/** Failures kept for `keepMs` (and a day for late ones) behind the newest. */
const addHit = (hits: readonly Hit[], hit: Hit, keepMs: number): Hit[] => keepRecent(hits, hit, keepMs + LATENESS_MS, MAX_HITS);

/** Sign-ins past the password kept for pairing with failures delivered after them: a day's, the last 20. */
const rememberSignIn = <S extends PastPassword | SignInFrom>(signIns: readonly S[], signIn: S): S[] => keepRecent(signIns, signIn, LATENESS_MS, 20);

/**
 * Every hit of the `n` users who failed most recently (ties by user): evidence that holds both feeds' records
 * of an attempt, whichever arrived first (two records at the same time have no order of their own).
 */
function lastUsersHits(hits: readonly Hit[], n: number): Hit[] {
  const latest = new Map<string, number>();
  for (const h of hits) latest.set(h[2], Math.max(latest.get(h[2]) ?? h[0], h[0]));
  const users = new Set([...latest].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).slice(0, n).map(([u]) => u));
  return hits.filter((h) => users.has(h[2]));
}

/** The stored sign-ins past the password, those stored as a bare time read as successes without an id. */
export function pastPasswordOf(stored: readonly (PastPassword | number)[] | undefined): readonly PastPassword[] {
  if (!stored) return [];
  return stored.some((s) => typeof s === 'number') ? stored.map((s) => (typeof s === 'number' ? [s, '', null, null] : s)) : (stored as readonly PastPassword[]);
}

/**
 * The failures that led to a sign-in past the password at `time`: those within `lookbackMs` before it, since
 * the person's last sign-in before it (a sign-in that stopped at MFA is not one: the guessing goes on).
 */
function failuresLeadingTo(failures: readonly Hit[], signIns: readonly PastPassword[], time: number, lookbackMs: number): Hit[] {
  let since = time - lookbackMs;
  for (const s of signIns) if (s[3] === null && s[0] < time && s[0] > since) since = s[0];
  return failures.filter((h) => h[0] > since && h[0] <= time);
}

/**
 * Many failed sign-ins for one user beyond their own usual (password guessing), a success after such
 * failures (the guessing worked), or one address failing across many users (password spraying), told
 * apart by what the identity provider said failed.
 */
export const failedLogons = defineRule<State, Params>({
  id: 'detection.failed-logons',
  kind: 'builtin',
  title: 'Multiple failed log-on attempts',
  description:
    "Many failed sign-ins for one user in a short time, beyond what that user's own history shows (password guessing); a successful sign-in right after such failures (the guessing worked), or a sign-in that got past the password and stopped at the next step (an Entra MFA prompt, an expired password, Conditional Access; a failed Google 2-Step Verification), which proves the password as well; or failed sign-ins for many different users from one address (password spraying), with the kinds of failure the identity provider reported (wrong password, non-existent or locked account). Sign-in interruptions (MFA prompts, \"stay signed in?\") are not failures; a Microsoft 365 sign-in seen in both the audit log and Graph counts once; the organisation's own egress ranges (tagged `corporate`) need more distinct users before they count as a spray.",
  severity: 'medium',
  runbook:
    "Look at the address and whether any sign-in from it succeeded (`parapet activities --ip <address>`). If one did (the `success-after-failures` and `spray-success` variants say so), treat that account as compromised: revoke its sessions, reset the password and check its MFA methods. When the explanation says the sign-in stopped at MFA or Conditional Access, nobody got in yet, but the password is known: reset it, and tell the person not to approve prompts they did not start. Otherwise block the address at the identity provider, and make sure the targeted users have MFA.",
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#multiple-failed-login-attempts',
  attack: [{ id: 'T1110.001', name: 'Brute Force: Password Guessing' }, { id: 'T1110.003', name: 'Brute Force: Password Spraying' }],
  learnsFromBenign:
    "the failures in the alert's window are part of the person's usual failures per window: a burst no bigger alerts no more for them (a verdict given within 30 days of the burst; an address's password spray learns nothing)",
  actions: ['user.login_failed', ...SIGN_IN_ACTIONS],
  params: {
    low: { userFailures: 20, userMultiplier: 3, userWindowMinutes: 10, learningFloor: 40, successAfterFailures: 10, successLookbackMinutes: 60, sprayUsers: 20, corporateSprayUsers: 60, sprayWindowMinutes: 60 },
    medium: { userFailures: 10, userMultiplier: 2, userWindowMinutes: 10, learningFloor: 30, successAfterFailures: 6, successLookbackMinutes: 60, sprayUsers: 10, corporateSprayUsers: 30, sprayWindowMinutes: 60 },
    high: { userFailures: 5, userMultiplier: 1.5, userWindowMinutes: 10, learningFloor: 15, successAfterFailures: 4, successLookbackMinutes: 60, sprayUsers: 5, corporateSprayUsers: 15, sprayWindowMinutes: 60 },
  },
  paramDocs: {
    userFailures: 'Failed sign-ins of one user within the window that may alert...',
    userMultiplier: "...when they also exceed this many times the user's own busiest window so far (a per-user baseline).",
    userWindowMinutes: 'The sliding window for one user, in minutes.',
    learningFloor: "While the user's baseline is still being learned, only a window of at least this many failures alerts.",
    successAfterFailures: 'A successful sign-in after at least this many failures of the same account since its last success...',
    successLookbackMinutes: '...within this many minutes alerts (the guessing worked).',
    sprayUsers: 'Distinct users failing from one address that alert (password spray)...',
    corporateSprayUsers: "...or this many from the organisation's own egress ranges (tagged `corporate`).",
    sprayWindowMinutes: '...within this many minutes.',
  },
  paramsSchema: z
    .object({
      userFailures: z.number().int().min(2),
      userMultiplier: z.number().min(1),
      userWindowMinutes: z.number().positive(),
      learningFloor: z.number().int().min(2),
      successAfterFailures: z.number().int().min(1),
      successLookbackMinutes: z.number().positive(),
      sprayUsers: z.number().int().min(2),
      corporateSprayUsers: z.number().int().min(2),
      sprayWindowMinutes: z.number().positive(),
    })
    .partial()
    .strict(),
  defaults: { enabled: true, learningDays: 0, learningGate: false },
  stateKeys(e) {
    const user = e.userKey;
    return [...(user ? [stateKey('u:', user), benignKey(user)] : []), ...(e.intel.ip && e.intel.routable ? [stateKey('ip:', e.intel.ip)] : [])];
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    const p = ctx.params;
    const user = e.userKey;
    const ip = e.intel.ip && e.intel.routable ? e.intel.ip : null;
    const failed = a.action === 'user.login_failed';
    const succeeded = SIGN_IN_ACTIONS.includes(a.action) && (a.outcome === 'success' || a.outcome === 'unknown');
    // A sign-in that stopped after the password was checked (an MFA prompt, Conditional Access) proves the
    // password right: for "did the guessing work" it is a success, though nobody got in (yet).
    const stoppedAt = passwordProvenAt(a.provider, a.outcome, a.outcomeCode);
    if (!failed && !succeeded && !stoppedAt) return {};
    const uKey = user ? stateKey('u:', user) : null;
    const iKey = ip ? stateKey('ip:', ip) : null;
    const mine = (uKey ? (state[uKey] as UserState | undefined) : undefined) ?? { v: emptyVolume(), f: [], s: [], p: [] };
    // Only failures are counted, so only they are paired (the memo stays small: successes, the bulk of sign-ins,
    // would fill it). The other feed's copy of a counted failure is not counted again, but is still spray
    // evidence (the spray counts distinct users, so the copy changes no count): the alert holds both records.
    const pairing = failed ? pairCopy(mine.p ?? [], a) : { duplicate: false, memo: mine.p ?? [] };
    const next: Record<string, State> = {};
    const findings: Finding[] = [];
    const corporate = e.intel.rangeTags.includes('corporate');
    const sprayNeeds = corporate ? p.corporateSprayUsers : p.sprayUsers;
    const sprayWindow = p.sprayWindowMinutes * MINUTE;
    const address = (ip ?? a.srcIp) ? ` from ${ip ?? a.srcIp}` : '';

    const lookback = p.successLookbackMinutes * MINUTE;
    const signIns = pastPasswordOf(mine.s);
    const ipState = iKey ? (state[iKey] as IpState | undefined) : undefined;

    /**
     * The spray found a password: `signIn` from this address got past it after failures for `sprayNeeds` other
     * users in the hour before. `late`: the sign-in was evaluated before this failure (it is evidence, the alert
     * is about its person, and this failure must make the spray or be one of the attempts shown).
     */
    const sprayFound = (hits: readonly Hit[], signIn: SignInFrom, late: boolean): Finding[] => {
      const [time, id, who, how, label] = signIn;
      const inWindow = hits.filter((h) => h[0] > time - sprayWindow && h[0] <= time && h[2] !== who && GUESSING.includes(h[3]));
      const users = new Set(inWindow.map((h) => h[2]));
      if (users.size < sprayNeeds) return [];
      const evidence = lastUsersHits(inWindow, 5).map(([t, i]) => ({ id: i, time: t }));
      // A late failure raises the alert when it makes the spray, and joins it later only as one of the last five
      // users' attempts (the evidence), as in time order.
      const made = new Set(inWindow.filter((h) => h[1] !== a.id).map((h) => h[2])).size < sprayNeeds;
      if (late && !made && !evidence.some((r) => r.id === a.id)) return [];
      return [
        {
          variant: 'spray-success',
          severity: 'high',
          explanation: `${how === null ? `${label} signed in from ${ip}` : `${label}'s password was accepted from ${ip} (the sign-in stopped at ${how})`}, which failed to sign in as ${users.size} other users in the ${p.sprayWindowMinutes} minutes before (${kindsInWords(inWindow)}): the password spray found this account's password.`,
          details: { ip, sprayUsers: users.size, ...(how === null ? {} : { stoppedAt: how }) },
          related: late ? [...evidence.filter((r) => r.id !== a.id), { id, time }] : evidence,
          ...(late ? { subject: { type: 'user' as const, key: who, email: label.includes('@') ? label : null, userId: null } } : {}),
        },
      ];
    };

    /**
     * The guessing worked: `failures` came before a sign-in that got past the password (at `time` from `from`,
     * `how` it stopped after the password), more than the threshold and the person's usual (`peak`).
     */
    const afterFailures = (failures: readonly Hit[], time: number, from: string | null, how: string | null, peak: number, related: NonNullable<Finding['related']>): Finding[] => {
      if (failures.length < p.successAfterFailures || failures.length <= peak) return [];
      const at = from ? ` from ${from}` : '';
      const got = how === null ? `signed in${at}` : `the password was accepted${at} but the sign-in stopped at ${how}`;
      return [
        {
          variant: 'success-after-failures',
          severity: 'high',
          explanation: `${actorLabel(a)} failed to sign in ${failures.length} times (${kindsInWords(failures, 'attempts')}) in ${duration(time - (failures[0]?.[0] ?? time))}, then ${got}: the password may have been guessed${peak > 0 ? ` (their usual most is ${peak} failures per ${p.userWindowMinutes} minutes)` : ''}.`,
          baseline: { peakFailuresPerWindow: peak, windowMinutes: p.userWindowMinutes },
          details: { failures: failures.length, ip: from, ...(how === null ? {} : { stoppedAt: how }) },
          related,
        },
      ];
    };

    /** Keeps this sign-in past the password (`how` it stopped; null: it signed in) for failures delivered after it. */
    const rememberPastPassword = (how: string | null): void => {
      if (uKey) next[uKey] = { ...((next[uKey] as UserState | undefined) ?? mine), s: rememberSignIn(signIns, [a.time, a.id, ip ?? a.srcIp, how]) };
      if (iKey && user) next[iKey] = { ...((next[iKey] as IpState | undefined) ?? ipState ?? { h: [] }), ok: rememberSignIn(ipState?.ok ?? [], [a.time, a.id, user, how, actorLabel(a)]) };
    };

    /** Did guessing just work, for this account or from a spraying address (`how` the sign-in got past the password)? */
    const guessingWorked = (how: string | null): Finding[] => {
      const out: Finding[] = [];
      if (uKey) {
        const before = failuresLeadingTo(mine.f, signIns, a.time, lookback);
        out.push(...afterFailures(before, a.time, ip ?? a.srcIp, how, mine.v.peak, before.map(([time, id]) => ({ id, time }))));
      }
      if (iKey && user) out.push(...sprayFound(ipState?.h ?? [], [a.time, a.id, user, how, actorLabel(a)], false));
      return out;
    };

    if (failed) {
      const kind = signInFailureKind(a.provider, a.outcomeCode, a.outcomeReason);
      const hit: Hit = [a.time, a.id, user ?? '', kind];
      // A failure that proves the password right (Google's failed 2-Step Verification) is no wrong guess.
      const guess = GUESSING.includes(kind) && !stoppedAt;
      if (uKey && guess && !pairing.duplicate) {
        const recent = [...mine.f, hit].filter((h) => h[0] > a.time - p.userWindowMinutes * MINUTE);
        const volume = evaluateVolume(a, mine.v, { minCount: p.userFailures, multiplier: p.userMultiplier, windowMinutes: p.userWindowMinutes, learningFloor: p.learningFloor }, ctx.learning, (count, peak, minutes) =>
          `${actorLabel(a)} failed to sign in ${count} times within ${minutes} minutes${address} (${kindsInWords(recent, 'attempts')}); ${
            peak === null ? `their baseline is still being learned, and that reaches the ${p.learningFloor} the policy alerts at meanwhile` : peak === 0 ? 'they had no failed sign-ins in any earlier window' : `their usual most is ${peak} per ${minutes} minutes`
          }: someone may be guessing the password.`,
          benignOf(state, e),
        );
        const failures = addHit(mine.f, hit, lookback);
        next[uKey] = { ...mine, v: volume.next, f: failures, p: pairing.memo };
        if (volume.finding) findings.push({ ...volume.finding, variant: 'user', details: { ...volume.finding.details, ip, kind } });
        // A sign-in already evaluated may come after this failure (pages listed newest first, a feed behind):
        // the failures that led to the first one after it are counted again, this one among them.
        const signedIn = signIns.find((s) => s[0] >= a.time);
        if (signedIn && signedIn[1] !== '' && signedIn[0] - a.time < lookback) {
          const [time, id, from, how] = signedIn;
          const before = failuresLeadingTo(failures, signIns, time, lookback);
          const related = [...before.filter((h) => h[1] !== a.id).map(([t, i]) => ({ id: i, time: t })), { id, time }];
          findings.push(...afterFailures(before, time, from, how, volume.next.peak, related));
        }
      } else if (uKey) next[uKey] = { ...mine, p: pairing.memo };
      if (iKey && user && !stoppedAt) {
        const hits = addHit(ipState?.h ?? [], hit, sprayWindow);
        next[iKey] = { ...ipState, h: hits };
        // Sign-ins from the address already evaluated may come after this failure (pages listed newest first, a feed behind).
        if (GUESSING.includes(kind)) for (const signIn of ipState?.ok ?? []) if (signIn[0] >= a.time && signIn[0] - a.time < sprayWindow) findings.push(...sprayFound(hits, signIn, true));
        // The busiest hour holding this failure, also one ending at a later failure (another feed behind).
        const usersOf = (held: readonly Hit[]) => [...new Set(held.map((h) => h[2]))];
        const { held: inWindow, end: windowEnd } = busiestWindowHolding(hits, a.time, sprayWindow, (held) => usersOf(held).length, (h) => GUESSING.includes(h[3]));
        const users = usersOf(inWindow);
        if (users.length >= sprayNeeds) {
          findings.push({
            variant: 'spray',
            severity: 'high',
            subject: { type: 'ip', key: ip ?? '' },
            explanation: `${ip} failed to sign in as ${users.length} different users in ${duration(windowEnd - (inWindow[0]?.[0] ?? windowEnd))} (${users.slice(0, 5).join(', ')}${users.length > 5 ? ', ...' : ''}: ${kindsInWords(inWindow)}); ${corporate ? `it is in the organisation's own range (${e.intel.rangeLabels.join(', ') || 'corporate'}), where fewer than ${sprayNeeds}` : `fewer than ${sprayNeeds}`} users per ${p.sprayWindowMinutes} minutes is normal, ${sprayNeeds} or more looks like password spraying.`,
            details: { ip, users: users.slice(0, 50), kinds: kindsInWords(inWindow), corporate },
            related: inWindow.slice(-200).map(([time, id]) => ({ id, time })),
          });
        }
      }
      if (stoppedAt) {
        findings.push(...guessingWorked(stoppedAt));
        rememberPastPassword(stoppedAt);
      }
      return { state: next, findings };
    }

    findings.push(...guessingWorked(succeeded ? null : stoppedAt));
    rememberPastPassword(succeeded ? null : stoppedAt);
    return { state: next, findings };
  },
  examples: [
    {
      name: 'fires: eight wrong passwords in three minutes, then a success for the same account (brute force that worked)',
      activities: [
        ...dailySignIns('kim@example.com', 10, PLACES.london),
        ...Array.from({ length: 8 }, (_, i) => ({ id: `bf-${i}`, action: 'user.login_failed' as const, actor: { email: 'kim@example.com' }, time: at(10, 3) + i * 20_000, srcIp: '45.95.3.9', outcomeReason: 'InvalidPassword' })),
        { id: 'bf-ok', action: 'user.login', actor: { email: 'kim@example.com' }, time: at(10, 3, 4), srcIp: '45.95.3.9' },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['kim@example.com'], activityIds: [['bf-0', 'bf-7', 'bf-ok']], explanationContains: 'then signed in' },
    },
    {
      name: 'fires: eight wrong passwords, then Entra accepts the password and asks for MFA (AADSTS50076): nobody got in, but the password is known',
      activities: [
        ...dailySignIns('kim@example.com', 10, PLACES.london),
        ...Array.from({ length: 8 }, (_, i) => ({ id: `mfa-bf-${i}`, provider: 'microsoft365' as const, action: 'user.login_failed' as const, outcomeCode: '50126', actor: { email: 'kim@example.com' }, time: at(10, 3) + i * 20_000, srcIp: '45.95.3.9' })),
        { id: 'mfa-prompt', provider: 'microsoft365', action: 'user.login', outcome: 'interrupted', outcomeCode: '50076', actor: { email: 'kim@example.com' }, time: at(10, 3, 4), srcIp: '45.95.3.9' },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['kim@example.com'], activityIds: [['mfa-bf-0', 'mfa-bf-7', 'mfa-prompt']], explanationContains: 'but the sign-in stopped at strong authentication (MFA) required by location or policy (AADSTS50076)' },
    },
    {
      name: 'no alert when a person mistypes three times, then signs in',
      activities: [
        ...dailySignIns('kim@example.com', 10, PLACES.london),
        ...Array.from({ length: 3 }, (_, i) => ({ action: 'user.login_failed' as const, actor: { email: 'kim@example.com' }, time: at(10, 9) + i * 20_000, ...PLACES.london })),
        { action: 'user.login', actor: { email: 'kim@example.com' }, time: at(10, 9, 2), ...PLACES.london },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'fires twice when a spraying address finds a password: the spray (the address) and the account it got into',
      activities: [
        ...Array.from({ length: 12 }, (_, i) => ({ id: `sp-${i}`, action: 'user.login_failed' as const, actor: { email: `user${i}@example.com` }, time: at(3, 1) + i * 3 * MINUTE, srcIp: '45.95.3.3', outcomeCode: '50126', provider: 'microsoft365' as const })),
        { id: 'sp-ok', action: 'user.login', actor: { email: 'user12@example.com' }, time: at(3, 1, 40), srcIp: '45.95.3.3', provider: 'microsoft365' as const },
      ],
      expect: { alerts: 2, subjects: ['45.95.3.3', 'user12@example.com'], activityIds: [['sp-0', 'sp-9'], ['sp-ok', 'sp-11']], explanationContains: '45.95.3.3' },
    },
    {
      name: "no alert for the organisation's own egress range where fourteen colleagues mistype after a password rotation",
      intel: { ranges: [{ cidr: '82.38.57.0/24', tag: 'corporate', label: 'London office' }] },
      activities: Array.from({ length: 14 }, (_, i) => ({ action: 'user.login_failed' as const, actor: { email: `col${i}@example.com` }, time: at(3, 9) + i * 4 * MINUTE, srcIp: '82.38.57.120', outcomeCode: '50126', provider: 'microsoft365' as const })),
      expect: { alerts: 0 },
    },
    {
      name: 'a spray of non-existent and locked accounts is still a spray, and the explanation says which failures it saw',
      activities: Array.from({ length: 12 }, (_, i) => ({ action: 'user.login_failed' as const, actor: { email: `guess${i}@example.com` }, time: at(3, 1) + i * 2 * MINUTE, srcIp: '45.95.3.4', provider: 'microsoft365' as const, outcomeCode: i % 3 === 0 ? '50053' : '50034' })),
      expect: { alerts: 1, subjects: ['45.95.3.4'], explanationContains: '12 different users in 22 minutes (guess0@example.com, guess1@example.com, guess2@example.com, guess3@example.com, guess4@example.com, ...: 4 locked, 8 non-existent accounts)' },
    },
    {
      name: 'no alert for MFA and "stay signed in?" interrupts, however many',
      activities: [
        ...dailySignIns('ivy@example.com', 10, PLACES.london),
        ...Array.from({ length: 14 }, (_, i) => ({ action: 'user.login' as const, outcome: 'interrupted' as const, outcomeCode: i % 2 ? '50074' : '50140', provider: 'microsoft365' as const, actor: { email: 'ivy@example.com' }, time: at(10, 9) + i * 15_000, ...PLACES.london })),
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'one failed sign-in seen through both Microsoft 365 feeds counts once: six attempts (twelve records) are not ten',
      activities: [
        ...dailySignIns('joe@example.com', 10, PLACES.london),
        ...Array.from({ length: 6 }, (_, i) => [
          { action: 'user.login_failed' as const, provider: 'microsoft365' as const, eventType: 'UserLoginFailed', correlationId: `c-${i}`, outcomeCode: '50126', actor: { email: 'joe@example.com' }, time: at(10, 9) + i * 20_000, srcIp: '45.95.3.5' },
          { action: 'user.login_failed' as const, provider: 'microsoft365' as const, eventType: 'signIn', correlationId: `c-${i}`, outcomeCode: '50126', actor: { email: 'joe@example.com' }, time: at(10, 9) + i * 20_000 + 700, srcIp: '45.95.3.5' },
        ]).flat(),
      ],
      expect: { alerts: 0 },
    },
    {
      name: "six attempts seen through both feeds are six even when the Graph copies are ingested after days of the audit log's later sign-ins (a backfill)",
      activities: [
        ...dailySignIns('joe@example.com', 10, PLACES.london).map((a) => ({ ...a, connectorInstanceId: 'audit' })),
        ...Array.from({ length: 6 }, (_, i) => ({ connectorInstanceId: 'audit', action: 'user.login_failed' as const, provider: 'microsoft365' as const, eventType: 'UserLoginFailed', correlationId: `c-${i}`, outcomeCode: '50126', actor: { email: 'joe@example.com' }, time: at(10, 9) + i * 20_000, srcIp: '45.95.3.5' })),
        ...[11, 12, 13].map((d) => ({ connectorInstanceId: 'audit', action: 'user.login' as const, provider: 'microsoft365' as const, eventType: 'UserLoggedIn', correlationId: `ok-${d}`, actor: { email: 'joe@example.com' }, time: at(d, 9), ...PLACES.london })),
        ...Array.from({ length: 6 }, (_, i) => ({ connectorInstanceId: 'graph', action: 'user.login_failed' as const, provider: 'microsoft365' as const, eventType: 'signIn', correlationId: `c-${i}`, outcomeCode: '50126', actor: { email: 'joe@example.com' }, time: at(10, 9) + i * 20_000 + 700, srcIp: '45.95.3.5' })),
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'ten attempts seen through both feeds are ten, not twenty, and still alert',
      activities: [
        ...dailySignIns('joe@example.com', 10, PLACES.london),
        ...Array.from({ length: 10 }, (_, i) => [
          { id: `dup-a-${i}`, action: 'user.login_failed' as const, provider: 'microsoft365' as const, eventType: 'UserLoginFailed', correlationId: `c-${i}`, outcomeCode: '50126', actor: { email: 'joe@example.com' }, time: at(10, 9) + i * 20_000, srcIp: '45.95.3.5' },
          { id: `dup-g-${i}`, action: 'user.login_failed' as const, provider: 'microsoft365' as const, eventType: 'signIn', correlationId: `c-${i}`, outcomeCode: '50126', actor: { email: 'joe@example.com' }, time: at(10, 9) + i * 20_000 + 700, srcIp: '45.95.3.5' },
        ]).flat(),
      ],
      expect: { alerts: 1, subjects: ['joe@example.com'], explanationContains: 'failed to sign in 10 times' },
    },
    {
      name: 'a spray seen through both Microsoft 365 feeds counts each attempt once (distinct users) and holds both records of it as evidence',
      activities: Array.from({ length: 12 }, (_, i) => [
        { id: `tw-a-${i}`, action: 'user.login_failed' as const, provider: 'microsoft365' as const, eventType: 'UserLoginFailed', correlationId: `tw-${i}`, outcomeCode: '50126', actor: { email: `user${i}@example.com` }, time: at(3, 1) + i * 3 * MINUTE, srcIp: '45.95.3.7' },
        { id: `tw-g-${i}`, action: 'user.login_failed' as const, provider: 'microsoft365' as const, eventType: 'signIn', correlationId: `tw-${i}`, outcomeCode: '50126', actor: { email: `user${i}@example.com` }, time: at(3, 1) + i * 3 * MINUTE + 900, srcIp: '45.95.3.7' },
      ]).flat(),
      expect: { alerts: 1, subjects: ['45.95.3.7'], activityIds: [['tw-a-0', 'tw-g-0', 'tw-a-9', 'tw-g-9', 'tw-a-11', 'tw-g-11']], explanationContains: 'as 12 different users in 33 minutes (user0@example.com, user1@example.com, user2@example.com, user3@example.com, user4@example.com, ...: 12 wrong passwords)' },
    },
    {
      name: "per-user baseline (with a 7-day learning period): no alert for a user whose old phone fails a dozen times every morning, but one for forty",
      settings: { learningDays: 7 },
      activities: [
        ...Array.from({ length: 10 }, (_, d) => Array.from({ length: 12 }, (_, i) => ({ action: 'user.login_failed' as const, actor: { email: 'kio@example.com' }, time: at(d, 8) + i * 30_000, ...PLACES.london }))).flat(),
        ...Array.from({ length: 12 }, (_, i) => ({ action: 'user.login_failed' as const, actor: { email: 'kio@example.com' }, time: at(10, 8) + i * 30_000, ...PLACES.london })),
        ...Array.from({ length: 40 }, (_, i) => ({ id: `k-${i}`, action: 'user.login_failed' as const, actor: { email: 'kio@example.com' }, time: at(11, 2) + i * 10_000, srcIp: '45.95.3.6' })),
      ],
      expect: { alerts: 1, subjects: ['kio@example.com'], activityIds: [['k-39']], explanationContains: 'their usual most is 12' },
    },
    {
      name: 'fires: 18 wrong passwords in four minutes for one user',
      activities: [
        ...dailySignIns('lou@example.com', 10, PLACES.london),
        ...Array.from({ length: 18 }, (_, i) => ({
          id: `fail-${i}`,
          action: 'user.login_failed' as const,
          actor: { email: 'lou@example.com' },
          time: at(10, 2, 10) + i * 13_000,
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
