import type { Command } from 'commander';
import type { ConfigSchema } from '../config.js';
import type { CliContext } from './context.js';
import { UsageError } from './output.js';

/** Every config key's environment variable and meaning; a test checks each ConfigSchema key has one. */
export const ENVIRONMENT: Record<keyof typeof ConfigSchema.shape, { variable: string; meaning: string }> = {
  dataDir: { variable: 'PARAPET_DATA_DIR', meaning: 'where the database and the secret key live (default ./data)' },
  databaseUrl: { variable: 'PARAPET_DATABASE_URL', meaning: 'postgres://user:password@host:port/database: use PostgreSQL instead of the embedded SQLite file (docs/operations.md)' },
  secretKey: { variable: 'PARAPET_SECRET_KEY', meaning: '32-byte key (base64 or hex) that encrypts connector secrets (default: generated into the data dir)' },
  secretKeyFile: { variable: 'PARAPET_SECRET_KEY_FILE', meaning: 'a file holding that key, e.g. outside the data directory' },
  logLevel: { variable: 'PARAPET_LOG_LEVEL', meaning: 'fatal, error, warn, info (default), debug, trace or silent' },
  logFormat: { variable: 'PARAPET_LOG_FORMAT', meaning: 'text (one line per sync and alert; default on a terminal) or json (pino JSON lines; default otherwise)' },
  backfillDays: { variable: 'PARAPET_BACKFILL_DAYS', meaning: 'how far back a first sync reads activity, 1-30 (default 7)' },
  pollMinutes: { variable: 'PARAPET_POLL_MINUTES', meaning: 'minutes between activity polls (default 5)' },
  snapshotHours: { variable: 'PARAPET_SNAPSHOT_HOURS', meaning: 'hours between inventory snapshots (default 12)' },
  retentionDays: { variable: 'PARAPET_RETENTION_DAYS', meaning: 'days of activity to keep, at least 31; `parapet serve` (or the scheduling `parapet worker`) purges older activity daily, keeping alert evidence (default: keep everything)' },
  host: { variable: 'PARAPET_HOST', meaning: 'address `parapet serve` listens on (default 127.0.0.1; others need TLS or PARAPET_ALLOW_HTTP=1)' },
  port: { variable: 'PARAPET_PORT', meaning: 'port of the portal and API (default 8080)' },
  allowHttp: { variable: 'PARAPET_ALLOW_HTTP', meaning: '1: plain HTTP on a non-loopback address (behind a TLS proxy)' },
  tlsCert: { variable: 'PARAPET_TLS_CERT', meaning: 'PEM certificate file (with PARAPET_TLS_KEY: serve HTTPS)' },
  tlsKey: { variable: 'PARAPET_TLS_KEY', meaning: 'PEM private key file' },
  adminPassword: { variable: 'PARAPET_ADMIN_PASSWORD', meaning: "the first-run admin's password (else one is generated and printed once)" },
  oidcIssuer: { variable: 'PARAPET_OIDC_ISSUER', meaning: 'single sign-on: the OpenID Connect issuer URL' },
  oidcClientId: { variable: 'PARAPET_OIDC_CLIENT_ID', meaning: 'single sign-on: client id' },
  oidcClientSecret: { variable: 'PARAPET_OIDC_CLIENT_SECRET', meaning: 'single sign-on: client secret' },
  oidcDefaultRole: { variable: 'PARAPET_OIDC_DEFAULT_ROLE', meaning: "role of a person's first single sign-on (default viewer)" },
  publicUrl: { variable: 'PARAPET_PUBLIC_URL', meaning: 'the address people reach Parapet at (OIDC redirect base)' },
  smtpUrl: { variable: 'PARAPET_SMTP_URL', meaning: 'governance e-mail: smtp:// or smtps:// server (with credentials in the URL)' },
  smtpFrom: { variable: 'PARAPET_SMTP_FROM', meaning: "governance e-mail: the sender's address" },
  mailOutbox: { variable: 'PARAPET_MAIL_OUTBOX', meaning: 'governance e-mail without a mail server: 1 writes each message to <data dir>/outbox/ (the demo sets it; PARAPET_SMTP_URL wins)' },
  webhookUrl: { variable: 'PARAPET_WEBHOOK_URL', meaning: 'governance notifications: an HTTPS webhook for chat tools (HMAC-signed)' },
  webhookSecret: { variable: 'PARAPET_WEBHOOK_SECRET', meaning: 'the webhook signing secret, at least 16 characters' },
  governanceMaxPerHour: { variable: 'PARAPET_GOVERNANCE_MAX_PER_HOUR', meaning: 'most automatic governance actions of one kind per hour, all policies together (default 20; one policy is limited by its rule: `parapet action rule set --max-per-hour`)' },
};

