import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type AppServices } from '../src/app/services.js';
import { docusignSimulator, type RunningDocusignSimulator } from '../src/connectors/docusign/simulator/index.js';
import docusignConnector from '../src/connectors/docusign/index.js';
import { listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { parapet } from './helpers/parapet-cli.js';
import { tempDir } from './helpers/temp-dir.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');
/** The eSignature account-settings endpoint: the DocuSign simulator answers it 5xx (DocuSign's error body) every time. */
const SETTINGS_PATH = '/settings';

/**
 * A settings endpoint that keeps failing after the retries (not a scope refused): the checks are `error`
 * findings naming the failure and the fix, never the old passes shown as current; after recovery, drift is
 * judged against the last value actually read, so a setting weakened while it could not be read still alerts.
 */
describe('posture when a settings endpoint fails', () => {
  let sim: RunningDocusignSimulator;
  let services: AppServices;
  let dir: ReturnType<typeof tempDir>;
  let now = FROZEN;
  const evaluable = docusignConnector.postureChecks!.filter((c) => !c.notEvaluable).map((c) => c.id).sort();

  beforeAll(async () => {
    sim = await docusignSimulator.start({ frozenAt: FROZEN });
    dir = tempDir('parapet-posture-failure-');
    services = createServices({ env: { PARAPET_DATA_DIR: dir.path }, logger: pino({ level: 'silent' }), clock: { now: () => now } });
    const store = await services.store();
    await createInstance(store.db, store.secrets, { name: 'docusign', provider: 'docusign', config: sim.config, now, streams: ['settings'] });
  });
  afterAll(async () => {
    await services.close();
    dir.cleanup();
    await sim.close();
  });

  const syncOnce = async () => {
    now += 3_600_000;
    return (await services.sync()).syncInstance('docusign');
  };
  const findings = async () => (await (await services.posture()).report()).findings;
  const drifts = async () => (await listAlerts((await services.store()).db)).map((a) => `${a.policyId} ${a.variant} ${a.subject.key.split('@')[0]}`).sort();

  it('first sync with the endpoint failing: every check is an error finding naming the failed call and the fix, no secret, nothing raised', async () => {
    sim.faults.add({ kind: 'server-error', path: SETTINGS_PATH });
    const summary = await syncOnce();
    expect(summary.ok).toBe(false);
    const all = await findings();
    expect(all.map((f) => f.checkId).sort()).toEqual(evaluable);
    expect([...new Set(all.map((f) => f.status))]).toEqual(['error']);
    const evidence = all[0]!.evidence;
    expect(evidence).toMatch(/^Not evaluated: reading the settings failed in the last sync \(settings: .*\)\. Fix: the next sync reads them again; if it keeps failing, run `parapet test docusign`/);
    expect(evidence).toContain(SETTINGS_PATH);
    expect(evidence).toMatch(/50\d/);
    for (const secret of [sim.config.privateKey, sim.config.integrationKey]) expect(evidence).not.toContain(secret.slice(0, 40));
    expect(new Set(all.map((f) => f.evidence)).size).toBe(1);
    const score = (await (await services.posture()).report()).apps[0]!.score;
    expect([score.passed, score.failed, score.errors]).toEqual([0, 0, evaluable.length]);
    const cli = await parapet(['posture', '--app', 'docusign'], dir.path);
    expect(cli.stdout).toContain('Not evaluated:');
    expect(cli.stdout).toContain(`- DS-SESS-1 docusign: ${evidence}`);
    expect(await drifts()).toEqual([]);
  });

  it('recovered: the first settings read is the baseline (from error to a fail raises nothing)', async () => {
    sim.faults.clear();
    expect((await syncOnce()).ok).toBe(true);
    const status = Object.fromEntries((await findings()).map((f) => [f.checkId, f.status]));
    expect([status['DS-SESS-1'], status['DS-SESS-2'], status['DS-ADM-2']]).toEqual(['fail', 'pass', 'fail']);
    expect(Object.values(status)).not.toContain('error');
    expect(await drifts()).toEqual([]);
  });

  it('failing again: the passes are no longer shown as current, and nothing is raised', async () => {
    sim.faults.add({ kind: 'server-error', path: SETTINGS_PATH });
    expect((await syncOnce()).ok).toBe(false);
    expect([...new Set((await findings()).map((f) => f.status))]).toEqual(['error']);
    expect(await drifts()).toEqual([]);
    // The history keeps what was read: the error on top of the last good value.
    expect((await (await services.posture()).history('DS-SESS-2', 'docusign')).map((h) => h.status)).toEqual(['error', 'pass', 'error']);
  });

  it('recovered with settings weakened meanwhile: drift is raised against the last value read', async () => {
    sim.faults.clear();
    expect(sim.weakenPosture().map((c) => `${c.field}:${String(c.from)}->${String(c.to)}`)).toEqual(['sessionTimeout:60->120', 'mobileSessionTimeout:15->60', 'requireTwoStepVerification:true->false']);
    expect((await syncOnce()).ok).toBe(true);
    expect(await drifts()).toEqual(['posture.drift regressed DS-SESS-2', 'posture.drift worsened DS-ADM-2', 'posture.drift worsened DS-SESS-1']);
    const alerts = await listAlerts((await services.store()).db);
    expect(alerts.find((a) => a.subject.key.startsWith('DS-SESS-1'))?.explanation).toContain('the value moved from 60 to 120');
    expect(alerts.find((a) => a.subject.key.startsWith('DS-SESS-2'))?.explanation).toContain('It passed until now');
  });
});
