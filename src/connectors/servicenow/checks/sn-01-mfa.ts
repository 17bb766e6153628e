import { defineCheck } from '../../sdk/define-check.js';
import { properties, property } from './settings-read.js';

export default defineCheck({
  id: 'SN-01',
  title: 'Multi-factor authentication is on for local log-ons',
  severity: 'high',
  rationale: 'Without MFA a phished or reused password is a whole ServiceNow session, and an admin session controls every workflow the instance runs.',
  remediation: 'System Properties → set glide.authenticate.multifactor to true (Multi-factor Authentication plugin), then require it for admin roles; or enforce MFA at the SSO identity provider.',
  reference: 'ServiceNow Instance Security Hardening: multi-factor authentication',
  expected: 'glide.authenticate.multifactor = true',
  requires: ['read on sys_properties (admin)'],
  evaluate(settings) {
    const props = properties(settings);
    if (!props) return { status: 'not_applicable', evidence: 'System properties were not collected.' };
    const value = property(props, 'glide.authenticate.multifactor');
    if (value === null) return { status: 'fail', evidence: 'glide.authenticate.multifactor is not set on this instance: multi-factor authentication is off by default.' };
    if (value === 'true') return { status: 'pass', evidence: 'glide.authenticate.multifactor is true.' };
    return { status: 'fail', evidence: `glide.authenticate.multifactor is "${value}": log-ons need a password only.` };
  },
});
