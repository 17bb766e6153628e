import { canonicalCidr } from './ip.js';

export interface ParsedIpList {
  /** Canonical addresses and CIDR ranges, deduplicated, in file order. */
  values: string[];
  /** Lines that were neither, with their 1-based line numbers. */
  rejected: { line: number; text: string }[];
}

/**
 * Reads a plain list of addresses or CIDR ranges, one per line, as Tor exit lists and threat feeds come:
 * blank lines and `#` / `//` / `;` comments are skipped, a trailing comment is ignored, and the Tor
 * Project's `ExitAddress 1.2.3.4 2026-01-01 00:00:00` lines are read for their address.
 */
export function parseIpList(text: string): ParsedIpList {
  const seen = new Set<string>();
  const values: string[] = [];
  const rejected: ParsedIpList['rejected'] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    let line = raw.replace(/\s(#|\/\/|;).*$/, '').trim();
    if (line === '' || /^(#|\/\/|;)/.test(line)) return;
    const exit = /^ExitAddress\s+(\S+)/.exec(line);
    if (exit) line = exit[1] as string;
    else if (/^(ExitNode|Published|LastStatus)\b/.test(line)) return;
    line = line.split(/[\s,]/)[0] as string;
    const value = canonicalCidr(line);
    if (!value) {
      rejected.push({ line: index + 1, text: raw.slice(0, 80) });
      return;
    }
    if (!seen.has(value)) {
      seen.add(value);
      values.push(value);
    }
  });
  return { values, rejected };
}
