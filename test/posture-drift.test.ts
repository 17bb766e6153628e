import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import formats from 'ajv-formats';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices, type AppServices } from '../src/app/services.js';
import { docusignSimulator, type RunningDocusignSimulator } from '../src/connectors/docusign/simulator/index.js';
import { microsoft365Simulator, type RunningM365Simulator } from '../src/connectors/microsoft365/simulator/index.js';
import { registry } from '../src/connectors/registry.js';
import { listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { parapet } from './helpers/parapet-cli.js';
import { createTestDatabase, describeDialects, type TestDatabase } from './helpers/dialects.js';
import { tempDir } from './helpers/temp-dir.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');
// CommonJS modules: their default export is the module object under NodeNext.
const Ajv = AjvDraft04.default;
const addFormats = formats.default;

/**
 * End to end through the composition root: a settings sync evaluates posture; a scenario weakens settings in
 * both simulators at run time; the next sync raises exactly the drift alerts the changes call for.
 */
describeDialects('posture after each settings sync, with drift from a simulator scenario', (dialect) => {
  let database: TestDatabase;
  let docusign: RunningDocusignSimulator;
  let m365: RunningM365Simulator;
  let services: AppServices;
  let dir: ReturnType<typeof tempDir>;
  let now = FROZEN;

  beforeAll(async () => {
    [docusign, m365] = await Promise.all([docusignSimulator.start({ frozenAt: FROZEN }), microsoft365Simulator.start({ frozenAt: FROZEN })]);
    dir = tempDir('parapet-posture-');
    database = await createTestDatabase(dialect);
    const env = { PARAPET_DATA_DIR: dir.path, ...(database.databaseUrl ? { PARAPET_DATABASE_URL: database.databaseUrl } : {}) };
    services = createServices({ env, logger: pino({ level: 'silent' }), clock: { now: () => now } });
    const store = await services.store();
    await createInstance(store.db, store.secrets, { name: 'docusign', provider: 'docusign', config: docusign.config, now, streams: ['settings'] });
    await createInstance(store.db, store.secrets, { name: 'm365', provider: 'microsoft365', config: m365.config, now, streams: ['settings'] });
  });
  afterAll(async () => {
    await services.close();
    await database.drop();
    dir.cleanup();
    await Promise.all([docusign.close(), m365.close()]);
  });

  const syncBoth = async () => {
    const sync = await services.sync();
    for (const name of ['docusign', 'm365']) expect((await sync.syncInstance(name)).ok, name).toBe(true);
  };

  it('scores both apps with passing and failing checks after the first settings sync, and raises nothing', async () => {
    await syncBoth();
    const report = await (await services.posture()).report();
    expect(report.apps.map((a) => a.provider)).toEqual(['docusign', 'microsoft365']);
    for (const app of report.apps) {
      expect(app.score.passed, app.provider).toBeGreaterThan(0);
      expect(app.score.failed, app.provider).toBeGreaterThan(0);
      expect(app.score.score).toBeGreaterThan(0);
      expect(app.score.score).toBeLessThan(100);
    }
    const status = (id: string) => report.findings.find((f) => f.checkId === id)?.status;
    expect([status('DS-SESS-1'), status('DS-SESS-2'), status('M365-09'), status('M365-12')]).toEqual(['fail', 'pass', 'pass', 'pass']);
    expect(report.findings.find((f) => f.checkId === 'DS-SESS-1')?.observed).toBe(60);
    const failing = report.findings.filter((f) => f.status === 'fail');
    expect(failing.map((f) => f.gain)).toEqual([...failing.map((f) => f.gain)].sort((a, b) => b - a));
    expect(await listAlerts((await services.store()).db)).toEqual([]);
  });

  it('the CLI shows the score, the failing checks by gain with their fix, and the history of a check', async () => {
    const run = await parapet(['posture', '--app', 'docusign'], dir.path, database.databaseUrl);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Posture score \d+(\.\d)? \/ 100 \(\d+ pass, \d+ fail/);
    expect(run.stdout).toContain('Fix first (score gain if fixed):');
    expect(run.stdout).toMatch(/1\. \+[\d.]+ {2}DS-(SESS-1|PW-1|PW-2|CONN-1|ADM-2) \[high\]/);
    expect(run.stdout).toContain('Fix: DocuSign eSignature Admin → Security Settings');
    expect(run.stdout).not.toContain('M365-');
    const history = await parapet(['posture', 'history', 'ds-sess-1', '--json'], dir.path, database.databaseUrl);
    expect((JSON.parse(history.stdout) as { observed: number }[]).map((h) => h.observed)).toEqual([60]);
  });

  it('the CLI exports the same report as SARIF 2.1.0 (schema-valid), OCSF Compliance Findings and a printable HTML page', async () => {
    const report = await (await services.posture()).report();
    const sarifFile = join(dir.path, 'posture.sarif');
    const run = await parapet(['posture', '--format', 'sarif', '--output', sarifFile], dir.path, database.databaseUrl);
    expect([run.code, run.stderr.trim()]).toEqual([0, `wrote ${sarifFile}`]);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { ruleId: string; kind: string }[] }[] };
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('./fixtures/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as Record<string, unknown>);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0]?.results.map((r) => r.ruleId).sort()).toEqual(report.findings.map((f) => f.checkId).sort());
    expect(sarif.runs[0]?.results.find((r) => r.ruleId === 'DS-SESS-1')?.kind).toBe('fail');

    const ocsf = await parapet(['posture', '--format', 'ocsf', '--app', 'microsoft365'], dir.path, database.databaseUrl);
    const events = JSON.parse(ocsf.stdout) as { class_uid: number; finding_info: { uid: string } | undefined; compliance: { status: string } }[];
    expect(events.length).toBe(report.findings.filter((f) => f.provider === 'microsoft365').length);
    expect(events.every((e) => e.class_uid === 2003)).toBe(true);

    const html = await parapet(['posture', '--format', 'html'], dir.path, database.databaseUrl);
    expect(html.stdout).toMatch(/^<!doctype html>/i);
    expect(html.stdout).toContain('<b>DS-SESS-1</b>');
    expect(html.stdout).toContain('@page');
  });

  it('a sync without changes raises nothing and records no history', async () => {
    now += 3_600_000;
    await syncBoth();
    expect(await listAlerts((await services.store()).db)).toEqual([]);
    expect((await (await services.posture()).history('DS-SESS-1')).length).toBe(1);
  });

  it('after the scenario weakens settings, the next sync raises exactly the drift alerts', async () => {
    expect(docusign.weakenPosture().map((c) => `${c.field}:${String(c.from)}->${String(c.to)}`)).toEqual(['sessionTimeout:60->120', 'mobileSessionTimeout:15->60', 'requireTwoStepVerification:true->false']);
    expect(m365.weakenPosture().map((c) => c.field)).toEqual(['guestUserRoleId', 'isEnabled']);
    now += 3_600_000;
    await syncBoth();
    const alerts = await listAlerts((await services.store()).db);
    expect(alerts.map((a) => `${a.policyId} ${a.variant} ${a.subject.key.split('@')[0]}`).sort()).toEqual([
      'posture.drift regressed DS-SESS-2',
      'posture.drift regressed M365-09',
      'posture.drift regressed M365-12',
      'posture.drift worsened DS-ADM-2',
      'posture.drift worsened DS-SESS-1',
    ]);
    const worsened = alerts.find((a) => a.variant === 'worsened' && a.subject.key.startsWith('DS-SESS-1'));
    // An Admin API setting drifts too: one more administrator on a password alone.
    expect(alerts.find((a) => a.subject.key.startsWith('DS-ADM-2'))?.explanation).toContain('It already failed, and the value moved from 2 to 3.');
    expect(worsened?.explanation).toContain('the value moved from 60 to 120');
    expect(worsened?.severity).toBe('high');
    // Each alert carries its own check's severity (DS-SESS-2 is medium), read from the registry.
    const severityOf = new Map(registry.list().flatMap((c) => (c.postureChecks ?? []).map((check) => [check.id, check.severity] as const)));
    const checkOf = (a: (typeof alerts)[number]) => a.subject.key.split('@')[0]!;
    expect(alerts.map((a) => [checkOf(a), a.severity])).toEqual(alerts.map((a) => [checkOf(a), severityOf.get(checkOf(a))]));
    const history = await (await services.posture()).history('DS-SESS-1');
    expect(history.map((h) => h.observed)).toEqual([120, 60]);
    expect(history[0]?.alertId).toBe(worsened?.id);
  });

  it('an exception counts apart, watches the accepted value, and alerts once when it expires', async () => {
    const posture = await services.posture();
    const db = (await services.store()).db;
    const before = (await posture.report({ app: 'docusign' })).apps[0]!.score;
    const [us, eu] = docusign.tenant().accountIds;
    await expect(posture.addException({ instance: 'docusign', checkId: 'ds-sess-1', owner: '', reason: 'x', expiresAt: now - 1 })).rejects.toThrow(/owner: name the person.*expires: give a date in the future/);
    const exception = await posture.addException({ instance: 'docusign', checkId: 'ds-sess-1', owner: 'ana@northwind.example', reason: 'Kiosk signing stations', expiresAt: now + 7 * 86_400_000 });
    expect(exception.acceptedObserved).toBe(120);
    const after = (await posture.report({ app: 'docusign' })).apps[0]!.score;
    expect([after.excepted, after.failed, after.scoreWithoutExceptions]).toEqual([1, before.failed - 1, before.score]);
    expect(after.score).toBeGreaterThan(before.score!);
    // A second exception, on DS-SESS-2 (failing since the scenario), whose setting is fixed before it expires.
    await posture.addException({ instance: 'docusign', checkId: 'ds-sess-2', owner: 'ana@northwind.example', reason: 'Mobile signing pilot', expiresAt: now + 7 * 86_400_000 });

    const count = async () => (await listAlerts(db)).length;
    const alertsBefore = await count();
    docusign.updateAccountSettings(us!, { settings: { sessionTimeout: '90' } });
    now += 3_600_000;
    await syncBoth();
    expect(await count()).toBe(alertsBefore);
    // Worse than the last value read (90), yet within the accepted 120: still nothing.
    docusign.updateAccountSettings(us!, { settings: { sessionTimeout: '110' } });
    now += 3_600_000;
    await syncBoth();
    expect(await count()).toBe(alertsBefore);

    docusign.updateAccountSettings(us!, { settings: { sessionTimeout: '121' } });
    docusign.updateAccountSettings(eu!, { settings: { mobileSessionTimeout: '15' } });
    now += 3_600_000;
    await syncBoth();
    const beyond = (await listAlerts(db)).filter((a) => a.variant === 'beyond-exception');
    expect(beyond.map((a) => a.subject.key.split('@')[0])).toEqual(['DS-SESS-1']);

    now += 8 * 86_400_000;
    await syncBoth();
    now += 3_600_000;
    await syncBoth();
    // Once, for the check that still fails; nothing for DS-SESS-2, which passes by then.
    const expired = (await listAlerts(db)).filter((a) => a.policyId === 'posture.exception-expired');
    expect(expired.map((a) => a.explanation)).toEqual([expect.stringContaining('Kiosk signing stations')]);
    expect((await posture.report({ app: 'docusign' })).apps[0]!.score.excepted).toBe(0);

    // The expired exception no longer stands in for the last value: a worse value is plain drift.
    const seen = new Set((await listAlerts(db)).map((a) => a.id));
    docusign.updateAccountSettings(us!, { settings: { sessionTimeout: '180' } });
    now += 3_600_000;
    await syncBoth();
    expect((await listAlerts(db)).filter((a) => !seen.has(a.id)).map((a) => `${a.policyId} ${a.variant} ${a.subject.key.split('@')[0]}`)).toEqual(['posture.drift worsened DS-SESS-1']);
  });
});
