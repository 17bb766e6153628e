import { defineCheck } from '../../sdk/define-check.js';
import { SETTINGS_KEYS } from '../streams/settings.js';
import { items } from './settings-read.js';

export default defineCheck({
  id: 'M365-09',
  title: 'The admin consent workflow is on',
  severity: 'medium',
  rationale: 'With user consent restricted, users need a sanctioned way to ask for an app; without one they find workarounds or consent gets granted ad hoc.',
  remediation: 'In Entra admin center → Enterprise applications → Admin consent settings, set "Users can request admin consent to apps they are unable to consent to" to Yes and choose reviewers.',
  reference: 'CISA ScubaGear MS.AAD.5.3; EIDSCA CR01',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.adminConsentRequest];
    if (!doc) return { status: 'not_applicable', evidence: 'The admin consent request policy was not collected.' };
    const reviewers = items(doc.reviewers);
    if (doc.isEnabled === true && reviewers.length > 0) return { status: 'pass', evidence: `The admin consent workflow is on with ${reviewers.length} reviewer(s).` };
    return { status: 'fail', evidence: doc.isEnabled === true ? 'The admin consent workflow is on but has no reviewers.' : 'The admin consent workflow is off.' };
  },
});
