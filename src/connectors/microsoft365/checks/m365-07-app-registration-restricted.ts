import { defineCheck } from '../../sdk/define-check.js';
import { asRecord } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';

export default defineCheck({
  id: 'M365-07',
  title: 'Only administrators can register applications',
  severity: 'medium',
  rationale: 'App registrations created by ordinary users can be given credentials and permissions that outlive the user and escape review.',
  remediation: 'In Entra admin center → Users → User settings, set "Users can register applications" to No (authorizationPolicy defaultUserRolePermissions.allowedToCreateApps = false).',
  reference: 'CISA ScubaGear MS.AAD.5.1; EIDSCA AP10',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.authorizationPolicy];
    if (!doc) return { status: 'not_applicable', evidence: 'The authorization policy was not collected.' };
    const allowed = asRecord(doc.defaultUserRolePermissions)?.allowedToCreateApps;
    if (allowed === false) return { status: 'pass', evidence: 'Users cannot register applications (allowedToCreateApps is false).' };
    return { status: 'fail', evidence: `Any user can register applications (allowedToCreateApps is ${String(allowed ?? 'not set')}).` };
  },
});
