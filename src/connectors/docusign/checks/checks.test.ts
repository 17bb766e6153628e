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
});
