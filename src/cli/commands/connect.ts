import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError, ValidationError } from '../../core/errors.js';
import { connectorSecretEnvName, connectorSecretsFromEnv } from '../../config.js';
import type { AnyFacts } from '../../connectors/sdk/descriptor.js';
import { createInstance, findInstance, replaceInstanceConfig, setInstanceStatus } from '../../store/repos/connector-instances.js';
import type { CliContext } from '../context.js';
import { printTable, UsageError } from '../output.js';

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

interface FieldInfo {
  type: string;
  enum?: string[];
  required: boolean;
}

/** The connector's config fields, read from its zod schema: the CLI flags are derived, never hand-kept. */
export function configFields(connector: AnyFacts): Map<string, FieldInfo> {
  const json = z.toJSONSchema(connector.configSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string; enum?: string[] }>;
    required?: string[];
  };
  const fields = new Map<string, FieldInfo>();
  for (const [key, prop] of Object.entries(json.properties ?? {})) {
    fields.set(key, { type: prop.type ?? 'string', ...(prop.enum ? { enum: prop.enum } : {}), required: json.required?.includes(key) ?? false });
  }
  return fields;
}

/** Turns `--user-id X --private-key-file k.pem --page-size 500` into a config object. */
export function configFromFlags(connector: AnyFacts, args: readonly string[]): Record<string, unknown> {
  const fields = configFields(connector);
  const config: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}"`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s) as [string, string | undefined];
    let value = inline;
    if (value === undefined) {
      value = args[i + 1];
      i++;
    }
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    let key = camel(flag);
    if (!fields.has(key) && key.endsWith('File') && fields.has(key.slice(0, -4))) {
      key = key.slice(0, -4);
      const path = value;
      try {
        // `-` reads standard input: a secret piped from a password manager never touches the disk.
        value = readFileSync(path === '-' ? 0 : path, 'utf8').replace(/\r?\n$/, '');
      } catch (error) {
        throw new UsageError(`--${flag}: cannot read ${path === '-' ? 'standard input' : path}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`);
      }
    } else if (connector.secretFields.includes(key)) {
      throw new UsageError(
        `--${flag} is a secret: on the command line it would land in your shell history and in ps. Give it with --${flag}-file <path>, --${flag}-file - (standard input) or ${connectorSecretEnvName(connector.id, key)}.`,
      );
    }
    const field = fields.get(key);
    if (!field) {
      throw new UsageError(`${connector.displayName} has no setting --${flag}. Its settings: ${[...fields.keys()].map((k) => `--${kebab(k)}`).join(', ')}`);
    }
    config[key] = field.type === 'number' || field.type === 'integer' ? Number(value) : field.type === 'array' ? value.split(',').map((v) => v.trim()) : field.type === 'boolean' ? value === 'true' : value;
  }
  return config;
}

/**
 * Reads a `--config` JSON file. A syntax error is reported by line and column only: the parser's own
 * message quotes the text around the error, and that text may be a secret.
 */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const { line, column } = lineColumn(text, jsonErrorOffset(text));
    throw new UsageError(`--config ${path} is not valid JSON: the error is at line ${line}, column ${column}. Fix the file (its content is not shown: it may hold secrets).`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--config ${path} must hold one JSON object of settings, like {"userId": "..."}.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Where JSON.parse fails, found without reading its message: the longest prefix that is still a valid
 * beginning of JSON (it parses, or fails only for ending early) ends where the error is.
 */
export function jsonErrorOffset(text: string): number {
  const validStart = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return true;
    } catch (error) {
      const message = (error as Error).message;
      if (/Unexpected end of JSON input/.test(message)) return true;
      const at = /at position (\d+)/.exec(message);
      return at !== null && Number(at[1]) >= k;
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (validStart(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function parseConfig(connector: AnyFacts, input: unknown): unknown {
  const parsed = connector.configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      `The ${connector.displayName} settings are not valid; fix these and run the command again:`,
      parsed.error.issues.map((i) => `--${kebab(String(i.path[0] ?? 'config'))}: ${i.message}`),
    );
  }
  return parsed.data;
}

export function registerConnect(program: Command, ctx: CliContext): void {
  program
    .command('connect <provider>')
    .description('Connect an app: stores its settings encrypted, then tests them. Settings are flags, e.g. parapet connect docusign --user-id ... (see docs/connectors/<provider>.md)')
    .option('--name <name>', 'a name for this connection (several per provider where allowed)')
    .option('--config <file>', 'read settings from a JSON file (flags override it)')
    .option('--replace', 'replace the settings of an existing connection with this name')
    .option('--skip-test', 'store without testing')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption('-h, --help', 'show help; `parapet connect <provider> --help` lists that provider\'s settings')
    .action(async (provider: string, opts: { name?: string; config?: string; replace?: boolean; skipTest?: boolean }, command: Command) => {
      // The settings are checked against the descriptor; the implementation loads only for the test.
      const { catalog, providerIds } = await import('../../connectors/catalog.js');
      const connector = catalog.get(provider);
      if (!connector) throw new UsageError(`Unknown provider "${provider}". Available: ${providerIds()}`);
      const fromFile = opts.config ? readConfigFile(opts.config) : {};
      const fromEnv = connectorSecretsFromEnv(connector.id, connector.secretFields);
      const config = parseConfig(connector, { ...fromFile, ...fromEnv, ...configFromFlags(connector, command.args.slice(1)) });
      const store = await ctx.store();
      const name = opts.name ?? connector.id;
      const now = ctx.clock.now();
      let instance;
      if (opts.replace) {
        instance = await findInstance(store.db, name);
        if (instance.provider !== connector.id) throw new ConfigError(`"${name}" is a ${instance.provider} connection, not ${connector.id}.`);
        await replaceInstanceConfig(store.db, store.secrets, instance.id, config, now);
      } else {
        if (!connector.multiInstance && (await store.db.selectFrom('connector_instances').select('id').where('provider', '=', connector.id).executeTakeFirst())) {
          throw new ConfigError(`${connector.displayName} allows one connection and one exists: use --replace to change it.`);
        }
        instance = await createInstance(store.db, store.secrets, { name, provider: connector.id, config, now });
      }
      process.stdout.write(`Saved ${connector.displayName} connection "${instance.name}" (settings encrypted at rest).\n`);
      if (opts.skipTest) return;
      const { result } = await (await ctx.sync()).testInstance(instance.id);
      printTable(result.checks.map((c) => ({ check: c.name, result: c.ok ? 'ok' : 'FAILED', detail: c.detail })));
      if (result.ok) {
        process.stdout.write(`\nConnected. Run \`parapet sync ${instance.name}\` to backfill the last 7 days now, or \`parapet serve\` to keep it synced.\n`);
      } else {
        await setInstanceStatus(store.db, instance.id, { status: 'error', reason: result.checks.filter((c) => !c.ok).map((c) => c.detail).join('; '), now: ctx.clock.now() });
        process.stdout.write(`\nSaved, but some checks failed: fix what the details say, then \`parapet test ${instance.name}\`.\n`);
        process.exitCode = 1;
      }
    });
}
