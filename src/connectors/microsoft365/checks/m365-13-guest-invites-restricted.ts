import { defineCheck } from '../../sdk/define-check.js';
import { str } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';

export default defineCheck({
  id: 'M365-13',
  title: 'Only admins and guest inviters can invite guests',
  severity: 'medium',
  rationale: 'When anyone can invite guests, outsiders join the tenant without review and gain access to teams, sites and files.',
  remediation: 'In Entra admin center → External Identities → External collaboration settings, set Guest invite settings to "Only users assigned to specific admin roles can invite guest users" (allowInvitesFrom = adminsAndGuestInviters) or to "No one".',
  reference: 'CISA ScubaGear MS.AAD.8.2; EIDSCA AP04',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.authorizationPolicy];
    if (!doc) return { status: 'not_applicable', evidence: 'The authorization policy was not collected.' };
    const value = str(doc.allowInvitesFrom) ?? 'not set';
    if (value === 'adminsAndGuestInviters' || value === 'none') return { status: 'pass', evidence: `Guest invitations are limited (allowInvitesFrom = ${value}).` };
    return { status: 'fail', evidence: `Guest invitations are open too widely (allowInvitesFrom = ${value}).` };
  },
});
