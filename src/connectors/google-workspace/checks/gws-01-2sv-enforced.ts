import { defineCheck } from '../../sdk/define-check.js';
import { ofType, policies, policiesReadAt } from './settings-read.js';

/** 2-step verification enforced for everyone (CISA ScubaGoggles GWS.COMMONCONTROLS.1.1). */
export default defineCheck({
  id: 'GWS-01',
  title: '2-step verification is enforced for every user',
  severity: 'high',
  rationale: 'A stolen or guessed password alone opens an account without a second factor. Enforcement makes 2-step verification mandatory rather than optional.',
  remediation: 'Admin console > Security > Authentication > 2-step verification: allow enrollment and set Enforcement to On (from a date soon) for the top organisational unit and every sub-unit and group.',
  reference: 'CISA ScubaGoggles GWS.COMMONCONTROLS.1.1',
  evaluate(settings) {
    const list = policies(settings);
    const users = (settings.users2sv?.users ?? null) as { email: string; enforced: boolean; enrolled: boolean }[] | null;
    if (list === null && users === null) return { status: 'not_applicable', evidence: 'Neither the Cloud Identity policies nor the users were collected.' };
    const notEnforced = (users ?? []).filter((u) => !u.enforced).map((u) => u.email);
    const enforcement = list ? ofType(list, 'security.two_step_verification_enforcement') : [];
    // `enforcedFrom` (a timestamp) is when enforcement starts: absent means off, a later date not yet on.
    const readAt = policiesReadAt(settings);
    const off = enforcement.filter((p) => {
      const from = typeof p.value.enforcedFrom === 'string' ? Date.parse(p.value.enforcedFrom) : NaN;
      return Number.isNaN(from) || (readAt !== null && from > readAt);
    });
    if (list !== null && enforcement.length === 0) {
      return { status: 'fail', evidence: 'No policy sets security.two_step_verification_enforcement: 2-step verification is not enforced anywhere.', details: { notEnforced } };
    }
    if (off.length > 0 || notEnforced.length > 0) {
      const where = off.map((p) => p.group ?? p.orgUnit ?? '(organisation)');
      return {
        status: 'fail',
        evidence: `${off.length > 0 ? `Enforcement is off (or starts later) for ${where.join(', ')}. ` : ''}${notEnforced.length} active user(s) are not enforced into 2-step verification${notEnforced.length ? ` (e.g. ${notEnforced.slice(0, 3).join(', ')})` : ''}.`,
        details: { notEnforcedUnits: where, notEnforced },
      };
    }
    return { status: 'pass', evidence: `2-step verification is enforced for every policy target and all ${(users ?? []).length} active users.` };
  },
});
