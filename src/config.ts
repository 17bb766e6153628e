import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './core/errors.js';

/** The one config schema. The only reader of process.env; read once, frozen, passed down. */
export const ConfigSchema = z.object({
  /** Where the embedded database and the secret key live. @default ./data */
  dataDir: z.string().min(1).default('./data'),
  /** postgres://user:password@host:port/database: store everything in PostgreSQL. @default the embedded SQLite file in dataDir */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//i, 'must be a postgres:// or postgresql:// URL (unset it for the embedded SQLite database)')
    .optional(),
  /** 32-byte key (base64 or hex) that encrypts connector secrets. @default generated into the data dir */
  secretKey: z.string().optional(),
  /** A file holding that key, e.g. on a mount other than the data directory's. @default <dataDir>/secret.key */
  secretKeyFile: z.string().min(1).optional(),
  /** pino level. @default info */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json`: pino's JSON lines; `text`: one readable line per sync and alert. @default text on a terminal, else json */
  logFormat: z.enum(['json', 'text']).optional(),
  /** How far back the first sync of an activity stream reads. @default 7 */
  backfillDays: z.coerce.number().int().min(1).max(30).default(7),
  /** Minutes between activity polls. @default 5 */
  pollMinutes: z.coerce.number().positive().default(5),
  /** Hours between inventory snapshots. @default 12 */
  snapshotHours: z.coerce.number().positive().default(12),
  /** Days of activity to keep; `parapet serve` purges older activities daily (alert evidence is kept). @default keep everything */
  retentionDays: z.coerce.number().int().min(31, 'must be at least 31 days (longer than a first sync\'s backfill)').optional(),
  /** Address `parapet serve` listens on. Anything but loopback needs TLS or allowHttp. @default 127.0.0.1 */
  host: z.string().min(1).default('127.0.0.1'),
  /** Port of the API and portal. @default 8080 */
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Serve plain HTTP on a non-loopback address (behind a TLS-terminating proxy). @default false */
  allowHttp: z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true').default(false),
  /** PEM certificate and key files: with both, `parapet serve` speaks HTTPS. */
  tlsCert: z.string().optional(),
  tlsKey: z.string().optional(),
  /** The first-run admin's password; when unset a random one is generated and printed once. */
  adminPassword: z.string().min(12, 'must be at least 12 characters').optional(),
  /** OpenID Connect single sign-on: issuer URL, client id and secret (all three, or none). */
  oidcIssuer: z.url().optional(),
  oidcClientId: z.string().optional(),
  oidcClientSecret: z.string().optional(),
  /** Role given to a person's first OIDC sign-in. @default viewer */
  oidcDefaultRole: z.enum(['admin', 'analyst', 'viewer']).default('viewer'),
  /** The address people reach Parapet at (OIDC redirect URL base). @default http(s)://host:port */
  publicUrl: z.url().optional(),
  /** E-mail server governance notifies people through, e.g. smtp://user:pass@mail.example.com:587. @default none */
  smtpUrl: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** Sender of governance e-mails. @default parapet@localhost */
  smtpFrom: z.string().optional(),
  /**
   * Without a mail server, governance e-mails are written to `<dataDir>/outbox/` as .eml files instead of
   * being sent (`parapet action outbox` lists them). The demo turns it on; PARAPET_SMTP_URL wins. @default false
   */
  mailOutbox: z.union([z.boolean(), z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true')]).default(false),
  /** Chat tool webhook governance posts its events to. @default none */
  webhookUrl: z.url().optional(),
  /** Key of the webhook's HMAC-SHA256 signature (X-Parapet-Signature). @default none: unsigned */
  webhookSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Automatic actions of one kind all policies together may request per hour. @default 20 */
  governanceMaxPerHour: z.coerce.number().int().min(0).default(20),
});

export type ParapetConfig = Readonly<z.infer<typeof ConfigSchema>>;

/**
 * Reads the environment. `defaults` replace the built-in defaults (e.g. the demo's longer backfill) but
 * never what the environment sets explicitly.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: Partial<ParapetConfig> = {}): ParapetConfig {
  const parsed = ConfigSchema.safeParse({
    ...stripUndefined(defaults),
    ...stripUndefined({
      dataDir: env.PARAPET_DATA_DIR || undefined,
      databaseUrl: env.PARAPET_DATABASE_URL || undefined,
      secretKey: env.PARAPET_SECRET_KEY || undefined,
      secretKeyFile: env.PARAPET_SECRET_KEY_FILE || undefined,
      logLevel: env.PARAPET_LOG_LEVEL || undefined,
      logFormat: env.PARAPET_LOG_FORMAT || undefined,
      backfillDays: env.PARAPET_BACKFILL_DAYS || undefined,
      pollMinutes: env.PARAPET_POLL_MINUTES || undefined,
      snapshotHours: env.PARAPET_SNAPSHOT_HOURS || undefined,
      retentionDays: env.PARAPET_RETENTION_DAYS || undefined,
      host: env.PARAPET_HOST || undefined,
      port: env.PARAPET_PORT || undefined,
      allowHttp: env.PARAPET_ALLOW_HTTP || undefined,
      tlsCert: env.PARAPET_TLS_CERT || undefined,
      tlsKey: env.PARAPET_TLS_KEY || undefined,
      adminPassword: env.PARAPET_ADMIN_PASSWORD || undefined,
      oidcIssuer: env.PARAPET_OIDC_ISSUER || undefined,
      oidcClientId: env.PARAPET_OIDC_CLIENT_ID || undefined,
      oidcClientSecret: env.PARAPET_OIDC_CLIENT_SECRET || undefined,
      oidcDefaultRole: env.PARAPET_OIDC_DEFAULT_ROLE || undefined,
      publicUrl: env.PARAPET_PUBLIC_URL || undefined,
      smtpUrl: env.PARAPET_SMTP_URL || undefined,
      smtpFrom: env.PARAPET_SMTP_FROM || undefined,
      mailOutbox: env.PARAPET_MAIL_OUTBOX || undefined,
      webhookUrl: env.PARAPET_WEBHOOK_URL || undefined,
      webhookSecret: env.PARAPET_WEBHOOK_SECRET || undefined,
      governanceMaxPerHour: env.PARAPET_GOVERNANCE_MAX_PER_HOUR || undefined,
    }),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `PARAPET_${toEnvName(String(i.path[0] ?? ''))}: ${i.message}`);
    throw new ConfigError(`Invalid environment: ${issues.join('; ')}`);
  }
  const data = parsed.data;
  if (Boolean(data.tlsCert) !== Boolean(data.tlsKey)) throw new ConfigError('Invalid environment: set both PARAPET_TLS_CERT and PARAPET_TLS_KEY (PEM files), or neither.');
  const oidc = [data.oidcIssuer, data.oidcClientId, data.oidcClientSecret].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) throw new ConfigError('Invalid environment: single sign-on needs PARAPET_OIDC_ISSUER, PARAPET_OIDC_CLIENT_ID and PARAPET_OIDC_CLIENT_SECRET together.');
  return Object.freeze({
    ...data,
    dataDir: resolve(data.dataDir),
    ...(data.secretKeyFile ? { secretKeyFile: resolve(data.secretKeyFile) } : {}),
  });
}

function toEnvName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The environment variable that may carry a connector's secret field: PARAPET_DOCUSIGN_PRIVATE_KEY. */
export function connectorSecretEnvName(provider: string, field: string): string {
  return `PARAPET_${provider.toUpperCase()}_${toEnvName(field)}`;
}

/** Secret fields given through the environment (`connectorSecretEnvName`), for `parapet connect`. */
export function connectorSecretsFromEnv(provider: string, fields: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value = env[connectorSecretEnvName(provider, field)];
    if (value) out[field] = value;
  }
  return out;
}
