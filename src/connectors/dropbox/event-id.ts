import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so the same event always gives the same text. */
function canonical(value: unknown, depth = 0): string {
  if (depth > 64) return '"…"';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Dropbox's TeamEvent carries no id: the event's own content, canonicalised and hashed (SHA-256, 96 bits),
 * is its id. Two events identical in every field (time to the second, actor, session, assets) are one.
 */
export function dropboxEventId(event: unknown): string {
  return `dbx:${createHash('sha256').update(canonical(event)).digest('hex').slice(0, 24)}`;
}
