import type { SettingsRecord } from './define-connector.js';

/** How much a failed posture check matters. */
export const POSTURE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type PostureSeverity = (typeof POSTURE_SEVERITIES)[number];

/** The settings documents of one connector instance, keyed by `SettingsRecord.key`. */
export type SettingsSnapshot = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * `not_applicable`: the feature is absent or its settings were not collected. `error`: the settings were read
 * but could not be judged (a value of an unexpected type, an endpoint that failed, a scope not granted); the
 * evidence says why and what to fix. Never a pass on doubt.
 */
export const POSTURE_STATUSES = ['pass', 'fail', 'not_applicable', 'error'] as const;
export type PostureStatus = (typeof POSTURE_STATUSES)[number];

export interface PostureEvaluation {
  status: PostureStatus;
  /** One or two sentences saying what was found, naming the setting and its value. */
  evidence: string;
  /** Structured facts behind the evidence (offending policy ids, user names, counts). */
  details?: Record<string, unknown>;
  /**
   * The value read, when it is one number (minutes, a count): posture history keeps it and a value moving in
   * the check's `worseWhen` direction raises a drift alert even while the check already fails. @default none
   */
  observed?: number;
  /** What a pass needs, when it depends on what was read; overrides the check's `expected`. @default none */
  expected?: string;
}

/** Settings documents a check passes and fails on; the shared registry test evaluates every one. */
export interface PostureExamples {
  pass: readonly SettingsSnapshot[];
  fail: readonly SettingsSnapshot[];
}

/** One posture (SSPM) check: metadata plus a pure function of the collected settings. */
export interface PostureCheck {
  /** Stable id, e.g. `M365-01`. */
  id: string;
  title: string;
  severity: PostureSeverity;
  /** Why it matters, in plain words. */
  rationale: string;
  /** What to change, and where. */
  remediation: string;
  /** The baseline it is modelled on, e.g. `CISA ScubaGear MS.AAD.3.2`. */
  reference?: string;
  /** What a pass needs, in a phrase (`sessionTimeout ≤ 30 minutes`). @default none */
  expected?: string;
  /** For checks that report `observed`: which direction of that number is worse. @default none */
  worseWhen?: 'higher' | 'lower';
  /** Provider scopes or permissions the settings it reads need (named in "not evaluated" findings). @default none */
  requires?: readonly string[];
  /**
   * Why the check cannot be judged through the APIs the connector uses (e.g. a setting only Exchange Online
   * PowerShell reads). Such a check is listed, documented and reported as `not_applicable` with this reason on
   * every run, so the baseline's gap is visible rather than silent; it needs no examples. @default none
   */
  notEvaluable?: string;
  /** Passing and failing settings (required by the shared registry test for every evaluable check). */
  examples?: PostureExamples;
  /** Pure and total: never throws, never logs. */
  evaluate(settings: SettingsSnapshot): PostureEvaluation;
}

/** Examples made on first use: building them (deep copies of a fixture) is work no command start should pay. */
export function lazyExamples(make: () => PostureExamples): PostureExamples {
  let made: PostureExamples | undefined;
  return {
    get pass() {
      return (made ??= make()).pass;
    },
    get fail() {
      return (made ??= make()).fail;
    },
  };
}

/** Gives each check its examples by id (a check without any is refused at once, naming it). */
export function withExamplesFrom(examples: Readonly<Record<string, PostureExamples>>): (check: PostureCheck) => PostureCheck {
  return (check) => {
    const own = examples[check.id];
    if (!own) throw new Error(`no posture examples for ${check.id}`);
    return { ...check, examples: own };
  };
}

/** Exists for type inference: `export default defineCheck({...})`. */
export function defineCheck(check: PostureCheck): PostureCheck {
  return check;
}

/**
 * A baseline item the connector cannot read: documented, listed and reported ("not evaluated: <reason>"),
 * never scored. `reason` names what would be needed and why the connector's APIs do not expose it.
 */
export function defineNotEvaluableCheck(check: Omit<PostureCheck, 'evaluate' | 'examples' | 'notEvaluable'> & { reason: string }): PostureCheck {
  const { reason, ...meta } = check;
  const evidence = `Not evaluated: ${reason.replace(/\.$/, '')}.`;
  return { ...meta, notEvaluable: reason, evaluate: () => ({ status: 'not_applicable', evidence }) };
}

/** Builds the snapshot a check reads from the records a settings stream yielded (last key wins). */
export function settingsSnapshot(records: Iterable<SettingsRecord>): SettingsSnapshot {
  const snapshot: Record<string, Record<string, unknown>> = {};
  for (const record of records) snapshot[record.key] = record.value;
  return snapshot;
}
