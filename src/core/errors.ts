/**
 * Parapet's error hierarchy: one class per failure kind. Callers branch on `instanceof`, never on text.
 * Messages name the operation and the target and say what to do. Only api/ and cli/ turn these into
 * responses or exit codes.
 */
export class ParapetError extends Error {
  override name = 'ParapetError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The user supplied something wrong: config, a flag, a policy file. The message says what to fix. */
export class ConfigError extends ParapetError {
  override name = 'ConfigError';
}

/** Input failed validation (API body, CLI input, a provider page that does not match its schema). */
export class ValidationError extends ParapetError {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class NotFoundError extends ParapetError {
  override name = 'NotFoundError';
}

/** A provider answered with an error status, or with a body we cannot read. */
export class ProviderError extends ParapetError {
  override name = 'ProviderError';
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  readonly providerCode: string | null;
  constructor(
    message: string,
    opts: { status?: number | null; retryAfterMs?: number | null; providerCode?: string | null; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.status = opts.status ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.providerCode = opts.providerCode ?? null;
  }
}

/** Credentials were refused, expired, or lack a permission. The message names the missing prerequisite. */
export class AuthError extends ProviderError {
  override name = 'AuthError';
}

/** The provider kept throttling us past our retry budget. */
export class RateLimitedError extends ProviderError {
  override name = 'RateLimitedError';
}

/** The network failed (connection refused, reset, timeout) after retries. */
export class NetworkError extends ParapetError {
  override name = 'NetworkError';
}

/** A request was about to carry credentials to a host the connector does not allow. */
export class HostNotAllowedError extends ParapetError {
  override name = 'HostNotAllowedError';
}

/** A Parapet user's role may not do this (approve, undo, cancel someone else's request). The message names who may. */
export class PermissionError extends ParapetError {
  override name = 'PermissionError';
}

/** The store could not write (disk full, read-only, locked). Nothing of the failed transaction was kept. */
export class StoreError extends ParapetError {
  override name = 'StoreError';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
