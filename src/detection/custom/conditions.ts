import { RE2JS } from 're2js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { CidrIndex } from '../enrichment/cidr-index.js';
import { parseIp } from '../enrichment/ip.js';
import { readField } from './fields.js';
import type { Condition } from './policy-schema.js';

export type Predicate = (e: EnrichedActivity) => boolean;

/**
 * Text operators (regex, contains, startsWith, endsWith) read at most this many characters of a value: a
 * hostile field (a megabyte user agent, a huge raw property) costs the same as an ordinary one.
 */
export const MAX_MATCHED_CHARS = 4096;

const capped = (s: string): string => (s.length > MAX_MATCHED_CHARS ? s.slice(0, MAX_MATCHED_CHARS) : s);

/**
 * Compiles a policy's regular expression with RE2 semantics (linear time in the input, no backtracking):
 * a pattern like `(a+)+$` cannot stall detection. Throws RE2's syntax error for what RE2 does not support
 * (look-around, back-references).
 */
export function compileLinearRegex(pattern: string, caseSensitive: boolean): (text: string) => boolean {
  const re = RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  return (text) => re.matcher(capped(text)).find();
}

/** Compiles a condition once (regexes, CIDR indexes, time-zone formatters) into a fast predicate. */
export function compileCondition(c: Condition): Predicate {
  if ('any' in c) {
    const parts = c.any.map(compileCondition);
    return (e) => parts.some((p) => p(e));
  }
  if ('all' in c) {
    const parts = c.all.map(compileCondition);
    return (e) => parts.every((p) => p(e));
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (e) => !inner(e);
  }
  if ('country' in c) {
    const set = new Set(c.country.map((x) => x.toUpperCase()));
    return (e) => e.activity.geo.country !== null && set.has(e.activity.geo.country);
  }
  if ('notCountry' in c) {
    const set = new Set(c.notCountry.map((x) => x.toUpperCase()));
    return (e) => e.activity.geo.country !== null && !set.has(e.activity.geo.country);
  }
  if ('timeOfDay' in c) return compileTimeOfDay(c.timeOfDay);
  return compileField(c);
}

function compileField(c: Extract<Condition, { field: string }>): Predicate {
  const field = c.field;
  const fold = (v: unknown) => (typeof v === 'string' && !c.caseSensitive ? v.toLowerCase() : v);
  const text = (v: unknown) => (typeof v === 'string' ? (c.caseSensitive ? v : v.toLowerCase()) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);
  const values = (e: EnrichedActivity) => readField(e, field);
  if (c.exists !== undefined) {
    const want = c.exists;
    return (e) => values(e).some((v) => v !== null && v !== '') === want;
  }
  if (c.equals !== undefined) {
    const want = fold(c.equals);
    return (e) => (want === null ? values(e).every((v) => v === null) : values(e).some((v) => fold(v) === want));
  }
  if (c.notEquals !== undefined) {
    const bad = fold(c.notEquals);
    return (e) => !values(e).some((v) => fold(v) === bad);
  }
  if (c.in) {
    const set = new Set(c.in.map(fold));
    return (e) => values(e).some((v) => set.has(fold(v)));
  }
  if (c.notIn) {
    const set = new Set(c.notIn.map(fold));
    return (e) => !values(e).some((v) => set.has(fold(v)));
  }
  if (c.contains !== undefined || c.startsWith !== undefined || c.endsWith !== undefined) {
    const needle = (c.caseSensitive ? (c.contains ?? c.startsWith ?? c.endsWith) : (c.contains ?? c.startsWith ?? c.endsWith)?.toLowerCase()) ?? '';
    const test = c.contains !== undefined ? (s: string) => s.includes(needle) : c.startsWith !== undefined ? (s: string) => s.startsWith(needle) : (s: string) => s.endsWith(needle);
    return (e) => values(e).some((v) => {
      const s = text(v) ?? (typeof v === 'object' && v !== null ? text(JSON.stringify(v)) : null);
      return s !== null && test(capped(s));
    });
  }
  if (c.regex !== undefined) {
    const matches = compileLinearRegex(c.regex, c.caseSensitive === true);
    return (e) => values(e).some((v) => {
      const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
      return s !== null && matches(s);
    });
  }
  if (c.cidr !== undefined) {
    const index = new CidrIndex<true>();
    for (const cidr of Array.isArray(c.cidr) ? c.cidr : [c.cidr]) index.add(cidr, true);
    return (e) => values(e).some((v) => {
      const ip = typeof v === 'string' ? parseIp(v) : null;
      return ip !== null && index.match(ip).length > 0;
    });
  }
  const num = (e: EnrichedActivity) => values(e).filter((v): v is number => typeof v === 'number');
  if (c.gt !== undefined) return (e) => num(e).some((v) => v > (c.gt as number));
  if (c.gte !== undefined) return (e) => num(e).some((v) => v >= (c.gte as number));
  if (c.lt !== undefined) return (e) => num(e).some((v) => v < (c.lt as number));
  if (c.lte !== undefined) return (e) => num(e).some((v) => v <= (c.lte as number));
  return () => false;
}

