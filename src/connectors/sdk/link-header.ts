/**
 * The `rel="next"` target of an RFC 8288 `Link` header. Providers send one comma-joined header (ServiceNow)
 * or separate lines that HTTP clients (ours included) join with ", " (Okta): both forms parse.
 */
export function nextLink(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2] ?? '')) return m[1] as string;
  }
  return null;
}
