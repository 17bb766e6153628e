import type { Command } from 'commander';
import { findInstance, listInstances } from '../../store/repos/connector-instances.js';
import { listIdentities } from '../../store/repos/identities.js';
import { listGroups, listOAuthApps, listPrivileges } from '../../store/repos/inventory.js';
import type { CliContext } from '../context.js';
import { printJson, printTable } from '../output.js';

/** `groups`, `privileges`, `apps` and `identities`: the inventory beyond accounts. */
export function registerInventory(program: Command, ctx: CliContext): void {
  const instanceNames = async () => new Map((await listInstances((await ctx.store()).db)).map((i) => [i.id, i.name]));
  const scope = async (connector?: string) => (connector ? (await findInstance((await ctx.store()).db, connector)).id : undefined);

  program
    .command('groups')
    .description('Groups of connected apps, with their member counts')
    .option('--connector <name>', 'only this connector')
    .option('--json', 'print JSON')
    .action(async (opts: { connector?: string; json?: boolean }) => {
      const groups = await listGroups((await ctx.store()).db, await scope(opts.connector));
      if (opts.json) return printJson(groups);
      const names = await instanceNames();
      printTable(groups.map((g) => ({ connector: names.get(g.connectorInstanceId), name: g.name, kind: g.kind, members: g.members, deleted: g.deleted ? 'yes' : '' })));
    });

  program
    .command('privileges')
    .description('Who holds which admin role (directory roles) in connected apps')
    .option('--connector <name>', 'only this connector')
    .option('--json', 'print JSON')
    .action(async (opts: { connector?: string; json?: boolean }) => {
      const privileges = await listPrivileges((await ctx.store()).db, await scope(opts.connector));
      if (opts.json) return printJson(privileges);
      const names = await instanceNames();
      printTable(privileges.map((p) => ({ connector: names.get(p.connectorInstanceId), role: p.role, holder: p.accountEmail ?? p.accountProviderId, scope: p.scope })));
    });

  program
    .command('apps')
    .description('Third-party OAuth apps with access to connected apps, and what they were granted')
    .option('--connector <name>', 'only this connector')
    .option('--third-party', 'only apps published outside the tenant and the provider')
    .option('--json', 'print JSON')
    .action(async (opts: { connector?: string; thirdParty?: boolean; json?: boolean }) => {
      const instanceId = await scope(opts.connector);
      const apps = (await listOAuthApps((await ctx.store()).db, instanceId ? { instanceId } : {})).filter((a) => !opts.thirdParty || a.thirdParty);
      if (opts.json) return printJson(apps);
      const names = await instanceNames();
      printTable(
        apps.map((a) => ({
          connector: names.get(a.connectorInstanceId),
          app: a.name,
          publisher: a.publisher,
          verified: a.verifiedPublisher ? 'yes' : 'no',
          thirdParty: a.thirdParty ? 'yes' : '',
          scopes: [...new Set(a.grants.flatMap((g) => g.scopes))].join(' '),
        })),
      );
    });

  program
    .command('identities')
    .description('People across apps: accounts linked by verified e-mail, and the identity provider holding each')
    .option('--email <email>', 'only the identity with this e-mail or alias')
    .option('--json', 'print JSON')
    .action(async (opts: { email?: string; json?: boolean }) => {
      const identities = await listIdentities((await ctx.store()).db, opts.email ? { email: opts.email } : {});
      if (opts.json) return printJson(identities);
      const names = await instanceNames();
      printTable(
        identities.map((i) => ({
          identity: i.primaryEmail,
          name: i.displayName,
          apps: i.accounts.map((a) => `${names.get(a.connectorInstanceId)}${a.status === 'active' ? '' : ` (${a.status})`}`).join(', '),
          idp: i.idpInstanceId ? names.get(i.idpInstanceId) : '',
        })),
      );
    });
}
