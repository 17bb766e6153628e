import type { NormalizedActivity } from './define-connector.js';

/**
 * The fidelity corpus format (issue #11): records taken from a provider's own published documentation,
 * each paired with the fields its normaliser must yield. Every registered connector exports one from
 * `src/connectors/<provider>/fidelity/corpus.ts` as `export const corpus: FidelityCase[]`; the shared test
 * (src/connectors/fidelity.test.ts) enrols them all from the registry.
 */
export interface FidelityExpectation {
  /** The actor as the record names them; agrees when it equals the Activity actor's email, userId or name. */
  user?: string;
  /** Source IP without port or brackets (`203.0.113.7`, `2001:db8::1`). */
  ip?: string;
  /** Epoch milliseconds, UTC. */
  time?: number;
  /** Parapet's action (src/core/activity.ts ACTION_OCSF), e.g. `user.login`. */
  action?: string;
  /** `success` | `failure` | `interrupted` | `unknown`. */
  outcome?: string;
  /**
   * The targets in the order the normaliser lists them; each entry agrees when it equals that target's id,
   * email or name. The list must match in length too.
   */
  targets?: string[];
}

export interface FidelityCase {
  /** The published page the record was taken from. */
  source: string;
  /** The record's shape, e.g. `Graph signIn`, `Azure Monitor SignInLogs row`, `Monitor v2 event`. */
  shape: string;
  /** The record exactly as the provider (or its export) hands it to `normalize`. */
  record: unknown;
  /** The fields it must yield; a field left out is not checked. */
  expect: FidelityExpectation;
}

/** The headline fields a corpus checks, in report order. */
export const FIDELITY_FIELDS = ['user', 'ip', 'time', 'action', 'outcome', 'targets'] as const;
export type FidelityField = (typeof FIDELITY_FIELDS)[number];

/** What the normaliser produced for one field, in the corpus's terms (null: nothing extracted). */
export function extractedField(activity: NormalizedActivity, field: FidelityField, ingestedAt: number): unknown {
  switch (field) {
    case 'user':
      return activity.actor.email ?? activity.actor.userId ?? activity.actor.name;
    case 'ip':
      return activity.srcIp;
    case 'time':
      // A record whose own time could not be read gets the ingest time: that is no extraction.
      return activity.time === ingestedAt ? null : activity.time;
    case 'action':
      return activity.action === 'other' ? null : activity.action;
    case 'outcome':
      return activity.outcome === 'unknown' ? null : activity.outcome;
    case 'targets':
      return activity.targets.length > 0 ? activity.targets.map((t) => t.id ?? t.email ?? t.name) : null;
  }
}

/** Whether the Activity agrees with the corpus on one field (see FidelityExpectation for the rules). */
export function agrees(activity: NormalizedActivity, field: FidelityField, expected: unknown, ingestedAt: number): boolean {
  switch (field) {
    case 'user': {
      const { email, userId, name } = activity.actor;
      return expected === email || expected === userId || expected === name;
    }
    case 'targets': {
      if (!Array.isArray(expected) || expected.length !== activity.targets.length) return false;
      return activity.targets.every((t, i) => expected[i] === t.id || expected[i] === t.email || expected[i] === t.name);
    }
    case 'outcome':
      return expected === activity.outcome;
    case 'action':
      return expected === activity.action;
    default:
      return expected === extractedField(activity, field, ingestedAt);
  }
}

export interface FidelityMiss {
  index: number;
  shape: string;
  source: string;
  field: FidelityField;
  expected: unknown;
  got: unknown;
}

export interface FidelityScore {
  /** Per field: how many cases checked it, and how many agreed. */
  perField: Record<FidelityField, { checked: number; agreed: number }>;
  misses: FidelityMiss[];
}

/** Normalises every case offline (empty inventory) and scores it field by field. */
export function scoreCorpus(
  corpus: readonly FidelityCase[],
  normalize: (record: unknown, ingestedAt: number) => NormalizedActivity,
): FidelityScore {
  // A fixed ingest time far from every documented sample, so a time that was not read shows as a miss.
  const ingestedAt = Date.UTC(2099, 0, 1);
  const perField = Object.fromEntries(FIDELITY_FIELDS.map((f) => [f, { checked: 0, agreed: 0 }])) as FidelityScore['perField'];
  const misses: FidelityMiss[] = [];
  corpus.forEach((c, index) => {
    const activity = normalize(c.record, ingestedAt);
    for (const field of FIDELITY_FIELDS) {
      if (!(field in c.expect)) continue;
      const expected = c.expect[field];
      perField[field].checked++;
      if (agrees(activity, field, expected, ingestedAt)) perField[field].agreed++;
      else misses.push({ index, shape: c.shape, source: c.source, field, expected, got: field === 'user' ? activity.actor : field === 'targets' ? activity.targets : extractedField(activity, field, ingestedAt) });
    }
  });
  return { perField, misses };
}
