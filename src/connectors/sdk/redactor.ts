const REDACTED = '[REDACTED]';

/** Patterns that carry credentials whatever their value: bearer tokens, OAuth form fields, JWTs, PEM keys. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  /((?:assertion|client_secret|client_assertion|access_token|refresh_token|password)=)[^&\s"]+/gi,
  /("(?:access_token|refresh_token|client_secret|assertion|privateKey|private_key|password|secret)"\s*:\s*")[^"]*/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
];

/**
 * Removes secrets from text before it reaches a log line or an error message: the known secret values of
 * a connector instance (its keys, the tokens it was issued) and anything shaped like a credential.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(initial: Iterable<string> = []) {
    for (const s of initial) this.add(s);
  }

  add(secret: string | null | undefined): void {
    // Very short values would redact ordinary words; real secrets are longer.
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    for (const pattern of CREDENTIAL_PATTERNS) {
      out = out.replace(pattern, (match, prefix: unknown) => (typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED));
    }
    return out;
  }
}

/** Keys whose values are credentials whatever they hold. */
const SECRET_KEY = /authorization|password|passphrase|secret|private.?key|^key$|token|assertion|certificate|cookie|credential/i;
/** Deeper than this, a logged object is cut: a log line is no place for a whole document. */
const MAX_DEPTH = 12;

/**
 * A copy of `value` safe to log, at every depth: values under credential-named keys become [REDACTED];
 * every string goes through `redactor` (known secret values and credential shapes); errors become
 * `{type, message, stack}` with those redacted too (their `cause` included). Cycles and depth are cut.
 */
export function redactDeep(value: unknown, redactor: Redactor, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: redactor.redact(value.message) };
    if (value.stack) out.stack = redactor.redact(value.stack);
    if (value.cause !== undefined) out.cause = redactDeep(value.cause, redactor, depth + 1, seen);
    for (const [k, v] of Object.entries(value)) if (!(k in out)) out[k] = SECRET_KEY.test(k) ? REDACTED : redactDeep(v, redactor, depth + 1, seen);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redactor, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : redactDeep(v, redactor, depth + 1, seen);
  return out;
}
