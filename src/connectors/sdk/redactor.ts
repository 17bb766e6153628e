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
