const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-character case-safe suffix that turns a 15-character id into the 18-character one. */
export function caseSafeSuffix(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[chunk * 5 + i] ?? '';
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    out += SUFFIX[bits];
  }
  return out;
}

/**
 * An 18-character Salesforce id: key prefix (005 User, 00D org, 0Ya LoginHistory…), pod `5g0000`, a base-62
 * serial, then the case-safe suffix.
 */
export function sfId(prefix: string, serial: number): string {
  let body = '';
  let n = serial;
  for (let i = 0; i < 6; i++) {
    body = BASE62[n % 62] + body;
    n = Math.floor(n / 62);
  }
  const id15 = `${prefix}5g000${body}`.slice(0, 15).padEnd(15, '0');
  return id15 + caseSafeSuffix(id15);
}

/** Salesforce's JSON datetime: `2025-03-04T09:15:22.000+0000`. */
export function sfTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** Event Log Files' TIMESTAMP: `20250304091522.481`. */
export function elfTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:T]/g, '').replace('Z', '');
}
