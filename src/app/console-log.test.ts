import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, startDemoWorkspace } from '../demo/workspace.js';
import { listAlerts } from '../store/repos/alerts.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { consoleLogDestination, logSync } from './console-log.js';
import { createServices } from './services.js';

/** A stream that says it is (or is not) a terminal and keeps what is written to it. */
function capture(isTTY: boolean): { isTTY: boolean; text: string; write(text: string): boolean } {
  return {
    isTTY,
    text: '',
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

describe('the console log', () => {
  it('shows warnings and errors in full, and leaves out the info chatter unless asked for debug', () => {
    const out = capture(true);
    const logger = pino({ level: 'info' }, consoleLogDestination(out, { colour: false, verbose: false }));
    logger.info({ urls: ['http://127.0.0.1:1'] }, 'demo simulator started');
    logger.warn({ connector: 'acme', stream: 'activities' }, 'the app answered 429; waiting 30 s');
    logger.error({ err: 'HTTP 401 from https://api.example: the key was revoked' }, 'activities: failed');
    expect(out.text.split('\n').filter(Boolean).map((l) => l.slice(8))).toEqual([
      '  WARN   the app answered 429; waiting 30 s connector=acme stream=activities',
      '  ERROR  activities: failed err="HTTP 401 from https://api.example: the key was revoked"',
    ]);
    const verbose = capture(true);
    pino({ level: 'debug' }, consoleLogDestination(verbose, { colour: false, verbose: true })).info('demo simulator started');
    expect(verbose.text).toMatch(/^\d\d:\d\d:\d\d {2}INFO {3}demo simulator started\n$/);
  });

  describe('a demo sync through the services, on a (simulated) terminal and piped', () => {
    const dir = tempDir('parapet-console-log-');
    afterAll(() => dir.cleanup());

    it('one line per sync and one per new alert on a terminal; JSON records with the same facts when piped', async () => {
      const terminal = capture(true);
      const services = createServices({ env: { PARAPET_DATA_DIR: dir.path }, logStream: terminal, colorizeLogs: () => false });
      services.overrideConfig(DEMO_CONFIG);
      const store = await services.store();
      const sync = await services.sync();
      const workspace = await startDemoWorkspace({ store, registry: await services.registry(), clock: services.clock, logger: services.logger(), seed: 1 });
      try {
        for (const connection of workspace.connections) logSync(services.logger(), await sync.syncInstance(connection.instanceId));
      } finally {
        await workspace.close();
      }
      const alerts = await listAlerts(store.db, { limit: 1000 });
      await services.close();

      const lines = terminal.text.split('\n').filter(Boolean);
      const syncLines = lines.filter((l) => /^\d\d:\d\d:\d\d {2}sync {3}/.test(l));
      const alertLines = lines.filter((l) => /^\d\d:\d\d:\d\d {2}alert {2}/.test(l));
      expect(syncLines.map((l) => /^\S+ {2}sync {3}(\S+):/.exec(l)?.[1])).toEqual(workspace.connections.map((c) => c.name));
      for (const line of syncLines) expect(line).toMatch(/: (\w[\w-]* (\d+ new|FAILED: .+)(, )?)+ \(\d+(\.\d)? s\)$/);
      expect(syncLines.join('\n')).toMatch(/activities [1-9]\d* new/);
      // Every alert the sync raised, once each, with severity, policy, person and its sentence. The line is written
      // when the alert is raised; an alert that later pages joined may have a fuller sentence now (its text
      // follows its evidence), so its line's sentence is the one it was raised with.
      expect(alerts.length).toBeGreaterThan(0);
      const headOf = (a: (typeof alerts)[number]) => `alert  ${a.severity.toUpperCase().padEnd(8)} ${a.policyId}  ${a.subject.email ?? a.subject.key}`;
      const printed = alertLines.map((l) => l.slice(10));
      expect(printed.map((l) => l.slice(0, l.indexOf(': '))).sort()).toEqual(alerts.map(headOf).sort());
      for (const a of alerts) {
        const line = printed.find((l) => l.startsWith(`${headOf(a)}: `) && (a.updatedAt > a.createdAt || l === `${headOf(a)}: ${a.explanation}`));
        expect(line, `the line of ${headOf(a)}: ${a.explanation}`).toBeDefined();
      }
      expect(alerts.filter((a) => a.updatedAt === a.createdAt).length, 'alerts no later page joined, whose sentence is compared whole').toBeGreaterThan(alerts.length / 2);
      expect(lines.length).toBe(syncLines.length + alertLines.length + lines.filter((l) => / {2}(WARN|ERROR) /.test(l)).length);
      expect(terminal.text).not.toContain('{"level"');

      // The same services piped (or PARAPET_LOG_FORMAT=json on a terminal) log pino's JSON records.
      for (const [stream, env] of [
        [capture(false), {}],
        [capture(true), { PARAPET_LOG_FORMAT: 'json' }],
      ] as const) {
        const piped = createServices({ env: { PARAPET_DATA_DIR: dir.path, ...env }, logStream: stream });
        logSync(piped.logger(), { instance: { name: 'acme' } as never, ok: true, durationMs: 1234.5, streams: [{ stream: 'activities', pages: 1, records: 5, stored: 3, ok: true, error: null }] });
        const record = JSON.parse(stream.text) as Record<string, unknown>;
        expect(record).toMatchObject({ level: 30, msg: 'acme synced', event: 'sync', connector: 'acme', durationMs: 1235, streams: [{ stream: 'activities', ok: true, read: 5, stored: 3, error: null }] });
        await piped.close();
      }
    }, 240_000);
  });
});
