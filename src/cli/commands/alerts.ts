import type { Command } from 'commander';
import { AlertResolutionSchema, AlertStatusSchema, SeveritySchema, type AlertStatus, type Severity } from '../../core/alert.js';
import { BENIGN_RESOLUTIONS } from '../../core/benign-windows.js';
import { dedupKeyOf, getAlert, listAlerts, listEvidenceActivities, setAlertStatus } from '../../store/repos/alerts.js';
import { suppressedFindingsFor } from '../../store/repos/suppressions.js';
import type { CliContext } from '../context.js';
import { formatTime, parseSince, printJson, printTable, UsageError } from '../output.js';

function list<T extends string>(text: string | undefined, allowed: readonly T[], flag: string): T[] | undefined {
  if (!text) return undefined;
  const values = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length) throw new UsageError(`${flag}: ${bad.join(', ')} is not one of ${allowed.join(', ')}`);
  return values as T[];
}

export function registerAlerts(program: Command, ctx: CliContext): void {
  program
    .command('alerts')
    .description('List alerts, newest first')
    .option('--status <list>', `comma-separated: ${AlertStatusSchema.options.join(', ')}`, 'open,in_progress')
    .option('--severity <list>', `comma-separated: ${SeveritySchema.options.join(', ')}`)
    .option('--policy <id>', 'only this policy')
    .option('--user <email>', 'only alerts about this user (or IP)')
    .option('--since <when>', 'with activity since (7d, 12h, 2026-11-01)')
    .option('--all', 'every status')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { status: string; severity?: string; policy?: string; user?: string; since?: string; all?: boolean; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
      const status = opts.all ? undefined : list<AlertStatus>(opts.status, AlertStatusSchema.options, '--status');
      const severity = list<Severity>(opts.severity, SeveritySchema.options, '--severity');
      const { db } = await ctx.store();
      const alerts = await listAlerts(db, {
        ...(status ? { status } : {}),
        ...(severity ? { severity } : {}),
        ...(opts.policy ? { policyId: opts.policy } : {}),
        ...(opts.user ? { subject: opts.user } : {}),
        ...(opts.since ? { since: parseSince(opts.since, ctx.clock.now()) } : {}),
        limit,
      });
      if (opts.json) return printJson(alerts);
      printTable(
        alerts.map((a) => ({
          id: a.id,
          created: formatTime(a.createdAt),
          severity: a.severity,
          status: a.status,
          policy: a.policyId.replace(/^detection\./, ''),
          subject: a.subject.email ?? a.subject.key,
          app: a.app,
          evidence: a.evidenceCount,
          explanation: a.explanation,
        })),
        undefined,
        { dropFirst: ['app', 'evidence', 'status', 'created'], keepWhole: ['id', 'created'] },
      );
    });
}

const VERBS = {
  start: 'in_progress',
  resolve: 'resolved',
  dismiss: 'dismissed',
  reopen: 'open',
} as const satisfies Record<string, AlertStatus>;

