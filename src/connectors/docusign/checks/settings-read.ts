import type { PostureEvaluation, PostureExamples, SettingsSnapshot } from '../../sdk/define-check.js';
import { settingsSnapshot } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import settingsFixture from './fixtures/esign.settings.secure.json' with { type: 'json' };
import rulesFixture from './fixtures/esign.password-rules.secure.json' with { type: 'json' };
import organizationFixture from './fixtures/admin.organization.secure.json' with { type: 'json' };
import administratorsFixture from './fixtures/admin.administrators.secure.json' with { type: 'json' };

/**
 * Reading helpers for the DocuSign checks. The settings stream records, per account, `account/<id>/settings`
 * and `account/<id>/password_rules` verbatim: v2.1 sends every number and boolean as a string ("20", "true"),
 * so each value is parsed here and a value of any other shape makes the check say `error`, never pass.
 * A document the stream could not read (a scope not granted) holds `{collected: false, reason}`.
 */

export type DocKind = 'settings' | 'password_rules';

/** The eSignature settings endpoints need the `signature` scope; the seed also consents to `account_read`. */
export const SETTINGS_SCOPES = ['signature', 'account_read'] as const;

export interface AccountDoc {
  accountId: string;
  /** `accountName` from the account's settings, else its id. */
  label: string;
  doc: Readonly<Record<string, unknown>>;
}

const KEY = /^account\/([^/]+)\/(settings|password_rules)$/;

export function accountDocs(snapshot: SettingsSnapshot, kind: DocKind): AccountDoc[] {
  const docs: AccountDoc[] = [];
  for (const [key, doc] of Object.entries(snapshot)) {
    const match = KEY.exec(key);
    if (!match || match[2] !== kind) continue;
    const accountId = match[1] as string;
    const name = str(snapshot[`account/${accountId}/settings`]?.accountName);
    docs.push({ accountId, label: name ? `"${name}"` : `account ${accountId}`, doc });
  }
  return docs.sort((a, b) => a.accountId.localeCompare(b.accountId));
}

/** A value read from a settings document, or why it cannot be judged. */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

function shown(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

/** A whole number sent as a string ("30") or a number. */
export function readNumber(doc: Readonly<Record<string, unknown>>, field: string): Read<number> {
  const raw = doc[field];
  if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: raw };
  if (typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) return { ok: true, value: Number(raw) };
  return { ok: false, reason: `${field} is ${shown(raw)}, not a number` };
}

/** A boolean sent as "true"/"false" (any case) or a boolean. */
export function readBool(doc: Readonly<Record<string, unknown>>, field: string): Read<boolean> {
  const raw = doc[field];
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return { ok: true, value: raw.trim().toLowerCase() === 'true' };
  return { ok: false, reason: `${field} is ${shown(raw)}, not "true" or "false"` };
}

/** One of a closed set of strings. */
export function readEnum<T extends string>(doc: Readonly<Record<string, unknown>>, field: string, allowed: readonly T[]): Read<T> {
  const raw = doc[field];
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return { ok: true, value: raw as T };
  return { ok: false, reason: `${field} is ${shown(raw)}, not one of ${allowed.join(', ')}` };
}

export function nested(doc: Readonly<Record<string, unknown>>, field: string): Readonly<Record<string, unknown>> {
  return asRecord(doc[field]) ?? {};
}

/** One account's verdict. `error` carries the reason a value could not be judged. */
export interface AccountVerdict {
  status: 'pass' | 'fail' | 'not_applicable' | 'error';
  /** A clause naming the setting and its value, without the account (added here). */
  evidence: string;
  observed?: number;
}

export interface PerAccountOptions {
  kind: DocKind;
  requires: readonly string[];
  /** For a number-valued check: the worse direction, so the reported `observed` is the worst account's. */
  worseWhen?: 'higher' | 'lower';
  judge(doc: Readonly<Record<string, unknown>>): AccountVerdict;
}

/**
 * Evaluates a check per DocuSign account and combines: any failing account fails the check; else any account
 * that could not be judged (unreadable value, scope not granted) makes it `error`; a pass needs every account
 * to pass. The evidence names each account.
 */