/** Where the full references live, in the repository and the installed package. */
const DOCS = 'docs';

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

/** `parapet help <topic>`: short references that would otherwise need the README. */
/** A topic's text may need the connectors or the built-in rules: they are imported only when it is shown. */
export const TOPICS: Record<string, { summary: string; text(ctx: CliContext): string | Promise<string> }> = {
  connectors: {
    summary: 'the apps Parapet connects to, and how',
    text: async () =>
      [
        'Connectors (parapet connect <provider> --help lists a provider\'s settings):',
        table((await import('../connectors/catalog.js')).catalog.list().map((c) => [c.id, `${c.displayName}: ${c.capabilities.join(', ')}  (docs/connectors/${c.id}.md)`])),
        '',
        'Connect:  parapet connect <provider> --name <name> --config settings.json   (secrets also from PARAPET_<PROVIDER>_<FIELD>)',
        'Check:    parapet test <name>;  parapet connectors;  parapet sync <name>',
        `Docs:     ${DOCS}/connectors/`,
      ].join('\n'),
  },
  policies: {
    summary: 'the built-in detection policies, and custom ones',
    text: async () =>
      [
        'Built-in policies (parapet policy show <id> for parameters and tuning):',
        table((await import('../detection/rules/index.js')).BUILTIN_RULES.map((r) => [r.id, r.title])),
        '',
        'Custom policies: YAML or JSON files with their own test cases (docs/policies/custom.md);',
        'parapet policy test <file>, parapet policy backtest <file> --since 30d, parapet policy add <file>.',
        `Docs:     ${DOCS}/policies/`,
      ].join('\n'),
  },
  environment: {
    summary: 'environment variables Parapet reads',
    text: () => ['Environment variables:', table(Object.values(ENVIRONMENT).map((e) => [e.variable, e.meaning])), '', 'Secrets of a connector: PARAPET_<PROVIDER>_<FIELD>, e.g. PARAPET_DOCUSIGN_PRIVATE_KEY.'].join('\n'),
  },
  'exit-codes': {
    summary: 'what each exit status means',
    text: () =>
      [
        'Exit status:',
        table([
          ['0', 'success'],
          ['1', 'failure: a connector, the network or the store failed'],
          ['2', 'usage error: unknown command or option, a bad value, a name that does not exist'],
          ['3', 'nothing to do, or partial (sync with no connections, or some failing while others synced)'],
          ['141', 'the reader of the output went away early (parapet activities | head)'],
        ]),
      ].join('\n'),
  },
};

/** `parapet help [topic|command]`: a topic's text, a command's --help, or the list of topics. */
export function registerHelp(program: Command, ctx: CliContext): void {
  program.helpCommand(false);
  program
    .command('help [topic...]')
    .description(`Help on a command or a topic: ${Object.keys(TOPICS).join(', ')}`)
    .action(async (words: string[]) => {
      const topic = words.join(' ');
      if (!topic) {
        program.outputHelp();
        process.stdout.write(`\nTopics (parapet help <topic>):\n${table(Object.entries(TOPICS).map(([name, t]) => [name, t.summary]))}\n`);
        return;
      }
      const found = TOPICS[topic];
      if (found) {
        process.stdout.write(`${await found.text(ctx)}\n`);
        return;
      }
      const command = words.reduce<Command | undefined>((parent, name) => parent?.commands.find((c) => c.name() === name || c.aliases().includes(name)), program);
      if (!command) throw new UsageError(`No command or topic "${topic}". Topics: ${Object.keys(TOPICS).join(', ')}; commands: parapet --help`);
      command.outputHelp();
    });
}
