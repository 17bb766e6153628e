import type { SettingsRecord } from './define-connector.js';

/** How much a failed posture check matters. */
export const POSTURE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type PostureSeverity = (typeof POSTURE_SEVERITIES)[number];

/** The settings documents of one connector instance, keyed by `SettingsRecord.key`. */
export type SettingsSnapshot = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface PostureEvaluation {
  /** `not_applicable` when the settings the check reads were not collected or the feature is absent. */
  status: 'pass' | 'fail' | 'not_applicable';
  /** One or two sentences saying what was found, naming the setting and its value. */
  evidence: string;
  /** Structured facts behind the evidence (offending policy ids, user names, counts). */
  details?: Record<string, unknown>;
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
  /** Pure and total: never throws, never logs. */
  evaluate(settings: SettingsSnapshot): PostureEvaluation;
}

/** Exists for type inference: `export default defineCheck({...})`. */
export function defineCheck(check: PostureCheck): PostureCheck {
  return check;
}

/** Builds the snapshot a check reads from the records a settings stream yielded (last key wins). */
export function settingsSnapshot(records: Iterable<SettingsRecord>): SettingsSnapshot {
  const snapshot: Record<string, Record<string, unknown>> = {};
  for (const record of records) snapshot[record.key] = record.value;
  return snapshot;
}
