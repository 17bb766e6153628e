import type { Activity } from '../api/types.js';
import { formatTime } from '../format.js';

const HOURS_48 = 48 * 3600 * 1000;

/** Links from one activity to its neighbours: the same user, the same IP, everything ±48 h around it. */
export function pivotLinks(activity: Pick<Activity, 'actor' | 'srcIp' | 'time'>): { label: string; to: string }[] {
  const links: { label: string; to: string }[] = [];
  const user = activity.actor.email ?? activity.actor.userId;
  if (user) links.push({ label: 'Same user', to: `/activity?user=${encodeURIComponent(user)}` });
  if (activity.srcIp) links.push({ label: 'Same IP', to: `/activity?ip=${encodeURIComponent(activity.srcIp)}` });
  const from = new Date(activity.time - HOURS_48).toISOString();
  const to = new Date(activity.time + HOURS_48).toISOString();
  links.push({ label: '±48 h', to: `/activity?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${user ? `&user=${encodeURIComponent(user)}` : ''}` });
  return links;
}

function flatten(value: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    if (value.length === 0) return out;
    if (value.every((v) => typeof v !== 'object')) out.push([prefix, value.join(', ')]);
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
    return out;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out.push([prefix, String(value)]);
  return out;
}

/** The normalised fields of an activity (everything but `raw`), flattened to dotted names. */
export function normalisedRows(activity: Activity): [string, string][] {
  const { raw: _raw, ...rest } = activity;
  return flatten({ ...rest, time: formatTime(activity.time), ingestedAt: formatTime(activity.ingestedAt) });
}