export function perAccount(snapshot: SettingsSnapshot, options: PerAccountOptions): PostureEvaluation {
  const docs = accountDocs(snapshot, options.kind);
  if (docs.length === 0) return { status: 'not_applicable', evidence: `No DocuSign account's ${options.kind === 'settings' ? 'settings' : 'password rules'} were collected.` };
  const verdicts = docs.map((d): AccountVerdict & { label: string } => {
    if (d.doc.collected === false) {
      const reason = str(d.doc.reason);
      return { label: d.label, status: 'error', evidence: `not evaluated — grant these scopes: ${options.requires.join(', ')}${reason ? ` (${reason.replace(/\.$/, '')})` : ''}` };
    }
    return { label: d.label, ...options.judge(d.doc) };
  });
  const pick = (status: AccountVerdict['status']) => verdicts.filter((v) => v.status === status);
  const sentence = (list: typeof verdicts) => `${list.map((v) => `${v.label}: ${v.evidence}`).join('; ')}.`;
  const failing = pick('fail');
  const errors = pick('error');
  const observedOf = (list: typeof verdicts) => {
    const values = list.map((v) => v.observed).filter((v): v is number => v !== undefined);
    if (values.length === 0) return {};
    return { observed: options.worseWhen === 'lower' ? Math.min(...values) : Math.max(...values) };
  };
  const details = { accounts: verdicts.map((v) => ({ account: v.label, status: v.status, evidence: v.evidence, ...(v.observed !== undefined ? { observed: v.observed } : {}) })) };
  if (failing.length > 0) return { status: 'fail', evidence: sentence([...failing, ...errors]), details, ...observedOf(failing) };
  if (errors.length > 0) return { status: 'error', evidence: sentence(errors), details };
  const passing = pick('pass');
  if (passing.length === 0) return { status: 'not_applicable', evidence: sentence(verdicts), details };
  return { status: 'pass', evidence: sentence(passing), details, ...observedOf(passing) };
}

/** Shorthand for a verdict on a value that could not be read. */
export function unreadable(read: { ok: false; reason: string }): AccountVerdict {
  return { status: 'error', evidence: `${read.reason}: cannot judge it` };
}

type Patch = Record<string, unknown>;

/** What an example changes of the secure fixtures: fields of the account documents, or of the organisation's. */
export interface SnapshotPatch {
  settings?: Patch;
  rules?: Patch;
  organization?: Patch;
  administrators?: Patch;
}

/** A one-account, one-organisation snapshot: the secure fixtures with the patched fields replaced. */
export function accountSnapshot(patch: SnapshotPatch = {}): SettingsSnapshot {
  const id = 'a1b2c3d4-0000-4000-8000-000000000001';
  const org = organizationFixture.id;
  return settingsSnapshot([
    { key: `account/${id}/settings`, value: { ...settingsFixture, ...patch.settings } },
    { key: `account/${id}/password_rules`, value: { ...rulesFixture, ...patch.rules } },
    { key: `organization/${org}/organization`, value: { ...structuredClone(organizationFixture), ...patch.organization } },
    { key: `organization/${org}/administrators`, value: { ...structuredClone(administratorsFixture), ...patch.administrators } },
  ]);
}

/** Examples for a check: the secure fixtures with each pass and fail patch applied. */
export function examples(pass: SnapshotPatch[], fail: SnapshotPatch[]): PostureExamples {
  return { pass: pass.map(accountSnapshot), fail: fail.map(accountSnapshot) };
}

/** Judges one numeric field against a bound (`atMost` or `atLeast`), e.g. `sessionTimeout` ≤ 30. */
export function numberBound(field: string, bound: { atMost: number } | { atLeast: number }, unit: string): (doc: Readonly<Record<string, unknown>>) => AccountVerdict {
  return (doc) => {
    const read = readNumber(doc, field);
    if (!read.ok) return unreadable(read);
    const pass = 'atMost' in bound ? read.value <= bound.atMost : read.value >= bound.atLeast;
    const want = 'atMost' in bound ? `at most ${bound.atMost}` : `at least ${bound.atLeast}`;
    return { status: pass ? 'pass' : 'fail', evidence: `${field} is ${read.value} ${unit}${pass ? '' : ` (want ${want})`}`, observed: read.value };
  };
}

/** Judges one string-boolean field that should hold `want`. */
export function flagIs(field: string, want: boolean, meaning: string): (doc: Readonly<Record<string, unknown>>) => AccountVerdict {
  return (doc) => {
    const read = readBool(doc, field);
    if (!read.ok) return unreadable(read);
    return { status: read.value === want ? 'pass' : 'fail', evidence: `${field} is "${read.value}" (${read.value === want ? meaning : `want "${want}": ${meaning}`})` };
  };
}
