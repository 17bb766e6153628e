import { PACKAGE_VERSION } from '../../core/package-root.js';
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { toHtml } from '../../posture/export/html.js';
import { toOcsf } from '../../posture/export/ocsf.js';
import { toSarif } from '../../posture/export/sarif.js';
import type { PostureReport } from '../../posture/posture-report.js';
import type { PostureScore } from '../../posture/score.js';
import type { CliContext } from '../context.js';
import { formatTime, parseExpiry, printJson, printTable } from '../output.js';

const version = PACKAGE_VERSION;

const score = (s: PostureScore) => (s.score === null ? 'n/a' : `${s.score}`);
const counts = (s: PostureScore) => `${s.passed} pass, ${s.failed} fail${s.excepted ? `, ${s.excepted} accepted` : ''}${s.errors ? `, ${s.errors} not evaluated` : ''}`;

function printReport(report: PostureReport): void {
  const out = process.stdout;
  if (report.findings.length === 0) {
    out.write('No posture findings yet: connect an app with settings (DocuSign, Microsoft 365) and run `parapet sync`, or `parapet demo`.\n');
    return;
  }
  out.write(`Posture score ${score(report.overall)} / 100 (${counts(report.overall)})`);
  out.write(report.overall.scoreWithoutExceptions !== report.overall.score ? `; ${report.overall.scoreWithoutExceptions} counting accepted risks as failures\n\n` : '\n\n');
  printTable(report.apps.map((a) => ({ app: a.appName, score: score(a.score), checks: counts(a.score) })));
  const failing = report.findings.filter((f) => f.status === 'fail' && !f.exception);
  if (failing.length) {
    out.write(`\nFix first (score gain if fixed):\n`);
    for (const [i, f] of failing.entries()) {
      out.write(`\n${i + 1}. +${f.gain}  ${f.checkId} [${f.severity}] ${f.title} — ${f.instanceName}\n`);
      out.write(`   Found: ${f.evidence}\n`);
      if (f.expected) out.write(`   Expected: ${f.expected}\n`);
      out.write(`   Fix: ${f.remediation}\n`);
      if (f.reference) out.write(`   Baseline: ${f.reference}\n`);
    }
  }
  const errors = report.findings.filter((f) => f.status === 'error');
  if (errors.length) {
    out.write(`\nNot evaluated:\n`);
    for (const f of errors) out.write(`- ${f.checkId} ${f.instanceName}: ${f.evidence}\n`);
  }
  const accepted = report.findings.filter((f) => f.status === 'fail' && f.exception);
  if (accepted.length) {
    out.write(`\nAccepted risks (counted apart):\n`);
    for (const f of accepted) out.write(`- ${f.checkId} ${f.instanceName}: ${f.exception?.reason} (owner ${f.exception?.owner}, until ${formatTime(f.exception?.expiresAt)})\n`);
  }
}

/** `posture`'s own --json and --connector also catch the flags given after a subcommand: read both levels. */
function withParent<T>(command: Command): T {
  return command.optsWithGlobals() as T;
}

export function registerPosture(program: Command, ctx: CliContext): void {
  const posture = program
    .command('posture')
    .description('Security posture (SSPM): the score per app, the failing checks ordered by how much fixing them raises it, and how to fix each')
    .option('--app <provider>', 'one app only (docusign, microsoft365, ...)')
    .option('--connector <name>', 'one connection only')
    .option('--evaluate', 'evaluate the stored settings again first (a sync does this by itself)')
    .addOption(new Option('--format <format>', 'an export instead of the text report').choices(['sarif', 'ocsf', 'html']))
    .option('--output <file>', 'write the export or JSON to this file instead of stdout')
    .option('--json', 'print JSON')
    .action(async (opts: { app?: string; connector?: string; evaluate?: boolean; format?: 'sarif' | 'ocsf' | 'html'; output?: string; json?: boolean }) => {
      const service = await ctx.posture();
      if (opts.evaluate) await service.evaluateAll();
      const report = await service.report({ ...(opts.app !== undefined ? { app: opts.app } : {}), ...(opts.connector !== undefined ? { instance: opts.connector } : {}) });
      let text: string | null = null;
      if (opts.format === 'sarif') text = JSON.stringify(toSarif(report, version), null, 2) + '\n';
      else if (opts.format === 'ocsf') text = JSON.stringify(toOcsf(report, version), null, 2) + '\n';
      else if (opts.format === 'html') text = toHtml(report);
      else if (opts.json) text = JSON.stringify(report, null, 2) + '\n';
      if (text === null) return printReport(report);
      if (opts.output) {
        writeFileSync(opts.output, text);
        process.stderr.write(`wrote ${opts.output}\n`);
      } else process.stdout.write(text);
    });

  posture
    .command('history <check>')
    .description('How one check\'s finding changed over time, newest first, with the drift alerts it raised')
    .option('--connector <name>', 'one connection only')
    .option('--json', 'print JSON')
    .action(async (check: string, _opts: unknown, command: Command) => {
      const opts = withParent<{ connector?: string; json?: boolean }>(command);
      const entries = await (await ctx.posture()).history(check, opts.connector);
      if (opts.json) return printJson(entries);
      printTable(entries.map((e) => ({ when: formatTime(e.evaluatedAt), status: e.status, value: e.observed ?? '', alert: e.alertId ?? '', evidence: e.evidence })), undefined, { keepWhole: ['when'] });
    });

  const exception = posture.command('exception').description('Accepted risks: a failing check counted apart until it expires, still watched for getting worse');
  exception
    .command('add')
    .description('Accept the risk of one failing check on one connection')
    .requiredOption('--connector <name>', 'the connection')
    .requiredOption('--check <id>', 'the check id, e.g. DS-SESS-1')
    .requiredOption('--owner <who>', 'who accepts the risk')
    .requiredOption('--reason <text>', 'why it is accepted')
    .requiredOption('--expires <when>', 'when it ends: 30d, 12h or a date (at most a year ahead)')
    .option('--json', 'print JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = withParent<{ connector: string; check: string; owner: string; reason: string; expires: string; json?: boolean }>(command);
      const added = await (await ctx.posture()).addException({ instance: opts.connector, checkId: opts.check, owner: opts.owner, reason: opts.reason, expiresAt: parseExpiry(opts.expires, ctx.clock.now()), createdBy: 'cli' });
      if (opts.json) return printJson(added);
      process.stdout.write(`exception ${added.id} added: ${added.checkId} accepted until ${formatTime(added.expiresAt)}${added.acceptedObserved !== null ? ` at value ${added.acceptedObserved} (a worse value alerts)` : ''}\n`);
    });
  exception
    .command('list')
    .description('Accepted risks, expired ones included')
    .option('--json', 'print JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = withParent<{ json?: boolean }>(command);
      const rows = await (await ctx.posture()).listExceptions();
      if (opts.json) return printJson(rows);
      const now = ctx.clock.now();
      printTable(rows.map((e) => ({ id: e.id, check: e.checkId, owner: e.owner, reason: e.reason, value: e.acceptedObserved ?? '', expires: `${formatTime(e.expiresAt)}${e.expiresAt <= now ? ' (expired)' : ''}` })));
    });
  exception
    .command('remove <id>')
    .description('Withdraw an accepted risk: the check counts in the score again')
    .action(async (id: string) => {
      const removed = await (await ctx.posture()).revokeException(id);
      process.stdout.write(`exception ${removed.id} on ${removed.checkId} withdrawn\n`);
    });
}
