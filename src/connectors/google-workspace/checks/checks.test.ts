import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { googlePostureChecks } from './index.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/google.settings.json', import.meta.url), 'utf8')) as SettingsSnapshot;
const check = (id: string) => {
  const found = googlePostureChecks.find((c) => c.id === id);
  if (!found) throw new Error(id);
  return found;
};
const withPolicies = (policies: unknown[], users: unknown[] = []): SettingsSnapshot => ({ policies: { value: policies }, users2sv: { users } });
const policy = (type: string, value: Record<string, unknown>, orgUnit = 'orgUnits/root', sortOrder = 1) => ({ policyQuery: { orgUnit, sortOrder }, setting: { type: `settings/${type}`, value } });

describe('Google Workspace posture checks', () => {
  it('over the demo tenant settings: 2SV fails (EMEA not enforced), less secure apps pass, external sharing fails', () => {
    expect(googlePostureChecks.map((c) => [c.id, c.evaluate(fixture).status])).toEqual([
      ['GWS-01', 'fail'],
      ['GWS-02', 'pass'],
      ['GWS-03', 'fail'],
    ]);
  });

  it('GWS-01 passes only when every policy enforces 2SV and every active user is enforced', () => {
    const enforced = policy('security.two_step_verification_enforcement', { enforcedFrom: '2024-01-01T00:00:00Z' });
    expect(check('GWS-01').evaluate(withPolicies([enforced], [{ email: 'a@x.example', enforced: true, enrolled: true }])).status).toBe('pass');
    const r = check('GWS-01').evaluate(withPolicies([enforced], [{ email: 'b@x.example', enforced: false, enrolled: false }]));
    expect(r.status).toBe('fail');
    expect(r.evidence).toContain('b@x.example');
    expect(check('GWS-01').evaluate(withPolicies([], [])).status).toBe('fail');
    expect(check('GWS-01').evaluate({}).status).toBe('not_applicable');
    // Without the policies (an admin who is not a super admin) the users alone are judged, each way.
    expect(check('GWS-01').evaluate({ users2sv: { users: [{ email: 'c@x.example', enforced: false, enrolled: true }] } })).toMatchObject({ status: 'fail', evidence: expect.stringContaining('c@x.example') });
    expect(check('GWS-01').evaluate({ users2sv: { users: [{ email: 'c@x.example', enforced: true, enrolled: true }] } }).status).toBe('pass');
    // A sub-unit or group policy that does not enforce is named, whatever the organisation-wide one says.
    const groupOff = { policyQuery: { orgUnit: 'orgUnits/root', group: 'groups/contractors', sortOrder: 2 }, setting: { type: 'settings/security.two_step_verification_enforcement', value: {} } };
    const unitOff = policy('security.two_step_verification_enforcement', { enforcedFrom: '2099-01-01T00:00:00Z' }, 'orgUnits/emea', 3);
    const named = check('GWS-01').evaluate({ ...withPolicies([groupOff, enforced, unitOff]), policies: { value: [groupOff, enforced, unitOff], readAt: '2026-06-01T00:00:00Z' } });
    expect(named).toMatchObject({ status: 'fail', details: { notEnforcedUnits: ['orgUnits/emea', 'groups/contractors'] } });
  });

  it('GWS-02 fails when any unit allows less secure apps, and is not applicable without the policies', () => {
    expect(check('GWS-02').evaluate(withPolicies([policy('security.less_secure_apps', { allowLessSecureApps: true }, 'orgUnits/sales')])).status).toBe('fail');
    expect(check('GWS-02').evaluate(withPolicies([policy('security.less_secure_apps', { allowLessSecureApps: false })])).status).toBe('pass');
    expect(check('GWS-02').evaluate({}).status).toBe('not_applicable');
  });

  it('GWS-03 passes for allowlisted domains or a warning, fails for open sharing without one', () => {
    expect(check('GWS-03').evaluate(withPolicies([policy('drive_and_docs.external_sharing', { externalSharingMode: 'ALLOWLISTED_DOMAINS' })])).status).toBe('pass');
    expect(check('GWS-03').evaluate(withPolicies([policy('drive_and_docs.external_sharing', { externalSharingMode: 'ALLOWED', warnForExternalSharing: true })])).status).toBe('pass');
    expect(check('GWS-03').evaluate(withPolicies([policy('drive_and_docs.external_sharing', { externalSharingMode: 'ALLOWED', warnForExternalSharing: false })])).status).toBe('fail');
  });

  it('never throws on damaged settings', () => {
    for (const c of googlePostureChecks) {
      for (const s of [{ policies: { value: [null, 1, { setting: null }] } }, { policies: { value: 'x' } }, { users2sv: { users: null } }] as unknown as SettingsSnapshot[]) {
        expect(() => c.evaluate(s)).not.toThrow();
      }
    }
  });
});
