import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { ACTION_IDS, ActionStatusSchema, PLAYBOOK_IDS, PreferSchema, type GovernanceRequest, type TargetType } from '../../core/governance-action.js';
import type { Actor, DryRunPlan, RequestInput } from '../../governance/governance-service.js';
import { mailOutboxDir } from '../../app/services.js';
import { listOutbox } from '../../governance/notify/outbox.js';
import type { CliContext } from '../context.js';
import { registerGovernanceSettings } from './governance-settings.js';
import { formatTime, parseSince, printJson, printTable, UsageError } from '../output.js';
import { actionOutcome } from '../../core/action-outcome.js';

/** Whoever runs the CLI holds the data directory and its key: an admin, named after their login unless `--as` says otherwise. */
function cliActor(as: string | undefined): Actor {
  return { name: as ?? `cli:${userInfo().username}`, role: 'admin' };
}

function row(a: GovernanceRequest): Record<string, unknown> {
  return {
    id: a.id,
    status: actionOutcome(a).label,
    action: a.kind,
    target: a.targetLabel,
    where: a.route ? `${a.route}${a.connectorInstanceId ? ` ${a.connectorInstanceId}` : ''}` : '',
    by: a.requestedBy,
    decided: a.decidedBy ?? '',
    created: formatTime(a.createdAt),
    result: a.result ?? '',
  };
}

function printRequest(a: GovernanceRequest, json: boolean | undefined): void {
  if (json) return printJson(a);
  const { label, warning } = actionOutcome(a);
  process.stdout.write(`${a.kind} ${a.targetLabel}: ${label}${a.result ? ` — ${a.result}` : ''}${warning ? `\n  ${warning}` : ''}\n  action ${a.id}${a.status === 'pending' ? ` awaits approval by ${a.approverRoles.join(' or ')} (parapet action approve ${a.id})` : ''}\n`);
}

function printPlan(plan: DryRunPlan, json: boolean | undefined): void {
  if (json) return printJson(plan);
  if (plan.blocked) {
    process.stdout.write(`dry run: ${plan.kind} ${plan.target} would be refused: ${plan.blocked}\n`);
    return;
  }
  process.stdout.write(`dry run: ${plan.kind} ${plan.target}${plan.where ? ` (${plan.where})` : ''} — nothing was changed\n`);
  for (const step of plan.steps) {
    process.stdout.write(`  ${step.kind} ${step.target} in ${step.where}\n`);
    for (const call of step.calls) process.stdout.write(`    would call ${call.method} ${call.url}${call.body === null ? '' : ` ${JSON.stringify(call.body)}`}  [${call.operation}]\n`);
    if (step.note) process.stdout.write(`    ${step.note}\n`);
  }
}

