import { describe, expect, it } from 'vitest';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import { settingsSnapshot, type SettingsSnapshot } from '../../sdk/define-check.js';
import type { SettingsRecord } from '../../sdk/define-connector.js';
import zoom from '../index.js';
import { zoomSimulator } from '../simulator/index.js';
import { account } from './examples.js';
import { zoomPostureChecks } from './index.js';

const status = (id: string, snapshot: SettingsSnapshot) => {
  const check = zoomPostureChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.evaluate(snapshot);
};

async function collected(scenarios: readonly string[]): Promise<SettingsSnapshot> {
  const sim = await zoomSimulator.start({ seed: 4, frozenAt: CONFORMANCE_NOW, scenarios });
  try {
    const runtime = runtimeFor(zoom, sim.config);
    const stream = zoom.streams.settings;
    if (stream?.kind !== 'snapshot') throw new Error('no settings stream');
    const records: SettingsRecord[] = [];
    for await (const page of stream.read(zoom.createSession(sim.config, runtime), runtime)) records.push(...(page as SettingsRecord[]));
    expect(records.map((r) => r.key)).toEqual(['security', 'meeting_security', 'account']);
    return settingsSnapshot(records);
  } finally {
    await sim.close();
  }
}

describe('Zoom posture checks', () => {
  it('are ZOOM-01..04 with metadata, and not_applicable when nothing was collected', () => {
    expect(zoomPostureChecks.map((c) => c.id)).toEqual(['ZOOM-01', 'ZOOM-02', 'ZOOM-03', 'ZOOM-04']);
    for (const c of zoomPostureChecks) {
      expect(c.rationale.length).toBeGreaterThan(20);
      expect(c.remediation.length).toBeGreaterThan(20);
      expect(c.evaluate({}).status).toBe('not_applicable');
    }
  });

  it('pass on the well-kept account of the fixture', () => {
    for (const c of zoomPostureChecks) expect(status(c.id, account()).status, c.id).toBe('pass');
  });

  it('ZOOM-01 fails when two-factor sign-in is off or only for some roles', () => {
    expect(status('ZOOM-01', account((d) => (d.security.sign_in_with_two_factor_auth = 'none')))).toMatchObject({ status: 'fail', evidence: expect.stringContaining('off') });
    expect(status('ZOOM-01', account((d) => Object.assign(d.security, { sign_in_with_two_factor_auth: 'role', sign_in_with_two_factor_auth_roles: ['1', '0'] })))).toMatchObject({ status: 'fail', evidence: expect.stringContaining('some roles (2)') });
  });

  it('ZOOM-02 passes with either protection and fails with neither; ZOOM-03 likewise for recordings; ZOOM-04 reads the length', () => {
    expect(status('ZOOM-02', account((d) => (d.meeting_security.waiting_room = false))).status).toBe('pass');
    expect(status('ZOOM-02', account((d) => Object.assign(d.meeting_security, { waiting_room: false, require_password_for_scheduled_meeting: false }))).status).toBe('fail');
    expect(status('ZOOM-03', account((d) => (d.account.recording.recording_authentication = false))).status).toBe('pass');
    expect(status('ZOOM-03', account((d) => Object.assign(d.account.recording, { required_password_for_shared_cloud_recordings: false, recording_authentication: false }))).status).toBe('fail');
    expect(status('ZOOM-04', account((d) => (d.security.password_requirement.minimum_password_length = 8)))).toMatchObject({ status: 'fail', observed: 8 });
    expect(status('ZOOM-04', account((d) => delete d.security.password_requirement)).status).toBe('not_applicable');
  });

  it('read the simulator over HTTP: all pass on the benign account, and the attack leaves 01, 02 and 03 failing', async () => {
    const benign = await collected([]);
    expect(zoomPostureChecks.map((c) => `${c.id} ${c.evaluate(benign).status}`)).toEqual(['ZOOM-01 pass', 'ZOOM-02 pass', 'ZOOM-03 pass', 'ZOOM-04 pass']);
    const attacked = await collected(['admin-role-then-settings-weakened']);
    expect(zoomPostureChecks.map((c) => `${c.id} ${c.evaluate(attacked).status}`)).toEqual(['ZOOM-01 fail', 'ZOOM-02 fail', 'ZOOM-03 fail', 'ZOOM-04 pass']);
  });
});
