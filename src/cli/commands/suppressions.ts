import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** What the subcommands run, imported when one runs (not for `--help`). */
const load = async () => {
  const [policyStore, suppressions, repo] = await Promise.all([
    import('../../detection/policy-store.js'),
    import('../../detection/suppressions.js'),
    import('../../store/repos/suppressions.js'),
  ]);
  return { ...policyStore, ...suppressions, ...repo };
};
import { formatTime, parseExpiry, printJson, printTable, UsageError } from '../output.js';

const FLAGS = { user: 'user', ipRange: 'ip_range', asn: 'asn', country: 'country', app: 'app' } as const;

export function registerSuppressions(program: Command, ctx: CliContext): void {
  const suppressions = program
    .command('suppressions')
    .description('Exclusions an analyst controls: findings they match raise no alert, and are kept and shown on the alert they would have joined');

  suppressions
    .command('list')
    .description('Every suppression (expired ones too) with how many findings it silenced')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { listSuppressions } = await load();
      const { db } = await ctx.store();
      const rows = await listSuppressions(db);
      if (opts.json) return printJson(rows);
      const now = ctx.clock.now();
      printTable(
        rows.map((s) => ({
          id: s.id,
          policy: s.policyId,
          scope: `${s.kind} ${s.value}`,
          owner: s.owner,
          reason: s.reason,
          expires: `${formatTime(s.expiresAt)}${s.expiresAt <= now ? ' (expired)' : ''}`,
          silenced: s.findings,
        })),
      );
    });

  suppressions
    .command('add')
    .description('Suppress the findings of a policy (or * for every policy) for one person, IP range, ASN, country or app')
    .requiredOption('--policy <id>', 'a policy id from `parapet policy list`, or * for every policy')
    .option('--user <email>', 'a person (e-mail, or provider:userId)')
    .option('--ip-range <cidr>', 'an address or CIDR range')
    .option('--asn <number>', 'a network (AS number)')
    .option('--country <code>', 'a two-letter country code')
    .option('--app <name>', 'an app (name or id)')
    .requiredOption('--owner <who>', 'who answers for this suppression')
    .requiredOption('--reason <text>', 'why these findings are expected')
    .requiredOption('--expires <when>', 'when it ends: 30d, 12h or a date (at most a year ahead)')
    .option('--json', 'print JSON')
    .action(async (opts: { policy: string; owner: string; reason: string; expires: string; json?: boolean } & Partial<Record<keyof typeof FLAGS, string>>) => {
      const { loadPolicies, checkSuppression, SUPPRESSION_KINDS, addSuppression } = await load();
      const scopes = (Object.keys(FLAGS) as (keyof typeof FLAGS)[]).filter((k) => opts[k] !== undefined);
      if (scopes.length !== 1) throw new UsageError(`give exactly one of --user, --ip-range, --asn, --country, --app (the kinds are ${SUPPRESSION_KINDS.join(', ')})`);
      const flag = scopes[0] as keyof typeof FLAGS;
      const { db } = await ctx.store();
      const now = ctx.clock.now();
      const { listings } = await loadPolicies(db);
      const checked = checkSuppression(
        { policyId: opts.policy, kind: FLAGS[flag], value: opts[flag] as string, owner: opts.owner, reason: opts.reason, expiresAt: parseExpiry(opts.expires, now) },
        { now, policyIds: listings.map((l) => l.rule.id) },
      );
      const added = await addSuppression(db, { ...checked, now });
      if (opts.json) return printJson(added);
      process.stdout.write(`suppression ${added.id} added: ${added.policyId} for ${added.kind} ${added.value} until ${formatTime(added.expiresAt)}\n`);
    });

  suppressions
    .command('show <id>')
    .description('The findings a suppression silenced, newest first')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { listSuppressions, suppressedFindingsFor } = await load();
      const { db } = await ctx.store();
      const suppression = (await listSuppressions(db)).find((s) => s.id === id);
      if (!suppression) throw new UsageError(`No suppression ${id}. List them with \`parapet suppressions list\`.`);
      const findings = await suppressedFindingsFor(db, { suppressionId: id, limit: 1000 });
      if (opts.json) return printJson({ suppression, findings });
      process.stdout.write(`${suppression.policyId} for ${suppression.kind} ${suppression.value} (owner ${suppression.owner}: ${suppression.reason}), until ${formatTime(suppression.expiresAt)}\n\n`);
      printTable(findings.map((f) => ({ when: formatTime(f.lastActivityAt), policy: f.policyId, subject: f.subjectKey, activities: f.activityIds.length, explanation: f.explanation })));
    });

  suppressions
    .command('remove <id>')
    .description('Remove a suppression (what it silenced stays recorded)')
    .action(async (id: string) => {
      const { removeSuppression } = await load();
      await removeSuppression((await ctx.store()).db, id);
      process.stdout.write(`suppression ${id} removed\n`);
    });
}
