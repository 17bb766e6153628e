import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError, ValidationError } from '../../core/errors.js';
import type { AnyConnector } from '../../connectors/sdk/define-connector.js';
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
export function configFields(connector: AnyConnector): Map<string, FieldInfo> {
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
export function configFromFlags(connector: AnyConnector, args: readonly string[]): Record<string, unknown> {
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
      try {
        value = readFileSync(value, 'utf8');
      } catch (error) {
        throw new UsageError(`--${flag}: cannot read ${value}: ${(error as Error).message}`);
      }
    }
    const field = fields.get(key);
    if (!field) {
      throw new UsageError(`${connector.displayName} has no setting --${flag}. Its settings: ${[...fields.keys()].map((k) => `--${kebab(k)}`).join(', ')}`);
    }
    config[key] = field.type === 'number' || field.type === 'integer' ? Number(value) : field.type === 'array' ? value.split(',').map((v) => v.trim()) : field.type === 'boolean' ? value === 'true' : value;
  }
  return config;
}

export function parseConfig(connector: AnyConnector, input: unknown): unknown {
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
      const connector = ctx.registry.get(provider);
      if (!connector) throw new UsageError(`Unknown provider "${provider}". Available: ${ctx.registry.list().map((c) => c.id).join(', ')}`);
      const fromFile = opts.config ? (JSON.parse(readFileSync(opts.config, 'utf8')) as Record<string, unknown>) : {};
      const config = parseConfig(connector, { ...fromFile, ...configFromFlags(connector, command.args.slice(1)) });
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
