import { ActivitySchema } from '../../core/activity.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';

/** Fields of the enrichment a policy may read besides the Activity's own. */
const INTEL_FIELDS = ['intel.ip', 'intel.version', 'intel.routable', 'intel.rangeTags', 'intel.rangeLabels', 'intel.anonymizer.kind', 'intel.anonymizer.source', 'intel.network.kind', 'intel.network.name', 'intel.network.asn', 'intel.threatFeeds'];

/** `user`: the actor's key (lower-cased e-mail, else provider:id) — what alerts are grouped by. */
const DERIVED = ['user'];

function activityPaths(): string[] {
  const out: string[] = [];
  const walk = (shape: Record<string, unknown>, prefix: string) => {
    for (const [key, schema] of Object.entries(shape)) {
      const path = prefix + key;
      out.push(path);
      const inner = unwrap(schema);
      const def = (inner as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } }).def;
      if (def?.type === 'object' && def.shape && key !== 'raw') walk(def.shape, `${path}.`);
      if (def?.type === 'array') {
        const element = unwrap(def.element);
        const elementDef = (element as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
        if (elementDef?.type === 'object' && elementDef.shape) walk(elementDef.shape, `${path}.`);
      }
    }
  };
  walk(ActivitySchema.shape as Record<string, unknown>, '');
  return out;
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { type?: string; innerType?: unknown } };
  while (current?.def && (current.def.type === 'nullable' || current.def.type === 'optional') && current.def.innerType) current = current.def.innerType as typeof current;
  return current;
}

/** Every path a condition's `field` may name (derived from the Activity schema, so it never drifts). */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set([...activityPaths(), ...INTEL_FIELDS, ...DERIVED]);

/** True for known paths and anything under `raw.` (the provider record as received). */
export function isKnownField(path: string): boolean {
  return KNOWN_FIELDS.has(path) || /^raw\.[^.]+/.test(path);
}

/** Close known fields (a typo or two away, or the same last part), for "did you mean" in error messages. */
export function suggestField(path: string): string[] {
  const wanted = path.toLowerCase();
  const last = wanted.split('.').at(-1) ?? '';
  return [...KNOWN_FIELDS]
    .map((f) => ({ f, d: editDistance(wanted, f.toLowerCase()) }))
    .filter(({ f, d }) => d <= 2 || (last.length > 3 && f.toLowerCase().split('.').at(-1) === last))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ f }) => f);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The values at `path`: lists are walked (any element may match: `targets.email` reads every target's
 * e-mail), missing values are absent. Never throws.
 */
export function readField(e: EnrichedActivity, path: string): unknown[] {
  if (path === 'user') {
    const key = e.userKey;
    return key === null ? [] : [key];
  }
  const [head, ...rest] = path.split('.');
  let values: unknown[] = head === 'intel' ? [e.intel] : [(e.activity as unknown as Record<string, unknown>)[head ?? '']];
  for (const part of rest) {
    const next: unknown[] = [];
    for (const v of values.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (v !== null && typeof v === 'object' && part in (v as object)) next.push((v as Record<string, unknown>)[part]);
    }
    values = next;
  }
  return values.flatMap((x) => (Array.isArray(x) ? x : [x])).filter((x) => x !== undefined);
}
