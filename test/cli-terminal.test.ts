import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/all-commands.js';
import { LIST_COMMANDS } from '../src/cli/main.js';
import { commandPaths, EXAMPLES } from '../src/cli/help-examples.js';
import { ENVIRONMENT } from '../src/cli/help-topics.js';
import { tempDir } from './helpers/temp-dir.js';
import { bin, onTerminal, parapetLine, screenLines, shell, STACK_TRACE, type Run } from './helpers/terminal.js';

const PIPED_LIST_COMMANDS = ['connectors', 'accounts', 'identities', 'groups', 'privileges', 'apps', 'activities', 'alerts', 'suppressions list'];

/** Runs a command whose reader has gone before it writes a byte: the read end is closed at once. */
function withClosedStdout(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: '', stderr }));
  });
}

const chars = (line: string) => [...line].length;

describe('the command line as a Unix tool: pipes, terminals, formats, exit codes', () => {
  const dir = tempDir('parapet-cli-terminal-');
  const empty = tempDir('parapet-cli-empty-');
  const env = () => ({ PARAPET_DATA_DIR: dir.path, PARAPET_LOG_LEVEL: 'warn' });
  beforeAll(async () => {
    const demo = await shell(parapetLine(['demo', '--once']), env());
    expect(demo.code).toBe(0);
  }, 240_000);
  afterAll(() => {
    dir.cleanup();
    empty.cleanup();
  });

  it('every list command whose reader closed early ends with 141 (SIGPIPE) and no stack trace', async () => {
    expect(PIPED_LIST_COMMANDS.every((c) => LIST_COMMANDS.includes(c))).toBe(true);
    for (const command of PIPED_LIST_COMMANDS) {
      const run = await withClosedStdout(command.split(' '), env());
      expect({ command, code: run.code, stderr: run.stderr }).toEqual({ command, code: 141, stderr: '' });
    }
  }, 240_000);

  it('`parapet activities | head -n 2` prints two lines, and pipefail sees 141 as it would for git', async () => {
    const run = await shell(`set -o pipefail; ${parapetLine(['activities', '--since', '30d', '--limit', '5000'])} | head -n 2; echo "status=$?"`, env(), 'bash');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^TIME\s+CONNECTOR\s+ACTION/);
    expect(lines[2]).toBe('status=141');
  }, 60_000);

  it('on an 80- and a 160-column terminal every table fits, the wide one showing more', async () => {
    const widths: Record<string, Record<number, string[]>> = {};
    for (const columns of [80, 160]) {
      // Activities of one app: the newest 30 of six apps differ in how wide their values are from run to run.
      for (const args of [['activities', '--since', '30d', '--limit', '30', '--connector', 'demo-microsoft365'], ['alerts', '--all'], ['accounts'], ['identities'], ['apps']]) {
        const run = await onTerminal(args, columns, env());
        expect(run.code).toBe(0);
        const lines = screenLines(run.stdout);
        expect(lines.length).toBeGreaterThan(2);
        expect(run.stdout).not.toMatch(STACK_TRACE);
        const tooWide = lines.filter((l) => chars(l) > columns);
        expect({ command: args[0], columns, tooWide }).toEqual({ command: args[0], columns, tooWide: [] });
        (widths[args[0] as string] ??= {})[columns] = lines;
      }
    }
    const activities = widths.activities as Record<number, string[]>;
    // 80 columns: the most useful columns, long values cut with an ellipsis; 160: everything in full.
    expect(activities[80]?.[0]).toMatch(/^TIME\s+ACTION\s+(OUTCOME\s+)?USER\s+IP$/);
    expect(activities[80]?.some((l) => l.includes('…'))).toBe(true);
    expect(activities[160]?.[0]).toMatch(/^TIME\s+CONNECTOR\s+ACTION\s+OUTCOME\s+USER\s+IP\s+COUNTRY\s+EVENT$/);
    const cut = (lines: string[] | undefined) => (lines ?? []).filter((l) => l.includes('…')).length;
    // Which 30 activities are newest depends on the hour the demo tenant was generated at: on some hours every
    // one has an event name too long even for 160 columns, so "fewer cut lines" can be a tie. What the wide
    // terminal always does is show more of the values.
    const shown = (lines: string[] | undefined) => (lines ?? []).join('').replace(/\s+/g, '').length;
    expect(cut(activities[160])).toBeLessThanOrEqual(cut(activities[80]));
    expect(shown(activities[160])).toBeGreaterThan(shown(activities[80]));
    // Where the values fit, the wide terminal shows them whole. Sign-ins have short event names, so at 160
    // columns they leave room for whole e-mails at any hour; the newest 30 of every kind may not (an admin's
    // `Set-MailboxAuditBypassAssociation` shares the line with the e-mail on some hours), at 80 they never do.
    const logins = ['activities', '--since', '30d', '--limit', '30', '--connector', 'demo-microsoft365', '--action', 'user.login'];
    const wholeEmail = (lines: string[]) => lines.some((l) => /\S+@\S+\.example\s/.test(l));
    expect(wholeEmail(screenLines((await onTerminal(logins, 160, env())).stdout))).toBe(true);
    expect(wholeEmail(screenLines((await onTerminal(logins, 80, env())).stdout))).toBe(false);
  }, 240_000);

  it('piped, tables keep every column and every value in full', async () => {
    const piped = await shell(parapetLine(['activities', '--since', '30d', '--limit', '30']), env());
    const json = JSON.parse((await shell(parapetLine(['activities', '--since', '30d', '--limit', '30', '--json']), env())).stdout) as { actor: { email: string | null; userId: string } }[];
    const lines = piped.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+CONNECTOR\s+ACTION\s+OUTCOME\s+USER\s+IP\s+COUNTRY\s+EVENT$/);
    expect(piped.stdout).not.toContain('…');
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[4])).toEqual(json.map((a) => a.actor.email ?? a.actor.userId));
  }, 60_000);

  it('colour only on a terminal, and neither with NO_COLOR nor with --no-color', async () => {
    const bold = '\x1b[1m';
    expect((await onTerminal(['connectors'], 120, env())).stdout).toContain(bold);
    expect((await onTerminal(['connectors'], 120, { ...env(), NO_COLOR: '1' })).stdout).not.toContain(bold);
    expect((await onTerminal(['connectors', '--no-color'], 120, env())).stdout).not.toContain(bold);
    expect((await onTerminal(['--no-color', 'connectors'], 120, env())).stdout).not.toContain(bold);
    expect((await shell(parapetLine(['connectors']), env())).stdout).not.toContain('\x1b[');
  }, 120_000);

  it('--json is one document and --jsonl the same objects one per line, on every list command', async () => {
    const asOf = new Date().toISOString();
    for (const command of LIST_COMMANDS) {
      const args = command.split(' ');
      // The two runs are seconds apart: one --as-of gives them the same now for lag and "last day".
      const json = await shell(parapetLine([...args, '--json', '--as-of', asOf]), env());
      const jsonl = await shell(parapetLine([...args, '--jsonl', '--as-of', asOf]), env());
      expect({ command, codes: [json.code, jsonl.code] }).toEqual({ command, codes: [0, 0] });
      const document = JSON.parse(json.stdout) as unknown[];
      expect(Array.isArray(document)).toBe(true);
      const lines = jsonl.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
      expect(lines).toEqual(document);
    }
    const accounts = JSON.parse((await shell(parapetLine(['accounts', '--json']), env())).stdout) as Record<string, unknown>[];
    expect(Object.keys(accounts[0] ?? {})).toEqual(expect.arrayContaining(['connectorInstanceId', 'email', 'isAdmin', 'lastSeenAt']));
    const both = await shell(parapetLine(['accounts', '--json', '--jsonl']), env());
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--jsonl.*cannot be used with.*--json/);
    const badAsOf = await shell(parapetLine(['connectors', '--json', '--as-of', 'yesterday-ish']), env());
    expect({ code: badAsOf.code, stderr: badAsOf.stderr }).toEqual({ code: 2, stderr: 'parapet: --as-of "yesterday-ish" is not a date or time (2026-12-01T09:00:00Z)\n' });
  }, 240_000);

  it('exit codes: 0 success, 2 usage error, 3 nothing to do, with a message and no stack trace', async () => {
    const version = await shell(parapetLine(['--version']), env());
    expect(version).toMatchObject({ code: 0, stdout: `${(JSON.parse(readFileSync(join(bin, '..', '..', 'package.json'), 'utf8')) as { version: string }).version}\n` });
    for (const args of [['no-such-command'], ['activities', '--limit', 'ten'], ['alerts', '--severity', 'urgent'], ['accounts', '--no-such-flag'], ['completion', 'fish'], []]) {
      const run = await shell(parapetLine(args), env());
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).not.toMatch(STACK_TRACE);
      expect(run.stderr.length).toBeGreaterThan(0);
    }
    const nothing = await shell(parapetLine(['sync']), { PARAPET_DATA_DIR: empty.path, PARAPET_LOG_LEVEL: 'warn' });
    expect(nothing.code).toBe(3);
    expect(nothing.stderr).toMatch(/no connections to sync.*parapet connect/);
  }, 120_000);

  it('every command has an example in its --help', async () => {
    const paths = commandPaths(buildProgram()).map((p) => p.path);
    expect(paths.filter((p) => EXAMPLES[p] === undefined)).toEqual([]);
    for (const args of [['policy', 'tune', '--help'], ['suppressions', 'add', '--help'], ['--help']]) {
      const run = await shell(parapetLine(args), env());
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/\nExample:\n {2}\$ parapet /);
    }
  }, 60_000);

  it('long commands show a bar with counts and rate on a terminal and stay silent when piped', async () => {
    const activities = join(empty.path, 'activities.jsonl');
    const exported = await shell(`${parapetLine(['activities', '--since', '30d', '--limit', '100000', '--jsonl'])} > '${activities}'`, env());
    expect(exported.code).toBe(0);
    const runs: [string[], RegExp][] = [
      [['policy', 'backtest', 'detection.impossible-travel', '--since', '30d'], /backtest detection\.impossible-travel \|[█░]+\| \d+\/\d+ hours of history, \d+\/s, /],
      [['detect', '--input', activities, '--no-lookups'], /evaluating \|[█░]+\| (\d+)\/\1 activities, \d+\/s/],
    ];
    for (const [args, bar] of runs) {
      const terminal = await onTerminal(args, 120, env());
      expect({ args, code: terminal.code }).toEqual({ args, code: 0 });
      expect(screenLines(terminal.stdout).join('\n')).toMatch(bar);
      const piped = await shell(parapetLine(args), env());
      expect(piped.code).toBe(0);
      expect(piped.stderr).not.toMatch(/[█░]|\/s\b/);
    }
    // The sync's own bars: per connection and stream, records, pages and rate.
    const fresh = tempDir('parapet-cli-progress-');
    try {
      const demo = await onTerminal(['demo', '--once'], 160, { PARAPET_DATA_DIR: fresh.path, PARAPET_LOG_LEVEL: 'warn' });
      expect(demo.code).toBe(0);
      expect(screenLines(demo.stdout).join('\n')).toMatch(/demo-docusign activities +\|[█░]+\| \d+ records, \d+ pages, \d+\/s/);
    } finally {
      fresh.cleanup();
    }
  }, 240_000);

  it('`parapet help <topic>` prints connectors, policies, environment and exit codes; an unknown topic is a usage error', async () => {
    const environment = await shell(parapetLine(['help', 'environment']), env());
    expect(environment.code).toBe(0);
    // Every variable the config reads is listed, and the README documents each one.
    const readme = readFileSync(join(bin, '..', '..', 'README.md'), 'utf8');
    for (const { variable } of Object.values(ENVIRONMENT)) {
      expect(environment.stdout).toContain(variable);
      expect(readme, `README documents ${variable}`).toContain(variable);
    }
    expect((await shell(parapetLine(['help', 'connectors']), env())).stdout).toMatch(/^\s+docusign\s+DocuSign/m);
    expect((await shell(parapetLine(['help', 'policies']), env())).stdout).toMatch(/^\s+detection\.impossible-travel\s+\S/m);
    expect((await shell(parapetLine(['help', 'exit-codes']), env())).stdout).toMatch(/^\s+141\s+the reader/m);
    const command = await shell(parapetLine(['help', 'policy', 'tune']), env());
    expect(command.stdout).toMatch(/^Usage: parapet policy tune/m);
    expect(command.stdout).toContain('$ parapet policy tune');
    const unknown = await shell(parapetLine(['help', 'nope']), env());
    expect({ code: unknown.code, stderr: unknown.stderr }).toEqual({ code: 2, stderr: 'parapet: No command or topic "nope". Topics: connectors, policies, environment, exit-codes; commands: parapet --help\n' });
  }, 180_000);

  it('`parapet completion bash` completes commands, subcommands and options from the command tree', async () => {
    const script = join(empty.path, 'parapet.bash');
    const generated = await shell(parapetLine(['completion', 'bash']), env());
    expect(generated.code).toBe(0);
    writeFileSync(script, generated.stdout);
    const complete = async (...words: string[]) => {
      const line = `source '${script}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _parapet; echo "\${COMPREPLY[*]}"`;
      const run = await shell(line, {}, 'bash');
      expect(run.stderr).toBe('');
      return run.stdout.trim();
    };
    expect(await complete('parapet', 'pol')).toBe('policy');
    expect(await complete('parapet', 'policy', 'tu')).toBe('tune');
    expect(await complete('parapet', 'policy', 'tune', 'detection.impossible-travel', '--sens')).toBe('--sensitivity');
    expect(await complete('parapet', 'intel', 'range', '')).toBe('add list remove --help');
    expect(await complete('parapet', 'activities', '--js')).toBe('--json --jsonl');

    const zsh = await shell(parapetLine(['completion', 'zsh']), env());
    expect(zsh.stdout).toMatch(/^#compdef parapet\n/);
    expect(zsh.stdout).toContain(`'policy tune') choices=(`);
  }, 60_000);
});
