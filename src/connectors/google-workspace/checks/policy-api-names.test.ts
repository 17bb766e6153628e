import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import googleWorkspace from '../index.js';
import { googleWorkspaceSimulator, type RunningGoogleSimulator } from '../simulator/index.js';
import { settingsStream } from '../streams/settings.js';

/**
 * The Cloud Identity Policy API's setting types and their value fields, as Google documents them in "Policy API
 * supported settings" (cloud.google.com/identity/docs/concepts/supported-policy-api-settings; the API returns the
 * fields in camelCase, as GAM's policy reference lists them). Only the types the simulator serves or a check reads.
 */
const DOCUMENTED: Record<string, readonly string[]> = {
  'security.two_step_verification_enrollment': ['allowEnrollment'],
  'security.two_step_verification_enforcement': ['enforcedFrom'],
  'security.less_secure_apps': ['allowLessSecureApps'],
  'security.password': ['allowedStrength', 'minimumLength', 'maximumLength', 'enforceRequirementsAtLogin', 'allowReuse', 'expirationDuration'],
  'security.session_controls': ['webSessionDuration'],
  'drive_and_docs.external_sharing': [
    'externalSharingMode',
    'allowReceivingExternalFiles',
    'warnForSharingOutsideAllowlistedDomains',
    'allowReceivingFilesOutsideAllowlistedDomains',
    'allowNonGoogleInvitesInAllowlistedDomains',
    'warnForExternalSharing',
    'allowNonGoogleInvites',
    'allowPublishingFiles',
    'accessCheckerSuggestions',
    'allowedPartiesForDistributingContent',
  ],
};

describe('Google Workspace posture reads the Policy API by its documented names', () => {
  let sim: RunningGoogleSimulator;
  beforeAll(async () => {
    sim = await googleWorkspaceSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios: [] });
  });
  afterAll(async () => sim.close());

  it('the simulator serves only documented setting types and value fields, with the settings/ prefix', async () => {
    const runtime = runtimeFor(googleWorkspace, sim.config);
    const records = [];
    for await (const page of settingsStream.read(googleWorkspace.createSession(sim.config, runtime), runtime)) records.push(...page);
    const policies = (records.find((r) => r.key === 'policies')?.value as { value: { setting: { type: string; value: Record<string, unknown> } }[] }).value;
    expect(policies.length).toBeGreaterThan(0);
    for (const { setting } of policies) {
      expect(setting.type).toMatch(/^settings\//);
      const type = setting.type.slice('settings/'.length);
      expect(Object.keys(DOCUMENTED), `undocumented setting type ${type}`).toContain(type);
      expect(Object.keys(setting.value).filter((f) => !DOCUMENTED[type]!.includes(f)), `undocumented fields of ${type}`).toEqual([]);
    }
  });

  it('every check reads documented types and fields only', () => {
    const dir = new URL('./', import.meta.url);
    const sources = readdirSync(dir).filter((f) => /^gws-\d+-.*\.ts$/.test(f) && !f.endsWith('.test.ts')).map((f) => readFileSync(new URL(f, dir), 'utf8'));
    expect(sources.length).toBe(googleWorkspace.postureChecks?.length);
    for (const source of sources) {
      const types = [...source.matchAll(/ofType\(list, '([^']+)'\)/g)].map((m) => m[1]!);
      expect(types.length).toBeGreaterThan(0);
      for (const type of types) expect(Object.keys(DOCUMENTED)).toContain(type);
      const fields = [...source.matchAll(/\bvalue\.(\w+)/g)].map((m) => m[1]!);
      const documented = new Set(types.flatMap((t) => DOCUMENTED[t] ?? []));
      expect(fields.filter((f) => !documented.has(f))).toEqual([]);
    }
  });
});