export function registerAlert(program: Command, ctx: CliContext): void {
  program
    .command('alert <id> [action]')
    .description('Show an alert with its full evidence, or change it: start | resolve | dismiss | reopen')
    .option('--reason <reason>', `why it is closed: ${AlertResolutionSchema.options.join(', ')}`)
    .option('--note <text>', 'a note kept with the resolution')
    .option('--json', 'print JSON (the alert and its evidence activities)')
    .action(async (id: string, action: string | undefined, opts: { reason?: string; note?: string; json?: boolean }) => {
      const { db } = await ctx.store();
      if (action !== undefined) {
        const status = VERBS[action as keyof typeof VERBS];
        if (!status) throw new UsageError(`Unknown alert action "${action}": use ${Object.keys(VERBS).join(', ')}`);
        const reason = opts.reason === undefined ? undefined : AlertResolutionSchema.safeParse(opts.reason);
        if (reason && !reason.success) throw new UsageError(`--reason must be one of ${AlertResolutionSchema.options.join(', ')}`);
        if ((status === 'resolved' || status === 'dismissed') && !reason) throw new UsageError(`${action} needs --reason ${AlertResolutionSchema.options.join('|')}`);
        const alert = await setAlertStatus(db, id, { status, resolution: reason?.data ?? null, note: opts.note ?? null, now: ctx.clock.now() });
        if (opts.json) return printJson(alert);
        process.stdout.write(`alert ${alert.id} is now ${alert.status}${alert.resolution ? ` (${alert.resolution})` : ''}\n`);
        const lesson = alert.resolution && BENIGN_RESOLUTIONS.includes(alert.resolution) ? await (await import('../../detection/benign-verdict.js')).benignVerdictFor(db, alert.policyId) : null;
        if (lesson) process.stdout.write(`This benign verdict ${lesson}.\n`);
        return;
      }
      const alert = await getAlert(db, id);
      const activities = await listEvidenceActivities(db, id);
      // Findings of the same policy and subject that a suppression silenced: nothing is hidden silently.
      const suppressed = await suppressedFindingsFor(db, { dedupKey: dedupKeyOf(alert.fingerprint) });
      if (opts.json) return printJson({ alert, activities, suppressed });
      const line = (label: string, value: unknown) => process.stdout.write(`${label.padEnd(12)} ${value === null || value === undefined || value === '' ? '-' : String(value)}\n`);
      line('Alert', `${alert.id} (${alert.policyName}, ${alert.policyId}${alert.variant ? `/${alert.variant}` : ''})`);
      line('Severity', alert.severity);
      line('Status', `${alert.status}${alert.resolution ? ` — ${alert.resolution}${alert.resolutionNote ? `: ${alert.resolutionNote}` : ''}` : ''}`);
      line('Subject', `${alert.subject.type} ${alert.subject.email ?? alert.subject.key}${alert.subject.identityId ? ` (identity ${alert.subject.identityId})` : ''}`);
      line('App', `${alert.app ?? '-'} (${alert.provider ?? '-'}, connector ${alert.connectorInstanceId ?? '-'})`);
      line('When', `${formatTime(alert.firstActivityAt)} → ${formatTime(alert.lastActivityAt)}`);
      line('Why', alert.explanation);
      if (alert.baseline) line('Baseline', JSON.stringify(alert.baseline));
      if (Object.keys(alert.details).length) line('Details', JSON.stringify(alert.details));
      if (alert.requestedActions.length) line('Actions', alert.requestedActions.join(', '));
      if (alert.previousAlertId) line('Follows', `${alert.previousAlertId} (closed earlier for the same policy and subject)`);
      // The policies load only for the lesson (not for every command's start).
      const lesson = await (await import('../../detection/benign-verdict.js')).benignVerdictFor(db, alert.policyId);
      if (lesson) line('If benign', `closing it as benign_true_positive or false_positive ${lesson}`);
      process.stdout.write(`\nEvidence: ${alert.activityIds.length} activit${alert.activityIds.length === 1 ? 'y' : 'ies'}\n`);
      const byId = new Map(activities.map((a) => [a.id, a]));
      printTable(
        alert.activityIds.map((aid) => {
          const a = byId.get(aid);
          return {
            time: a ? formatTime(a.time) : '',
            id: aid,
            action: a?.action ?? '(not in the activity log)',
            outcome: a?.outcome,
            user: a?.actor.email ?? a?.actor.userId,
            ip: a?.srcIp,
            place: a ? [a.geo.city, a.geo.country].filter(Boolean).join(', ') : '',
            event: a?.eventType,
          };
        }),
      );
      if (suppressed.length) {
        process.stdout.write(`\nSuppressed: ${suppressed.length} finding(s) of this policy and subject were silenced (\`parapet suppressions show <id>\`)\n`);
        printTable(suppressed.map((f) => ({ when: formatTime(f.lastActivityAt), suppression: f.suppressionId, activities: f.activityIds.length, explanation: f.explanation })));
      }
    });
}
