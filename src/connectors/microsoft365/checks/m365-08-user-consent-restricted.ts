import { defineCheck } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import { isHighRiskScope } from '../scopes.js';
import { SETTINGS_KEYS } from '../streams/settings.js';
import { items, strings } from './settings-read.js';

const SELF = 'managepermissiongrantsforself.';

export default defineCheck({
  id: 'M365-08',
  title: 'Users cannot consent to risky apps',
  severity: 'high',
  rationale: 'Illicit-consent phishing tricks a user into granting an attacker\'s app access to their mail and files; the grant survives password resets and MFA.',
  remediation:
    'In Entra admin center → Enterprise applications → Consent and permissions → User consent settings, choose "Do not allow user consent" (or "Allow user consent for apps from verified publishers, for selected permissions" and classify only low-impact permissions as low), and turn on the admin consent workflow.',
  reference: 'CISA ScubaGear MS.AAD.5.2; EIDSCA AP08',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.authorizationPolicy];
    if (!doc) return { status: 'not_applicable', evidence: 'The authorization policy was not collected.' };
    const raw = asRecord(doc.defaultUserRolePermissions)?.permissionGrantPoliciesAssigned;
    // An absent list is not an empty one: without it nothing says consent is off.
    if (!Array.isArray(raw)) return { status: 'error', evidence: 'The authorization policy has no defaultUserRolePermissions.permissionGrantPoliciesAssigned list: cannot tell whether users may consent. Sync again; if it persists, check the Graph permission Policy.Read.All.' };
    const assigned = strings(raw).filter((p) => p.toLowerCase().startsWith(SELF));
    if (assigned.length === 0) return { status: 'pass', evidence: 'Users cannot consent to applications: no ManagePermissionGrantsForSelf policy is assigned.' };
    const policies = assigned.map((p) => p.slice(SELF.length).toLowerCase());
    if (policies.every((p) => p === 'microsoft-user-default-low')) {
      const classified = items(settings[SETTINGS_KEYS.permissionClassifications]?.value);
      const risky = classified.filter((c) => str(c.classification) === 'low' && isHighRiskScope(str(c.permissionName) ?? '')).map((c) => str(c.permissionName));
      if (risky.length === 0) return { status: 'pass', evidence: 'Users may consent only to verified publishers\' apps asking for permissions classified low-impact, and no risky permission is classified low.' };
      return { status: 'fail', evidence: `Users may consent to low-impact permissions, but risky ones are classified low: ${risky.join(', ')}.`, details: { risky } };
    }
    const legacy = policies.includes('microsoft-user-default-legacy');
    return {
      status: 'fail',
      evidence: legacy ? 'Users can consent to any application asking for any permission that does not need admin consent (ManagePermissionGrantsForSelf.microsoft-user-default-legacy).' : `Users can consent through ${assigned.join(', ')}.`,
      details: { policies: assigned },
    };
  },
});
