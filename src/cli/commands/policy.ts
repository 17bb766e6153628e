import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { GovernanceActionSchema, SeveritySchema, type GovernanceAction, type Severity } from '../../core/alert.js';
import { ACTION_IDS } from '../../core/governance-action.js';
import { NotFoundError } from '../../core/errors.js';
import { IntelIndex, RANGE_TAGS, type RangeTag } from '../../detection/enrichment/enricher.js';
import { resolvePolicy, SENSITIVITIES, type PolicySettings, type Rule, type Scope, type Sensitivity } from '../../detection/rule.js';
import type { PolicyListing } from '../../detection/policy-store.js';
import type { CliContext } from '../context.js';
import { progressBar } from '../progress.js';
import { formatTime, parseSince, printJson, printTable, UsageError } from '../output.js';

/** What the subcommands run, imported when one runs (not for `--help`). */
const load = async () => {
  const [parse, docs, enrichment, offline, policyStore, rules, testRunner, ipRanges] = await Promise.all([
    import('../../detection/custom/parse-policy.js'),
    import('../../detection/docs.js'),
    import('../../detection/enrichment/open-enricher.js'),
    import('../../detection/offline.js'),
    import('../../detection/policy-store.js'),
    import('../../detection/rules/index.js'),
    import('../../detection/test-runner.js'),
    import('../../store/repos/ip-ranges.js'),
  ]);
  return { ...parse, ...docs, ...enrichment, ...offline, ...policyStore, ...rules, ...testRunner, ...ipRanges };
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function findListing(ctx: CliContext, id: string): Promise<PolicyListing> {
  const { loadPolicies } = await load();
  const { listings } = await loadPolicies((await ctx.store()).db);
  const listing = listings.find((l) => l.rule.id === id) ?? listings.find((l) => l.rule.id === `detection.${id}`);
  if (!listing) throw new NotFoundError(`No policy "${id}". List them with \`parapet policy list\`.`);
  return listing;
}

/** A rule from a policy file path, or a stored / built-in policy id. */
async function ruleFrom(ctx: CliContext, ref: string): Promise<Rule<unknown, unknown>> {
  const { parsePolicy } = await load();
  if (existsSync(ref)) return parsePolicy(readFileSync(ref, 'utf8'), ref).rule;
  return (await findListing(ctx, ref)).rule;
}

export function registerPolicy(program: Command, ctx: CliContext): void {
  const policy = program.command('policy').description('Built-in and custom detection policies: list, tune, add, test, backtest');

  policy
    .command('list')
    .description('Every policy with its state and tuning')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { loadPolicies } = await load();
      const { listings, problems } = await loadPolicies((await ctx.store()).db);
      for (const p of problems) process.stderr.write(`warning: ${p}\n`);
      const rows = listings.map((l) => ({
        id: l.rule.id,
        kind: l.rule.kind,
        enabled: l.active.enabled,
        severity: l.active.severity,
        sensitivity: l.rule.kind === 'builtin' ? l.active.sensitivity : '',
        learningDays: l.active.learningMs / 86_400_000,
        title: l.rule.title,
      }));
      if (opts.json) printJson(rows);
      else printTable(rows);
    });

  policy
    .command('show <id>')
    .description("A policy's description, thresholds per sensitivity, scope and runbook")
    .action(async (id: string) => {
      const { renderPolicyDoc } = await load();
      const listing = await findListing(ctx, id);
      process.stdout.write(renderPolicyDoc(listing.rule));
      process.stdout.write(`\n## Current tuning\n\n\`\`\`json\n${JSON.stringify({ enabled: listing.active.enabled, sensitivity: listing.active.sensitivity, learningDays: listing.active.learningMs / 86_400_000, severity: listing.active.severity, scope: listing.active.scope, params: listing.active.params, actions: listing.active.actions }, null, 2)}\n\`\`\`\n`);
      if (listing.stored?.source) process.stdout.write(`\n## Source\n\n\`\`\`${listing.stored.sourceFormat ?? 'yaml'}\n${listing.stored.source.trimEnd()}\n\`\`\`\n`);
    });

  policy
    .command('add <file>')
    .description('Validate a custom policy file (YAML or JSON), run its test cases, and store it (replacing one with the same id)')
    .option('--skip-tests', "store it even if its own test cases fail")
    .action(async (file: string, opts: { skipTests?: boolean }) => {
      const { parsePolicy, addCustomPolicy, runExamples } = await load();
      if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
      const text = readFileSync(file, 'utf8');
      const { rule } = parsePolicy(text, file);
      const failed = (await runExamples(rule)).filter((o) => o.failures.length);
      if (failed.length && !opts.skipTests) {
        for (const o of failed) process.stderr.write(`FAIL ${o.example.name}\n${o.failures.map((f) => `  ${f}`).join('\n')}\n`);
        throw new UsageError(`${failed.length} test case(s) of ${file} fail; fix the policy or its tests (or pass --skip-tests)`);
      }
      const row = await addCustomPolicy((await ctx.store()).db, text, file, ctx.clock.now());
      process.stdout.write(`policy ${row.id} stored (${row.enabled ? 'enabled' : 'disabled'}); ${rule.examples.length} test case(s) passed\n`);
    });

  policy
    .command('remove <id>')
    .description('Delete a custom policy and its state (its alerts stay)')
    .action(async (id: string) => {
      const { removeCustomPolicy } = await load();
      await removeCustomPolicy((await ctx.store()).db, id);
      process.stdout.write(`policy ${id} removed\n`);
    });

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    policy
      .command(`${verb} <id>`)
      .description(`Turn a policy ${enabled ? 'on' : 'off'}`)
      .action(async (id: string) => {
        const { tunePolicy } = await load();
        const listing = await findListing(ctx, id);
        await tunePolicy((await ctx.store()).db, listing.rule.id, { enabled }, ctx.clock.now());
        process.stdout.write(`policy ${listing.rule.id} ${enabled ? 'enabled' : 'disabled'}\n`);
      });
  }

  policy
    .command('tune <id>')
    .description("Change a policy's sensitivity, learning period, severity, scope, parameters or requested actions")
    .option('--sensitivity <level>', SENSITIVITIES.join(' | '))
    .option('--learning-days <n>', 'days of a user’s history before alerting about them')
    .option('--severity <severity>', SeveritySchema.options.join(' | '))
    .option('--include-user <email>', 'only these users (repeatable)', collect)
    .option('--exclude-user <email>', 'never these users (repeatable)', collect)
    .option('--include-group <name>', 'only members of these groups (repeatable)', collect)
    .option('--exclude-group <name>', 'never members of these groups (repeatable)', collect)
    .option('--include-ip-tag <tag>', `only from ranges with these tags (${RANGE_TAGS.join(', ')})`, collect)
    .option('--exclude-ip-tag <tag>', 'never from ranges with these tags (repeatable)', collect)
    .option('--param <name=value>', 'a parameter override, value as JSON or text (repeatable; see `parapet policy show`)', collect)
    .option('--action <action>', `request this governance action with each alert (${ACTION_IDS.join(', ')}; repeatable)`, collect)
    .action(async (id: string, opts: Record<string, string | string[] | undefined>) => {
      const { tunePolicy } = await load();
      const listing = await findListing(ctx, id);
      const change: PolicySettings = {};
      if (opts.sensitivity !== undefined) {
        if (!(SENSITIVITIES as readonly string[]).includes(opts.sensitivity as string)) throw new UsageError(`--sensitivity must be one of ${SENSITIVITIES.join(', ')}`);
        change.sensitivity = opts.sensitivity as Sensitivity;
      }
      if (opts.learningDays !== undefined) {
        const n = Number(opts.learningDays);
        if (!Number.isFinite(n) || n < 0) throw new UsageError('--learning-days must be a number of days, 0 or more');
        change.learningDays = n;
      }
      if (opts.severity !== undefined) {
        if (!SeveritySchema.safeParse(opts.severity).success) throw new UsageError(`--severity must be one of ${SeveritySchema.options.join(', ')}`);
        change.severity = opts.severity as Severity;
      }
      const scope: Partial<Scope> = {};
      const tags = (v: string[] | undefined, flag: string): RangeTag[] | undefined => {
        if (!v) return undefined;
        const bad = v.filter((t) => !(RANGE_TAGS as readonly string[]).includes(t));
        if (bad.length) throw new UsageError(`${flag}: ${bad.join(', ')} is not one of ${RANGE_TAGS.join(', ')}`);
        return v as RangeTag[];
      };
      const lists = opts as Record<string, string[] | undefined>;
      if (lists.includeUser) scope.includeUsers = lists.includeUser;
      if (lists.excludeUser) scope.excludeUsers = lists.excludeUser;
      if (lists.includeGroup) scope.includeGroups = lists.includeGroup;
      if (lists.excludeGroup) scope.excludeGroups = lists.excludeGroup;
      const inc = tags(lists.includeIpTag, '--include-ip-tag');
      const exc = tags(lists.excludeIpTag, '--exclude-ip-tag');
      if (inc) scope.includeIpTags = inc;
      if (exc) scope.excludeIpTags = exc;
      if (Object.keys(scope).length) change.scope = scope;
      if (lists.param) {
        const params: Record<string, unknown> = {};
        for (const p of lists.param) {
          const eq = p.indexOf('=');
          if (eq < 1) throw new UsageError(`--param ${p}: write name=value`);
          const raw = p.slice(eq + 1);
          try {
            params[p.slice(0, eq)] = JSON.parse(raw);
          } catch {
            params[p.slice(0, eq)] = raw;
          }
        }
        change.params = params;
      }
      if (lists.action) {
        const bad = lists.action.filter((a) => !GovernanceActionSchema.safeParse(a).success);
        if (bad.length) throw new UsageError(`--action: ${bad.join(', ')} is not one of ${ACTION_IDS.join(', ')}`);
        change.actions = lists.action.map((a): GovernanceAction => GovernanceActionSchema.parse(a));
      }
      if (Object.keys(change).length === 0) throw new UsageError('Nothing to change: pass --sensitivity, --learning-days, --severity, a scope option, --param or --action');
      const tuned = await tunePolicy((await ctx.store()).db, listing.rule.id, change, ctx.clock.now());
      process.stdout.write(`policy ${tuned.rule.id}: sensitivity ${tuned.active.sensitivity}, learning ${tuned.active.learningMs / 86_400_000} day(s), severity ${tuned.active.severity}\n`);
    });

  policy
    .command('test <fileOrId>')
    .description("Run a policy's own test cases (a policy file, or a built-in / stored policy id; `all` for every built-in)")
    .action(async (ref: string) => {
      const { runExamples, BUILTIN_RULES } = await load();
      const rules = ref === 'all' ? [...BUILTIN_RULES] : [await ruleFrom(ctx, ref)];
      let failed = 0;
      let total = 0;
      for (const rule of rules) {
        if (rule.examples.length === 0) process.stdout.write(`${rule.id}: no test cases (add a \`tests:\` list to the policy)\n`);
        for (const o of await runExamples(rule)) {
          total++;
          if (o.failures.length) {
            failed++;
            process.stdout.write(`FAIL ${rule.id}: ${o.example.name}\n${o.failures.map((f) => `     ${f}`).join('\n')}\n`);
          } else process.stdout.write(`ok   ${rule.id}: ${o.example.name}\n`);
        }
      }
      process.stdout.write(`${total - failed} passed, ${failed} failed\n`);
      if (failed) process.exitCode = 1;
    });

  policy
    .command('backtest <fileOrId>')
    .description('Report the alerts a policy would have raised on stored history (nothing is stored)')
    .option('--since <when>', 'from (30d, 12h, 2026-11-01)', '30d')
    .option('--sensitivity <level>', 'for built-in policies', 'medium')
    .option('--json', 'print alert lines as JSON')
    .action(async (ref: string, opts: { since: string; sensitivity: string; json?: boolean }) => {
      const { openEnricher, backtest, toAlertLine, listIndicators, listIpRanges } = await load();
      if (!(SENSITIVITIES as readonly string[]).includes(opts.sensitivity)) throw new UsageError(`--sensitivity must be one of ${SENSITIVITIES.join(', ')}`);
      const rule = await ruleFrom(ctx, ref);
      const store = await ctx.store();
      const { enricher } = openEnricher({ dataDir: store.dataDir });
      enricher.setIntel(IntelIndex.build(await listIpRanges(store.db), await listIndicators(store.db)));
      const now = ctx.clock.now();
      const since = parseSince(opts.since, now);
      // The bar follows the replay through the time range: activities per second, and the time left.
      const bar = progressBar(`backtest ${rule.id}`, 'hours of history', !opts.json && process.stderr.isTTY === true);
      const hours = (t: number) => Math.floor((t - since) / 3_600_000);
      let result;
      try {
        result = await backtest(store.db, {
          policies: [resolvePolicy(rule, { enabled: true, ...(rule.kind === 'builtin' ? { sensitivity: opts.sensitivity as Sensitivity } : {}) })],
          enricher,
          since,
          until: now + 1,
          onProgress: (_activities, reached) => bar.update(hours(reached), hours(now)),
        });
      } finally {
        bar.stop();
      }
      if (opts.json) return printJson(result.alerts.map(toAlertLine));
      process.stdout.write(`${rule.id} over ${result.activities} activities from ${formatTime(result.from)}: ${result.alerts.length} alert(s)\n`);
      printTable(result.alerts.map((a) => ({ time: formatTime(a.firstActivityAt), severity: a.severity, subject: a.subject.email ?? a.subject.key, evidence: a.activityIds.length, explanation: a.explanation })));
    });

  policy
    .command('docs')
    .description('Print (or write) the reference page of every built-in policy, generated from the policies themselves')
    .option('--write <dir>', 'write docs/policies/<id>.md files into this folder')
    .action(async (opts: { write?: string }) => {
      const { renderPolicyDoc, BUILTIN_RULES } = await load();
      for (const rule of BUILTIN_RULES) {
        const text = renderPolicyDoc(rule);
        if (opts.write) {
          mkdirSync(opts.write, { recursive: true });
          writeFileSync(join(opts.write, `${rule.id}.md`), text);
        } else process.stdout.write(`${text}\n`);
      }
      if (opts.write) process.stdout.write(`wrote ${BUILTIN_RULES.length} page(s) to ${opts.write}\n`);
    });
}
