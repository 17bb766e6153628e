import { describe, expect, it } from 'vitest';
import { CONFORMANCE_NOW, runtimeFor } from '../sdk/conformance/read-activities.js';
import type { AtlassianConfig } from './config.js';
import atlassian from './index.js';
import { atlassianSimulator } from './simulator/index.js';

async function test(config: AtlassianConfig) {
  const runtime = runtimeFor(atlassian, config);
  return atlassian.testConnection(atlassian.createSession(config, runtime), runtime);
}

describe('Atlassian connection test', () => {
  it('names Atlassian Guard when the audit log is refused, and passes the rest', async () => {
    const sim = await atlassianSimulator.start({ seed: 2, frozenAt: CONFORMANCE_NOW, guard: false, scenarios: [] });
    try {
      const result = await test(sim.config);
      expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
        ['org', true],
        ['audit-log', false],
        ['managed-accounts', true],
        ['directory', true],
      ]);
      expect(result.checks[1]?.detail).toMatch(/HTTP 403.*Atlassian Guard \(Standard or Premium\) or an Enterprise plan/);
    } finally {
      await sim.close();
    }
  });

  it('says where to find the org id when it is wrong (ADMIN-404-2), and a wrong directory id fails only the directory check; the key never appears', async () => {
    const sim = await atlassianSimulator.start({ seed: 2, frozenAt: CONFORMANCE_NOW, scenarios: [] });
    try {
      const wrongOrg = await test({ ...sim.config, orgId: '00000000-1111-2222-3333-444444444444' });
      expect(wrongOrg.ok).toBe(false);
      expect(wrongOrg.checks[0]?.detail).toMatch(/ADMIN-404-2.*the orgId must be the one shown next to the API key/);
      const wrongDir = await test({ ...sim.config, directoryId: 'no-such-directory' });
      expect(wrongDir.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['directory']);
      expect(JSON.stringify([wrongOrg, wrongDir])).not.toContain(sim.config.apiKey);
    } finally {
      await sim.close();
    }
  });
});
