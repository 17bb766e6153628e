import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsSnapshot } from '../../sdk/define-check.js';
import type { SettingsRecord } from '../../sdk/define-connector.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import atlassian from '../index.js';
import { atlassianSimulator, type RunningAtlassianSimulator } from '../simulator/index.js';
import { settingsStream } from '../streams/settings.js';
import { atlassianPostureChecks } from './index.js';
import { org } from './examples.js';

const check = (id: string) => atlassianPostureChecks.find((c) => c.id === id)!;

async function collect(sim: RunningAtlassianSimulator) {
  const runtime = runtimeFor(atlassian, sim.config);
  const records: SettingsRecord[] = [];
  for await (const page of settingsStream.read(atlassian.createSession(sim.config, runtime), runtime)) records.push(...page);
  return settingsSnapshot(records);
}

describe('Atlassian posture checks', () => {
  let attacked: RunningAtlassianSimulator;
  let benign: RunningAtlassianSimulator;
  beforeAll(async () => {
    attacked = await atlassianSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
    benign = await atlassianSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios: [] });
  });
  afterAll(async () => {
    await attacked.close();
    await benign.close();
  });

  it('are ATL-01..04 with metadata; ATL-04 (authentication policy settings) is listed as not evaluable, naming why', () => {
    expect(atlassianPostureChecks.map((c) => c.id)).toEqual(['ATL-01', 'ATL-02', 'ATL-03', 'ATL-04']);
    for (const c of atlassianPostureChecks.slice(0, 3)) expect(c.evaluate({}).status).toBe('not_applicable');
    expect(check('ATL-04').notEvaluable).toContain('ACCESS-1044');
    expect(check('ATL-04').evaluate(org()).evidence).toMatch(/^Not evaluated: /);
  });

  it('read the seeded organisation over HTTP: three members without 2SV fail ATL-01, admins all have it, the IP allowlist is on', async () => {
    const settings = await collect(benign);
    const people = benign.tenant().users;
    const missing = [17, 26, 33].map((i) => people[i]!.email);
    const one = check('ATL-01').evaluate(settings);
    expect(one).toMatchObject({ status: 'fail', observed: 3, details: { without2sv: missing } });
    expect(one.evidence).toContain(`3 of 39 active accounts`);
    expect(check('ATL-02').evaluate(settings).status).toBe('pass');
    expect(check('ATL-03').evaluate(settings)).toMatchObject({ status: 'pass', evidence: 'IP allowlist "Offices and VPN" is enabled.' });
  });

  it('ATL-02 fails once a member without 2SV is made an organisation admin (the org-admin-added scenario)', async () => {
    const result = check('ATL-02').evaluate(await collect(attacked));
    expect(result.status).toBe('fail');
    expect(result.details).toEqual({ adminsWithout2sv: [attacked.tenant().users[17]!.email] });
  });

  it('see the posture drift: the IP allowlist switched off and an admin without 2SV fail ATL-03 and ATL-02', async () => {
    const sim = await atlassianSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios: [] });
    try {
      expect(sim.weakenPosture().map((c) => `${c.field}:${String(c.from)}->${String(c.to)}`)).toEqual([
        'ipAllowlist:Offices and VPN:enabled->disabled',
        `mfaEnabled:${sim.tenant().users[2]!.email}:true->false`,
      ]);
      const settings = await collect(sim);
      expect(check('ATL-03').evaluate(settings).status).toBe('fail');
      expect(check('ATL-02').evaluate(settings).details).toEqual({ adminsWithout2sv: [sim.tenant().users[2]!.email] });
    } finally {
      await sim.close();
    }
  });

  it('say error, not pass, when the 2SV list is unreadable', () => {
    expect(check('ATL-01').evaluate(org((d) => (d.two_step_verification.without2sv = 'n/a'))).status).toBe('error');
    expect(check('ATL-02').evaluate(org((d) => delete d.two_step_verification.adminsWithout2sv)).status).toBe('error');
    expect(check('ATL-03').evaluate(org((d) => (d.ip_allowlist.policies = null))).status).toBe('error');
  });
});
