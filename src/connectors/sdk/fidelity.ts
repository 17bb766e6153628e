import type { NormalizedActivity } from './define-connector.js';
import { looksLikeXml, parseXmlRecord } from './xml-record.js';

/**
 * The fidelity corpus format (issue #11): records taken from a provider's own published documentation,
 * each paired with the fields its normaliser must yield. Every registered connector exports one from
 * `src/connectors/<provider>/fidelity/corpus.ts` as `export const corpus: FidelityCase[]`; the shared test
 * (src/connectors/fidelity.test.ts) enrols them all from the registry.
 */
export interface FidelityExpectation {
  /** The actor as the record names them; agrees when it equals the Activity actor's email, userId or name. */
  user?: string;
  /**
   * Source IP without port or brackets (`203.0.113.7`, `2001:db8::1`); null when the record carries an IP that
   * is not the actor's, so none must be extracted.
   */
  ip?: string | null;
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
  /**
   * Where the record's values come from:
   * - `published`: the provider's own sample printed on `source` (placeholders such as `<IP ADDRESS>` filled
   *   with documentation values, RFC 5737 / RFC 3849);
   * - `captured`: a real record published by someone else (a client library's or SIEM's test data), in the
   *   shape `source` documents; `note` names where it was published and what was changed;
   * - `synthetic`: the shape exactly as `source` documents it, the values made up because no published
   *   record of that case was found; `note` says what they were modelled on.
   */
  values: 'published' | 'captured' | 'synthetic';
  /** Anything a reader of the case should know: what stands in for a placeholder, where synthetic values come from. */
  note?: string;
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

/**
 * Where one record shape carries each headline field: paths into the raw record (`a.b`, `a[].b` for each
 * element of an array, `a[]` for the elements themselves, `**.a` for `a` at any depth; see valuesAt). An
 * empty list: this shape does not carry it.
 */
export interface FieldSourceMap {
  /** The record shape, e.g. `Graph signIn`. */
  shape: string;
  fields: Readonly<Record<FidelityField, readonly string[]>>;
  /** Anything the table should add in plain words (a default, a derivation). */
  notes?: string;
}

/** JSON text (an object or an array) read as JSON, an XML document read as its record; anything else as it is. */
function readStructuredText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (looksLikeXml(value)) return parseXmlRecord(value) ?? value;
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A value and every object and array element below it, at any depth. */
function withDescendants(value: unknown): unknown[] {
  // Iterative: a record nested deeper than the call stack must not throw here.
  const out: unknown[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v !== 'object' || v === null) continue;
    out.push(v);
    const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return out;
}

/**
 * The non-empty values at a path: `a.b`; `a[].b` for each element of the list `a` (a lone object counts as
 * a list of one, as XML writes a list of one); `**` for any depth (`**.Message.Id`). JSON text (an object or
 * an array) and XML documents met on the way are read as records. A top-level key holding the path's dots
 * itself (`user.user_name`, as ServiceNow names dot-walked fields) is read too.
 */
export function valuesAt(record: unknown, path: string): unknown[] {
  const literal = path.includes('.') && record !== null && typeof record === 'object' && !Array.isArray(record) && Object.hasOwn(record, path) ? [(record as Record<string, unknown>)[path]] : [];
  let current: unknown[] = [record];
  for (const part of path.split('.')) {
    if (part === '**') {
      current = current.flatMap((v) => withDescendants(readStructuredText(v)));
      continue;
    }
    const each = part.endsWith('[]');
    const key = each ? part.slice(0, -2) : part;
    const next: unknown[] = [];
    for (const raw of current) {
      const value = readStructuredText(raw);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const child = readStructuredText((value as Record<string, unknown>)[key]);
      if (!each) next.push(child);
      else if (Array.isArray(child)) next.push(...(child as unknown[]));
      else if (typeof child === 'object' && child !== null) next.push(child);
    }
    current = next;
  }
  return [...literal, ...current].filter((v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
}

/** Whether a record carries a field at any of the paths the connector declares for it (in any shape). */
export function carriesField(record: unknown, sources: readonly FieldSourceMap[], field: FidelityField): boolean {
  return sources.some((s) => s.fields[field].some((path) => valuesAt(record, path).length > 0));
}

/** Per-field tally for `parapet normalize --report`: records carrying the field, and fields extracted. */
export class FieldReport {
  readonly records = { total: 0 };
  readonly carried = Object.fromEntries(FIDELITY_FIELDS.map((f) => [f, 0])) as Record<FidelityField, number>;
  readonly extracted = Object.fromEntries(FIDELITY_FIELDS.map((f) => [f, 0])) as Record<FidelityField, number>;

  constructor(private readonly sources: readonly FieldSourceMap[]) {}

  add(record: unknown, activity: NormalizedActivity, ingestedAt: number): void {
    this.records.total++;
    for (const field of FIDELITY_FIELDS) {
      if (carriesField(record, this.sources, field)) this.carried[field]++;
      if (extractedField(activity, field, ingestedAt) !== null) this.extracted[field]++;
    }
  }

  /** A plain-text table: one line per field. */
  render(): string {
    const lines = [`${'field'.padEnd(8)} ${'carried'.padStart(8)} ${'extracted'.padStart(9)}   (of ${this.records.total} record(s))`];
    for (const f of FIDELITY_FIELDS) lines.push(`${f.padEnd(8)} ${String(this.carried[f]).padStart(8)} ${String(this.extracted[f]).padStart(9)}`);
    return lines.join('\n') + '\n';
  }

  toJSON(): { records: number; fields: Record<FidelityField, { carried: number; extracted: number }> } {
    return { records: this.records.total, fields: Object.fromEntries(FIDELITY_FIELDS.map((f) => [f, { carried: this.carried[f], extracted: this.extracted[f] }])) as Record<FidelityField, { carried: number; extracted: number }> };
  }
}
