import { defineCheck } from '../../sdk/define-check.js';
import { ofType, policies, unreadablePolicies } from './settings-read.js';

/** Less secure apps (password-only IMAP/POP/SMTP sign-in) turned off (ScubaGoggles GWS.COMMONCONTROLS.10.x). */
export default defineCheck({
  id: 'GWS-02',
  title: 'Less secure apps cannot sign in',
  severity: 'high',
  rationale: 'Less secure apps sign in with a password alone, bypassing 2-step verification: a leaked password is enough to read mail over IMAP.',
  remediation: 'Admin console > Security > Access and data control > Less secure apps: choose "Disable access to less secure apps" for every organisational unit.',
  reference: 'CISA ScubaGoggles GWS.COMMONCONTROLS.10',
  evaluate(settings) {
    const list = policies(settings);
    if (list === null) return { status: 'not_applicable', evidence: 'The Cloud Identity policies were not collected (the impersonated admin must be a super administrator).' };
    const lsa = ofType(list, 'security.less_secure_apps');
    const allowed = lsa.filter((p) => p.value.allowLessSecureApps === true).map((p) => p.group ?? p.orgUnit ?? '(organisation)');
    if (allowed.length > 0) return { status: 'fail', evidence: `Less secure apps are allowed for ${allowed.join(', ')} (allowLessSecureApps true).`, details: { allowed } };
    const unreadable = unreadablePolicies(settings);
    if (unreadable > 0) return { status: 'error', evidence: `${unreadable} of the collected policies could not be read (no setting type): whether one allows less secure apps is unknown.` };
    return { status: 'pass', evidence: lsa.length ? 'Every less-secure-apps policy sets allowLessSecureApps false.' : 'No policy allows less secure apps (Google\'s default is off).' };
  },
});
