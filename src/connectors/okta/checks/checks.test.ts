import { describe, expect, it } from 'vitest';
import type { PostureCheck, SettingsSnapshot } from '../../sdk/define-check.js';
import { oktaPostureChecks } from './index.js';
import { org } from './examples.js';

/** Tests reshape the JSON fixture freely. */
type Doc = any;

function check(id: string): PostureCheck {
  const found = oktaPostureChecks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

const settings = org;
const policy = (docs: Record<string, Doc>, type: string, i = 0) => docs[`policies/${type}`].policies[i];
const status = (id: string, snapshot: SettingsSnapshot) => check(id).evaluate(snapshot).status;

describe('Okta posture checks', () => {
  it('are OKTA-01..04, each with metadata, and say not_applicable (never throw) when nothing was collected', () => {
    expect(oktaPostureChecks.map((c) => c.id)).toEqual(['OKTA-01', 'OKTA-02', 'OKTA-03', 'OKTA-04']);
    for (const c of oktaPostureChecks) {
      expect(c.remediation.length).toBeGreaterThan(20);
      expect(c.evaluate({}).status, c.id).toBe('not_applicable');
    }
  });

  it('pass on the seeded org (its policies are the hardened ones)', () => {
    expect(oktaPostureChecks.map((c) => [c.id, c.evaluate(settings()).status])).toEqual([
      ['OKTA-01', 'pass'],
      ['OKTA-02', 'pass'],
      ['OKTA-03', 'pass'],
      ['OKTA-04', 'pass'],
    ]);
  });

  it('OKTA-01 fails on 8-character passwords, common passwords allowed, or no lockout, naming the policy', () => {
    const short = check('OKTA-01').evaluate(settings((d) => (policy(d, 'PASSWORD').settings.password.complexity.minLength = 8)));
    expect(short).toMatchObject({ status: 'fail' });
    expect(short.evidence).toContain('"Default Policy" allows 8-character passwords');
    expect(status('OKTA-01', settings((d) => (policy(d, 'PASSWORD').settings.password.complexity.dictionary.common.exclude = false)))).toBe('fail');
    expect(check('OKTA-01').evaluate(settings((d) => (policy(d, 'PASSWORD').settings.password.lockout.maxAttempts = 0))).evidence).toContain('never locks out');
    // A policy without a lockout setting never locks out either; the bound is 10 attempts, inclusive.
    expect(check('OKTA-01').evaluate(settings((d) => delete policy(d, 'PASSWORD').settings.password.lockout.maxAttempts)).evidence).toContain('never locks out');
    expect(check('OKTA-01').evaluate(settings((d) => (policy(d, 'PASSWORD').settings.password.lockout.maxAttempts = 11))).evidence).toContain('locks out only after 11 attempts');
    expect(status('OKTA-01', settings((d) => (policy(d, 'PASSWORD').settings.password.lockout.maxAttempts = 10)))).toBe('pass');
    // Okta's default length is 8 when the policy does not say.
    expect(check('OKTA-01').evaluate(settings((d) => delete policy(d, 'PASSWORD').settings.password.complexity.minLength)).evidence).toContain('allows 8-character passwords');
    // An inactive weak policy applies to nobody.
    expect(status('OKTA-01', settings((d) => d['policies/PASSWORD'].policies.push({ ...policy(d, 'PASSWORD'), id: 'weak', status: 'INACTIVE', settings: { password: { complexity: { minLength: 4 } } } })))).toBe('pass');
  });

  it('OKTA-02 fails on unlimited lifetimes (0), long idle time or persistent cookies, and ignores DENY rules', () => {
    const session = (d: Record<string, Doc>) => policy(d, 'OKTA_SIGN_ON').rules[0].actions.signon.session;
    expect(check('OKTA-02').evaluate(settings((d) => (session(d).maxSessionLifetimeMinutes = 0))).evidence).toContain('without a lifetime limit');
    expect(status('OKTA-02', settings((d) => (session(d).maxSessionIdleMinutes = 480)))).toBe('fail');
    expect(status('OKTA-02', settings((d) => (session(d).usePersistentCookie = true)))).toBe('fail');
    expect(status('OKTA-02', settings((d) => policy(d, 'OKTA_SIGN_ON').rules.push({ ...policy(d, 'OKTA_SIGN_ON').rules[0], id: 'deny', actions: { signon: { access: 'DENY', session: { maxSessionLifetimeMinutes: 0 } } } })))).toBe('pass');
    // An inactive rule applies to nobody; a rule that does not set a lifetime has none (Okta's default).
    expect(status('OKTA-02', settings((d) => policy(d, 'OKTA_SIGN_ON').rules.push({ ...policy(d, 'OKTA_SIGN_ON').rules[0], id: 'off', status: 'INACTIVE', actions: { signon: { access: 'ALLOW', session: { maxSessionLifetimeMinutes: 0 } } } })))).toBe('pass');
    expect(check('OKTA-02').evaluate(settings((d) => delete session(d).maxSessionLifetimeMinutes)).evidence).toContain('without a lifetime limit');
    // Without an idle limit Okta ends sessions after its default 120 idle minutes: within the bound.
    expect(status('OKTA-02', settings((d) => delete session(d).maxSessionIdleMinutes))).toBe('pass');
  });

  it('OKTA-03 fails when no strong authenticator is required (only SMS, or everything optional)', () => {
    const authenticators = (d: Record<string, Doc>) => policy(d, 'MFA_ENROLL').settings.authenticators;
    expect(status('OKTA-03', settings((d) => (authenticators(d)[0].enroll.self = 'OPTIONAL')))).toBe('fail');
    expect(status('OKTA-03', settings((d) => (policy(d, 'MFA_ENROLL').settings.authenticators = [{ key: 'phone_number', enroll: { self: 'REQUIRED' } }])))).toBe('fail');
    expect(status('OKTA-03', settings((d) => (d['policies/MFA_ENROLL'].policies = [])))).toBe('fail');
  });

  it('OKTA-04 fails when an Admin Console rule allows one factor, or there is no Admin Console policy', () => {
    const rule = (d: Record<string, Doc>) => policy(d, 'ACCESS_POLICY').rules[0];
    const weak = check('OKTA-04').evaluate(settings((d) => (rule(d).actions.appSignOn.verificationMethod.factorMode = '1FA')));
    expect(weak).toMatchObject({ status: 'fail' });
    expect(weak.evidence).toContain('"Okta Admin Console" rule "Admins: two factors every time" allows the Admin Console with one factor');
    expect(status('OKTA-04', settings((d) => (policy(d, 'ACCESS_POLICY').name = 'Office 365')))).toBe('fail');
  });
});