function minutes(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function compileTimeOfDay(t: { from: string; to: string; timezone: string; days?: string[] | undefined }): Predicate {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: t.timezone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', weekday: 'short' });
  const from = minutes(t.from);
  const to = minutes(t.to);
  const days: ReadonlySet<string> | null = t.days ? new Set(t.days) : null;
  return (e) => {
    if (!Number.isFinite(e.activity.time)) return false;
    const parts = format.formatToParts(new Date(e.activity.time));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const local = Number(get('hour')) * 60 + Number(get('minute'));
    const weekday = get('weekday').slice(0, 3).toLowerCase();
    if (days && !days.has(weekday)) return false;
    // A window that wraps midnight (20:00 → 06:00) holds times after `from` or before `to`.
    return from <= to ? local >= from && local < to : local >= from || local < to;
  };
}

/** The condition in words, for explanations and `parapet policy show`. */
export function describeCondition(c: Condition): string {
  if ('any' in c) return `(${c.any.map(describeCondition).join(' or ')})`;
  if ('all' in c) return `(${c.all.map(describeCondition).join(' and ')})`;
  if ('not' in c) return `not ${describeCondition(c.not)}`;
  if ('country' in c) return `the country is ${c.country.map((x) => x.toUpperCase()).join(' or ')}`;
  if ('notCountry' in c) return `the country is not ${c.notCountry.map((x) => x.toUpperCase()).join(' or ')}`;
  if ('timeOfDay' in c) {
    const t = c.timeOfDay;
    return `the local time is between ${t.from} and ${t.to} (${t.timezone})${t.days ? ` on ${t.days.join(', ')}` : ''}`;
  }
  const f = c.field;
  const show = (v: unknown) => JSON.stringify(v);
  if (c.exists !== undefined) return `${f} ${c.exists ? 'is present' : 'is absent'}`;
  if (c.equals !== undefined) return `${f} is ${show(c.equals)}`;
  if (c.notEquals !== undefined) return `${f} is not ${show(c.notEquals)}`;
  if (c.in) return `${f} is one of ${c.in.map(show).join(', ')}`;
  if (c.notIn) return `${f} is none of ${c.notIn.map(show).join(', ')}`;
  if (c.contains !== undefined) return `${f} contains ${show(c.contains)}`;
  if (c.startsWith !== undefined) return `${f} starts with ${show(c.startsWith)}`;
  if (c.endsWith !== undefined) return `${f} ends with ${show(c.endsWith)}`;
  if (c.regex !== undefined) return `${f} matches /${c.regex}/`;
  if (c.cidr !== undefined) return `${f} is in ${[c.cidr].flat().join(', ')}`;
  if (c.gt !== undefined) return `${f} > ${c.gt}`;
  if (c.gte !== undefined) return `${f} ≥ ${c.gte}`;
  if (c.lt !== undefined) return `${f} < ${c.lt}`;
  return `${f} ≤ ${c.lte}`;
}

/** Actions a condition list pins (`action` equals / in at the top level), so the engine skips the rest. */
export function pinnedActions(where: readonly Condition[]): string[] | null {
  for (const c of where) {
    if ('field' in c && c.field === 'action' && !c.caseSensitive) {
      if (typeof c.equals === 'string') return [c.equals];
      if (c.in && c.in.every((v) => typeof v === 'string')) return c.in as string[];
    }
  }
  return null;
}
