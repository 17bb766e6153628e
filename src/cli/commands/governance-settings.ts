import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { ApproverRoleSchema, PreferSchema } from '../../core/governance-action.js';
import type { GovernanceRuleSettings } from '../../governance/rules.js';
import { listProtectedTargets, listRules, protect, setGovernanceRule, unprotect } from '../../governance/settings.js';
import type { CliContext } from '../context.js';
import { formatTime, printJson, printTable, UsageError } from '../output.js';

interface RuleOptions {
  mode?: string;
  approvers?: string;
  expiresHours?: string;
  selfApproval?: boolean;
  prefer?: string;
  maxPerHour?: string;
  allowAdmins?: boolean;
  json?: boolean;
}

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} ${value} is not a number`);
  return n;
}

/** The rule fields the flags name; validation of the values is the schema's. */
function patchOf(opts: RuleOptions): GovernanceRuleSettings {
  if (opts.mode !== undefined && opts.mode !== 'automatic' && opts.mode !== 'approval') throw new UsageError(`--mode ${opts.mode} is not one of automatic, approval`);
  const approvers = opts.approvers?.split(',').map((r) => r.trim());
  if (approvers?.some((r) => !ApproverRoleSchema.safeParse(r).success)) throw new UsageError(`--approvers ${opts.approvers}: roles are ${ApproverRoleSchema.options.join(', ')}`);
  if (opts.prefer !== undefined && !PreferSchema.safeParse(opts.prefer).success) throw new UsageError(`--prefer ${opts.prefer} is not one of auto, app, idp`);
  const patch = {
    mode: opts.mode,
    approverRoles: approvers,
    expiresHours: number('--expires-hours', opts.expiresHours),
    allowSelfApproval: opts.selfApproval,
    prefer: opts.prefer,
    maxPerHour: number('--max-per-hour', opts.maxPerHour),
    allowAdmins: opts.allowAdmins,
  };
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as GovernanceRuleSettings;
  if (Object.keys(given).length === 0) throw new UsageError('set at least one field: --mode, --approvers, --expires-hours, --[no-]self-approval, --prefer, --max-per-hour, --[no-]allow-admins');
  return given;
}

/** `parapet action rule` and `parapet action protect|unprotect|protected`: the settings governance obeys. */
export function registerGovernanceSettings(action: Command, ctx: CliContext): void {
  const rule = action.command('rule').description('How a policy\'s (or a person\'s) requests of one action kind are handled: approval, approvers, expiry, rate limit');
  rule
    .command('set <policy> <kind>')
    .description('Set fields of the rule for a policy id ("manual": requests made by a person; "*": every request) and an action kind ("*": every kind)')
    .option('--mode <mode>', 'automatic (runs at once) or approval (waits for an approver)')
    .option('--approvers <roles>', 'roles that may approve, comma-separated (admin, analyst)')
    .option('--expires-hours <n>', 'hours a pending request waits before it expires')
    .option('--self-approval', 'the requester may approve their own request')
    .option('--no-self-approval', 'another approver must decide (the default)')
    .option('--prefer <where>', 'where to act on a person: auto, app or idp')
    .option('--max-per-hour <n>', 'requests of this kind the policy may make per hour before the rest are blocked')
    .option('--allow-admins', 'the action may touch administrators')
    .option('--no-allow-admins', 'administrators are protected (the default)')
    .option('--json', 'print JSON')
    .action(async (policy: string, kind: string, opts: RuleOptions) => {
      const patch = patchOf(opts);
      const store = await ctx.store();
      const result = await setGovernanceRule(store.db, policy, kind, patch, ctx.clock.now());
      if (opts.json) return printJson({ policy, kind, ...result });
      process.stdout.write(`rule ${policy} / ${kind}: ${JSON.stringify(result.stored)}\n`);
      if (result.effective) process.stdout.write(`now applies: ${JSON.stringify(result.effective)}\n`);
    });
  rule
    .command('list')
    .description('The stored rules (fields not set fall back to the wider rule, then to the defaults: docs/governance.md)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rules = await listRules((await ctx.store()).db);
      if (opts.json) return printJson(rules);
      printTable(rules.map((r) => ({ policy: r.policyId, kind: r.kind, settings: JSON.stringify(r.settings) })));
    });

  action
    .command('protect <match>')
    .description('Put an e-mail, a provider id or *@domain on the protected list: no action may touch it (break-glass accounts, VIPs)')
    .requiredOption('--reason <text>', 'why (shown when an action is refused)')
    .option('--as <name>', 'who adds it (default: cli:<login>)')
    .action(async (match: string, opts: { reason: string; as?: string }) => {
      await protect((await ctx.store()).db, { match, reason: opts.reason, addedBy: opts.as ?? `cli:${userInfo().username}`, now: ctx.clock.now() });
      process.stdout.write(`${match.trim().toLowerCase()} is protected: no governance action will touch it.\n`);
    });
  action
    .command('unprotect <match>')
    .description('Take an entry off the protected list')
    .action(async (match: string) => {
      await unprotect((await ctx.store()).db, match);
      process.stdout.write(`${match.trim().toLowerCase()} is no longer protected.\n`);
    });
  action
    .command('protected')
    .description('The protected list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const entries = await listProtectedTargets((await ctx.store()).db);
      if (opts.json) return printJson(entries);
      printTable(entries.map((e) => ({ match: e.match, reason: e.reason, by: e.addedBy, added: formatTime(e.addedAt) })));
    });
}
