/**
 * Bounds on one raw provider record. A record nested thousands of levels deep overflows the stack of any
 * recursive code (a normaliser, JSON.stringify when it is stored) and one megabytes long bloats the store:
 * such a record is kept as a flagged excerpt instead, so it cannot fail its page on every poll. Both walks
 * here are iterative.
 */

/** Deeper than any provider's real records (Microsoft 365's nest about six levels). */
export const MAX_RECORD_DEPTH = 100;
/** About this many characters of JSON. */
export const MAX_RECORD_CHARS = 1024 * 1024;
/** How much of an out-of-bounds record is kept. */
export const EXCERPT_CHARS = 4096;

export interface RecordBreach {
  reason: 'depth' | 'size';
  /** Plain words, e.g. `nested more than 100 levels deep`. */
  detail: string;
}

/** Why `record` is out of bounds, or null. Stops as soon as a bound is crossed. */
export function recordBreach(record: unknown, maxDepth = MAX_RECORD_DEPTH, maxChars = MAX_RECORD_CHARS): RecordBreach | null {
  const stack: [unknown, number][] = [[record, 1]];
  let chars = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (depth > maxDepth) return { reason: 'depth', detail: `nested more than ${maxDepth} levels deep` };
    if (typeof value === 'string') chars += value.length + 2;
    else if (value !== null && typeof value === 'object') {
      if (Array.isArray(value)) {
        chars += 2 + value.length;
        for (const item of value) stack.push([item, depth + 1]);
      } else {
        for (const key in value) {
          chars += key.length + 4;
          stack.push([(value as Record<string, unknown>)[key], depth + 1]);
        }
        chars += 2;
      }
    } else chars += 8;
    if (chars > maxChars) return { reason: 'size', detail: `larger than ${Math.round(maxChars / 1024)} KiB` };
  }
  return null;
}

interface Frame {
  entries: [string | null, unknown][];
  next: number;
  close: string;
}

/** The first `maxChars` characters of `value`'s JSON text, written without recursion. */
export function jsonExcerpt(value: unknown, maxChars = EXCERPT_CHARS): string {
  let out = '';
  const stack: Frame[] = [];
  const open = (v: unknown) => {
    if (Array.isArray(v)) {
      out += '[';
      stack.push({ entries: v.map((item): [null, unknown] => [null, item]), next: 0, close: ']' });
    } else if (v !== null && typeof v === 'object') {
      out += '{';
      stack.push({ entries: Object.entries(v), next: 0, close: '}' });
    } else {
      const text = JSON.stringify(v) ?? 'null';
      out += text.length > maxChars ? text.slice(0, maxChars) : text;
    }
  };
  open(value);
  while (stack.length > 0 && out.length < maxChars) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next >= frame.entries.length) {
      out += frame.close;
      stack.pop();
      continue;
    }
    const [key, item] = frame.entries[frame.next] as [string | null, unknown];
    if (frame.next > 0) out += ',';
    frame.next++;
    if (key !== null) out += `${JSON.stringify(key)}:`;
    open(item);
  }
  return out.slice(0, maxChars);
}
