import { describe, expect, it } from 'vitest';
import { serviceNowPostureChecks } from './index.js';
import { instance } from './examples.js';

const check = (id: string) => {
  const found = serviceNowPostureChecks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

describe('ServiceNow posture checks', () => {
  it('are SN-01..03 and say not_applicable when nothing was collected', () => {
    expect(serviceNowPostureChecks.map((c) => c.id)).toEqual(['SN-01', 'SN-02', 'SN-03']);
    for (const c of serviceNowPostureChecks) expect(c.evaluate({}).status).toBe('not_applicable');
  });

  it('pass on the seeded instance', () => {
    expect(serviceNowPostureChecks.map((c) => c.evaluate(instance()).status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('SN-01 fails when MFA is off or the property is missing (off by default)', () => {
    expect(check('SN-01').evaluate(instance((p) => (p['glide.authenticate.multifactor'] = 'false'))).evidence).toContain('"false"');
    expect(check('SN-01').evaluate(instance((p) => delete p['glide.authenticate.multifactor'])).status).toBe('fail');
  });

  it('SN-02 reports the minutes, fails above 30 or at 0, and errs on a non-number', () => {
    expect(check('SN-02').evaluate(instance((p) => (p['glide.ui.session_timeout'] = '240')))).toMatchObject({ status: 'fail', observed: 240 });
    expect(check('SN-02').evaluate(instance((p) => (p['glide.ui.session_timeout'] = '0'))).evidence).toContain('never end');
    expect(check('SN-02').evaluate(instance((p) => (p['glide.ui.session_timeout'] = 'soon'))).status).toBe('error');
    expect(check('SN-02').evaluate(instance((p) => delete p['glide.ui.session_timeout']))).toMatchObject({ status: 'pass', observed: 30, evidence: 'Idle sessions end after 30 minutes (the default).' });
    expect(['30', '31'].map((minutes) => check('SN-02').evaluate(instance((p) => (p['glide.ui.session_timeout'] = minutes))).status)).toEqual(['pass', 'fail']);
  });

  it('SN-03 names each hardening property that is false', () => {
    const r = check('SN-03').evaluate(instance((p) => Object.assign(p, { 'glide.security.use_csrf_token': 'false', 'glide.login.no_blank_password': 'false' })));
    expect(r.status).toBe('fail');
    expect(r.details).toEqual({ off: ['glide.security.use_csrf_token', 'glide.login.no_blank_password'] });
  });
});