export function registerActions(program: Command, ctx: CliContext): void {
  program
    .command('actions')
    .description('The governance log: requested actions with who asked, who approved, where they ran and the result')
    .option('--status <status>', `only these (${ActionStatusSchema.options.join(', ')})`)
    .option('--kind <action>', 'only this action')
    .option('--log', 'print the log entries (each request, approval, attempt and result) instead of the actions')
    .option('--since <when>', 'log entries since (30d, 12h or a date)')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; kind?: string; log?: boolean; since?: string; json?: boolean }) => {
      const governance = await ctx.governance();
      await governance.expirePending();
      if (opts.log) {
        const entries = await governance.log_({ ...(opts.kind ? { kind: opts.kind } : {}), ...(opts.since ? { since: parseSince(opts.since, ctx.clock.now()) } : {}) });
        if (opts.json) return printJson(entries);
        return printTable(entries.map((e) => ({ time: formatTime(e.time), action: e.actionId, event: e.event, actor: e.actor, kind: e.kind, target: e.targetLabel, detail: e.detail })));
      }
      const status = opts.status ? ActionStatusSchema.safeParse(opts.status) : null;
      if (status && !status.success) throw new UsageError(`--status ${opts.status} is not one of ${ActionStatusSchema.options.join(', ')}`);
      const rows = await governance.list({ ...(status?.data ? { status: status.data } : {}), ...(opts.kind ? { kind: opts.kind } : {}) });
      if (opts.json) return printJson(rows);
      printTable(rows.map(row));
    });

  const action = program.command('action').description('Request, approve, reject, cancel or undo a governance action');
  action
    .command('request <kind>')
    .description(`Ask for an action (${ACTION_IDS.join(', ')}) or a playbook (${PLAYBOOK_IDS.join(', ')})`)
    .option('--account <ref>', 'an account: its id, e-mail or provider id (--app narrows it to one connection)')
    .option('--person <email>', 'a person: their e-mail or identity id (acts through the identity provider where possible)')
    .option('--oauth-app <ref>', 'an OAuth app: its id, app id or name')
    .option('--app <connection>', 'the connection the account or app belongs to')
    .option('--prefer <where>', 'auto, app (in the app itself) or idp (through the identity provider)')
    .option('--reason <text>', 'why (shown to approvers and in the log)')
    .option('--alert <id>', 'the alert this answers')
    .option('--as <name>', 'who is asking (default: cli:<login>)')
    .option('--dry-run', 'show exactly what would be called, change nothing, record nothing')
    .option('--json', 'print JSON')
    .action(async (kind: string, opts: { account?: string; person?: string; oauthApp?: string; app?: string; prefer?: string; reason?: string; alert?: string; as?: string; dryRun?: boolean; json?: boolean }) => {
      const given = [opts.account && 'account', opts.person && 'identity', opts.oauthApp && 'oauth-app'].filter(Boolean) as TargetType[];
      if (given.length !== 1) throw new UsageError('name exactly one target: --account, --person or --oauth-app');
      const type = given[0]!;
      const prefer = opts.prefer ? PreferSchema.safeParse(opts.prefer) : null;
      if (prefer && !prefer.success) throw new UsageError(`--prefer ${opts.prefer} is not one of auto, app, idp`);
      const input: RequestInput = {
        kind,
        target: { type, ref: (opts.account ?? opts.person ?? opts.oauthApp) as string, ...(opts.app ? { instance: opts.app } : {}) },
        via: 'cli',
        ...(opts.reason ? { reason: opts.reason } : {}),
        ...(opts.alert ? { alertId: opts.alert } : {}),
        ...(prefer?.data ? { prefer: prefer.data } : {}),
      };
      const governance = await ctx.governance();
      if (opts.dryRun) return printPlan(await governance.dryRun(input, cliActor(opts.as)), opts.json);
      printRequest(await governance.request(input, cliActor(opts.as)), opts.json);
    });

  for (const [verb, description] of [
    ['approve', 'Approve a pending action; it runs at once'],
    ['reject', 'Reject a pending action'],
    ['cancel', 'Cancel a pending or queued action'],
    ['undo', 'Undo a succeeded suspension (or a playbook\'s reversible steps)'],
  ] as const) {
    action
      .command(`${verb} <id>`)
      .description(description)
      .option('--as <name>', 'who decides (default: cli:<login>)')
      .option('--note <text>', 'why (reject)')
      .option('--json', 'print JSON')
      .action(async (id: string, opts: { as?: string; note?: string; json?: boolean }) => {
        const governance = await ctx.governance();
        const actor = cliActor(opts.as);
        const result =
          verb === 'approve' ? await governance.approve(id, actor) : verb === 'reject' ? await governance.reject(id, actor, opts.note) : verb === 'cancel' ? await governance.cancel(id, actor) : await governance.undo(id, actor);
        printRequest(result, opts.json);
      });
  }

  action
    .command('show <id>')
    .description('One action with its log entries (a playbook with its steps)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const governance = await ctx.governance();
      const request = await governance.get(id);
      const log = await governance.log_({ actionId: id });
      if (opts.json) return printJson({ ...request, log });
      printRequest(request, false);
      printTable(log.map((e) => ({ time: formatTime(e.time), event: e.event, actor: e.actor, kind: e.kind, target: e.targetLabel, detail: e.detail })));
      // What an action without undo removed (inbox rules, consents): the analyst restores a legitimate one from it.
      for (const entry of log.filter((e) => e.data.evidence !== undefined)) {
        process.stdout.write(`\nevidence (${entry.event} ${formatTime(entry.time)}): what was removed, to restore by hand\n${JSON.stringify(entry.data.evidence, null, 2)}\n`);
      }
    });

  registerGovernanceSettings(action, ctx);

  action
    .command('outbox')
    .description('The e-mails governance wrote to the outbox instead of sending them (the demo, or PARAPET_MAIL_OUTBOX=1 without PARAPET_SMTP_URL)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = ctx.config();
      const dir = mailOutboxDir(config);
      const messages = await listOutbox(dir);
      if (opts.json) return printJson(messages);
      if (messages.length === 0) {
        const why = config.smtpUrl ? 'e-mail goes to PARAPET_SMTP_URL, not to the outbox' : config.mailOutbox ? 'nothing was sent yet' : 'the outbox is off (PARAPET_MAIL_OUTBOX=1, or the demo, turns it on)';
        process.stdout.write(`The outbox ${dir} is empty: ${why}.\n`);
        return;
      }
      printTable(messages.map((m) => ({ date: m.date, to: m.to, subject: m.subject, file: m.file })));
    });
}
