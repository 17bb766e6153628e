import { defineCheck } from '../../sdk/define-check.js';
import { readPref, when } from './read-prefs.js';

const REQUIRED = /^(required|true|on|enabled|1)$/i;

export default defineCheck({
  id: 'SLACK-01',
  title: 'SAML single sign-on is required for every member',
  severity: 'high',
  rationale: 'When SSO is optional, members can sign in with a Slack password that bypasses the identity provider: its MFA, its conditional access and, above all, its offboarding.',
  remediation: 'In the Enterprise Grid org dashboard → Security → SSO settings, set "Authentication for your org" to require SSO for all members (allow exceptions only for a break-glass owner).',
  reference: 'CIS Slack guidance: require SSO',
  evaluate(settings) {
    const pref = readPref(settings, 'sso_setting_changed');
    if (pref === undefined) return { status: 'not_applicable', evidence: 'Slack settings were not collected.' };
    if (pref === null || pref.value === null) {
      return { status: 'not_applicable', evidence: 'The SSO setting did not change in the last 180 days of the audit log, and Slack offers no API to read it: confirm in the org dashboard that SSO is required.' };
    }
    if (REQUIRED.test(pref.value)) return { status: 'pass', evidence: `SSO was set to "${pref.value}" ${when(pref)}.`, details: { ...pref } };
    return { status: 'fail', evidence: `SSO was set to "${pref.value}" ${when(pref)}: members may sign in without the identity provider.`, details: { ...pref } };
  },
});
