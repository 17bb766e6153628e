import { createHash } from 'node:crypto';
import { parseProviderTime } from '../sdk/normalize-helpers.js';

/** JSON with object keys sorted, so the same record always hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Zoom's report records carry no id (digest §4): a record is named by a hash of its whole content, prefixed
 * by its kind. Two records identical in every field (same person, second, address and client) are one.
 */
export function zoomRecordId(record: Record<string, unknown>): string {
  const kind = 'operator' in record || 'operation_detail' in record ? 'op' : 'signin';
  return `zoom:${kind}:${createHash('sha256').update(canonical(record)).digest('hex').slice(0, 32)}`;
}

/** The record's time (`time`, ISO 8601; without a zone, UTC) as epoch ms, or null. */
export function recordTime(record: Record<string, unknown>): number | null {
  return typeof record.time === 'string' ? parseProviderTime(record.time) : null;
}
