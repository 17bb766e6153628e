import { defineCheck } from '../../sdk/define-check.js';
import { ofType, policies } from './settings-read.js';

/** Drive sharing outside the organisation limited by default (ScubaGoggles GWS.DRIVEDOCS.1.x). */
export default defineCheck({
  id: 'GWS-03',
  title: 'Drive files are not shared outside the organisation by default',
  severity: 'medium',
  rationale: 'When anyone may share files outside the organisation without a warning, a single click can publish confidential documents; attackers with one mailbox exfiltrate through sharing.',
  remediation: 'Admin console > Apps > Google Workspace > Drive and Docs > Sharing settings: set Sharing outside of the organisation to Off or to allowlisted domains, and turn on the warning when files are shared outside.',
  reference: 'CISA ScubaGoggles GWS.DRIVEDOCS.1.1',
  evaluate(settings) {
    const list = policies(settings);
    if (list === null) return { status: 'not_applicable', evidence: 'The Cloud Identity policies were not collected (the impersonated admin must be a super administrator).' };
    const sharing = ofType(list, 'drive_and_docs.external_sharing');
    if (sharing.length === 0) return { status: 'fail', evidence: 'No policy sets drive_and_docs.external_sharing: Google\'s default lets everyone share outside the organisation.' };
    const open = sharing.filter((p) => p.value.externalSharingMode === 'ALLOWED' && p.value.warnForExternalSharing !== true);
    if (open.length > 0) {
      const where = open.map((p) => p.group ?? p.orgUnit ?? '(organisation)');
      return { status: 'fail', evidence: `External sharing is ALLOWED without a warning for ${where.join(', ')}.`, details: { units: where } };
    }
    const modes = [...new Set(sharing.map((p) => String(p.value.externalSharingMode)))];
    return { status: 'pass', evidence: `External sharing is limited (${modes.join(', ')}), or warns before sharing outside.` };
  },
});
