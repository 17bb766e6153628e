import { describe, expect, it } from 'vitest';
import { settingsSnapshot, type PostureCheck } from '../../sdk/define-check.js';
import settingsFixture from './fixtures/esign.settings.secure.json' with { type: 'json' };
import rulesFixture from './fixtures/esign.password-rules.secure.json' with { type: 'json' };
import { docusignPostureChecks } from './index.js';
import { accountSnapshot } from './settings-read.js';

function check(id: string): PostureCheck {
  const found = docusignPostureChecks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

describe('DocuSign posture checks', () => {
  it('all pass on the secure fixture and say not_applicable on nothing collected', () => {
    const snapshot = accountSnapshot();
    expect(docusignPostureChecks.filter((c) => c.evaluate(snapshot).status !== 'pass').map((c) => c.id)).toEqual([]);
    expect(docusignPostureChecks.map((c) => c.evaluate({}).status)).toEqual(docusignPostureChecks.map(() => 'not_applicable'));
  });

  it('reads DocuSign\'s numbers-as-strings, and a value of another shape is an error, never a pass', () => {
    expect(check('DS-SESS-1').evaluate(accountSnapshot({ settings: { sessionTimeout: '120' } }))).toMatchObject({ status: 'fail', observed: 120 });
    const garbled = check('DS-SESS-1').evaluate(accountSnapshot({ settings: { sessionTimeout: 'twenty' } }));
    expect(garbled.status).toBe('error');
    expect(garbled.evidence).toContain('sessionTimeout is "twenty", not a number');
    expect(check('DS-SESS-3').evaluate(accountSnapshot({ settings: { disableMultipleSessions: 'yes' } })).status).toBe('error');
    expect(check('DS-PW-1').evaluate(accountSnapshot({ rules: { passwordStrengthType: 'extreme' } })).status).toBe('error');
    expect(check('DS-PW-2').evaluate(accountSnapshot({ rules: { minimumPasswordLength: null } })).status).toBe('error');
    expect(check('DS-SESS-1').evaluate(accountSnapshot({ settings: { sessionTimeout: undefined } })).evidence).toContain('sessionTimeout is missing');
  });

  it('says "not evaluated — grant these scopes" for an account whose settings the token could not read', () => {
    const id = 'a1b2c3d4-0000-4000-8000-000000000009';
    const snapshot = settingsSnapshot([{ key: `account/${id}/settings`, value: { collected: false, reason: 'This user lacks sufficient permissions to access this resource.' } }]);
    const result = check('DS-SESS-1').evaluate(snapshot);
    expect(result.status).toBe('error');
    expect(result.evidence).toBe(`account ${id}: not evaluated — grant these scopes: signature, account_read (This user lacks sufficient permissions to access this resource).`);
  });

  it('fails when any account fails, names each account and reports the worst value', () => {
    const weak = 'a1b2c3d4-0000-4000-8000-000000000002';
    const snapshot = settingsSnapshot([
      ...Object.entries(accountSnapshot()).map(([key, value]) => ({ key, value: { ...value } })),
      { key: `account/${weak}/settings`, value: { ...settingsFixture, accountName: 'Northwind Legal US', sessionTimeout: '60' } },
      { key: `account/${weak}/password_rules`, value: { ...rulesFixture, lockoutDurationMinutes: '2' } },
    ]);
    const session = check('DS-SESS-1').evaluate(snapshot);
    expect(session).toMatchObject({ status: 'fail', observed: 60, evidence: '"Northwind Legal US": sessionTimeout is 60 minutes (want at most 30).' });
    expect(check('DS-PW-4').evaluate(snapshot)).toMatchObject({ status: 'fail', observed: 2 });
    expect(check('DS-SESS-2').evaluate(snapshot).evidence).toBe('"Northwind Legal Europe": mobileSessionTimeout is 15 minutes; "Northwind Legal US": mobileSessionTimeout is 15 minutes.');
  });

  it('judges the presets by the length they enforce', () => {
    expect(check('DS-PW-2').evaluate(accountSnapshot({ rules: { passwordStrengthType: 'strong', minimumPasswordLength: '15' } }))).toMatchObject({ status: 'fail', observed: 9 });
    expect(check('DS-PW-1').evaluate(accountSnapshot({ rules: { passwordStrengthType: 'strong' } })).status).toBe('pass');
    expect(check('DS-PW-4').evaluate(accountSnapshot({ rules: { lockoutDurationType: 'days', lockoutDurationMinutes: '1' } }))).toMatchObject({ status: 'pass', observed: 1440 });
  });

  it('judges each bound at its edge: expiry every 90 days, access codes of 6, retention that is set', () => {
    const expiry = (days: string) => check('DS-PW-3').evaluate(accountSnapshot({ rules: { expirePassword: 'true', expirePasswordDays: days } })).status;
    expect([expiry('89'), expiry('90')]).toEqual(['fail', 'pass']);
    const code = (minimumLength: string) => check('DS-RCPT-3').evaluate(accountSnapshot({ settings: { accessCodeFormat: { ...settingsFixture.accessCodeFormat, minimumLength } } })).status;
    expect([code('5'), code('6')]).toEqual(['fail', 'pass']);
    // DocuSign leaves the field out when no retention is set: documents are kept forever.
    expect(check('DS-RET-1').evaluate(accountSnapshot({ settings: { documentRetention: undefined } }))).toMatchObject({ status: 'fail', evidence: expect.stringContaining('documentRetention is not set') });
  });

  it('across accounts: the worst value of the failing ones, the lowest where lower is worse', () => {
    const other = 'a1b2c3d4-0000-4000-8000-000000000002';
    const snapshot = (mine: string, theirs: string) =>
      settingsSnapshot([
        ...Object.entries(accountSnapshot({ rules: { expirePassword: 'true', expirePasswordDays: mine } })).map(([key, value]) => ({ key, value: { ...value } })),
        { key: `account/${other}/settings`, value: { ...settingsFixture, accountName: 'Northwind Legal US' } },
        { key: `account/${other}/password_rules`, value: { ...rulesFixture, expirePassword: 'true', expirePasswordDays: theirs } },
      ]);
    expect(check('DS-PW-3').evaluate(snapshot('30', '60'))).toMatchObject({ status: 'fail', observed: 30 });
    expect(check('DS-PW-3').evaluate(snapshot('120', '180'))).toMatchObject({ status: 'pass', observed: 120 });
  });

  describe('over the Admin API documents', () => {
    const orgKey = 'organization/9dd9d6cd-0000-4000-8000-1b49a0d8d8a4';

    it('across organisations: one failing organisation fails the check, named, with the worst value', () => {
      const other = 'organization/5e0f1a2b-0000-4000-8000-000000000002';
      const admin = (n: number, twoStep: boolean) => ({ id: `u${n}`, email: `admin${n}@emea.example`, isOrganizationAdmin: true, adminOf: [], requireTwoStepVerification: twoStep, federatedStatus: null });
      const snapshot = (admins: ReturnType<typeof admin>[], mine: ReturnType<typeof admin>[] | null = null) =>
        settingsSnapshot([
          ...Object.entries(accountSnapshot(mine ? { administrators: { administrators: mine } } : {})).map(([key, value]) => ({ key, value: { ...value } })),
          { key: `${other}/organization`, value: { name: 'Northwind EMEA', collectedAt: '2025-03-14T12:00:00.000Z' } },
          { key: `${other}/administrators`, value: { collected: true, administrators: admins } },
        ]);
      // The secure organisation sorts after this one: the failing one must win whatever the order.
      const weak = check('DS-ADM-2').evaluate(snapshot([admin(1, false), admin(2, false), admin(3, true)]));
      expect(weak).toMatchObject({ status: 'fail', observed: 2 });
      expect(weak.evidence).toMatch(/^Organisation "Northwind EMEA": 2 of 3 administrators sign in with a password alone/);
      expect(weak.evidence).not.toContain('Northwind Legal"');
      // Administrator count: the larger organisation's count is the observed value.
      const many = check('DS-ADM-1').evaluate(snapshot(Array.from({ length: 9 }, (_, i) => admin(i, true))));
      expect(many).toMatchObject({ status: 'fail', observed: 9 });
      // Both failing: the worse of the two (more administrators) is the observed value, and both are named.
      const both = check('DS-ADM-1').evaluate(snapshot(Array.from({ length: 7 }, (_, i) => admin(i, true)), Array.from({ length: 9 }, (_, i) => admin(10 + i, true))));
      expect(both).toMatchObject({ status: 'fail', observed: 9 });
      expect(both.evidence).toMatch(/^Organisation "Northwind EMEA": 7 administrators.*; Organisation "Northwind Legal": 9 administrators/);
      expect(check('DS-ADM-2').evaluate(snapshot([admin(1, true)]))).toMatchObject({ status: 'pass' });
    });

    it('judges certificate expiry at its edge: 30 days left fails, 31 passes', () => {
      // The fixture's certificate expires 2026-04-18T12:00Z.
      const at = (collectedAt: string) => check('DS-SSO-3').evaluate(accountSnapshot({ organization: { collectedAt } }));
      expect(at('2026-03-19T12:00:00.000Z')).toMatchObject({ status: 'fail', observed: 30 });
      expect(at('2026-03-18T12:00:00.000Z')).toMatchObject({ status: 'pass', observed: 31 });
    });

    it('says "not evaluated — grant these scopes" when the Admin API refused the organisation or its users, never a silent gap', () => {
      const refused = { collected: false, status: 403, reason: 'The access token was not granted the organization_read scope.' };
      const snapshot = settingsSnapshot([
        { key: `${orgKey}/organization`, value: refused },
        { key: `${orgKey}/administrators`, value: { collected: false, status: 403, reason: 'The user is not an organization administrator of this organization.' } },
      ]);
      expect(check('DS-SSO-1').evaluate(snapshot)).toMatchObject({
        status: 'error',
        evidence: 'Organisation 9dd9d6cd-0000-4000-8000-1b49a0d8d8a4: not evaluated — grant these scopes: organization_read (The access token was not granted the organization_read scope).',
      });
      for (const id of ['DS-SSO-2', 'DS-SSO-3', 'DS-DOM-1']) expect(check(id).evaluate(snapshot).evidence, id).toContain('not evaluated — grant these scopes: organization_read');
      for (const id of ['DS-ADM-1', 'DS-ADM-2']) expect(check(id).evaluate(snapshot).evidence, id).toContain('not evaluated — grant these scopes: signature, organization_read, user_read');
    });

    it('reads identity providers in both shapes: wrapped (OrganizationResponse) and bare', () => {
      const bare = accountSnapshot({ organization: { identity_providers: [{ id: 'b6a1c0de-0000-4000-8000-2c3d4e5f6a7b', friendly_name: 'Okta', type: 'saml_20' }] } });
      expect(check('DS-SSO-1').evaluate(bare)).toMatchObject({ status: 'pass', evidence: 'Organisation "Northwind Legal": 1 identity provider: "Okta" (saml_20).' });
      expect(check('DS-SSO-2').evaluate(bare).status).toBe('pass');
      expect(check('DS-SSO-1').evaluate(accountSnapshot({ organization: { identity_providers: 'none' } })).status).toBe('error');
    });

    it('names the administrators without a second factor and counts administrators', () => {
      const weak = accountSnapshot({ administrators: { administrators: [{ id: 'u1', email: 'a@x.example', isOrganizationAdmin: true, adminOf: [], requireTwoStepVerification: false, federatedStatus: 'RemoveStatus' }] } });
      expect(check('DS-ADM-2').evaluate(weak)).toMatchObject({
        status: 'fail',
        observed: 1,
        evidence: 'Organisation "Northwind Legal": 1 of 1 administrators sign in with a password alone: a@x.example (require_two_step_verification false, not federated).',
      });
      expect(check('DS-ADM-1').evaluate(accountSnapshot())).toMatchObject({ status: 'pass', observed: 3, evidence: 'Organisation "Northwind Legal": 3 administrators (2 of the organisation, 1 of accounts only).' });
      const unknown = accountSnapshot({ administrators: { administrators: [{ id: 'u1', email: 'a@x.example', requireTwoStepVerification: 'yes' }] } });
      expect(check('DS-ADM-2').evaluate(unknown).status).toBe('error');
    });

    it('judges certificate expiry against the time the settings were collected', () => {
      expect(check('DS-SSO-3').evaluate(accountSnapshot())).toMatchObject({ status: 'pass', observed: 400 });
      expect(check('DS-SSO-3').evaluate(accountSnapshot({ organization: { collectedAt: '2026-04-01T12:00:00.000Z' } }))).toMatchObject({ status: 'fail', observed: 17 });
      expect(check('DS-SSO-3').evaluate(accountSnapshot({ organization: { collectedAt: null } })).status).toBe('error');
    });
  });
});
