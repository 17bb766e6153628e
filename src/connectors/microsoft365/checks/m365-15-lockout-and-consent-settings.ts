import { defineCheck } from '../../sdk/define-check.js';
import { directorySetting } from './settings-read.js';

/**
 * When a directory settings object was never created the tenant runs on the template's defaults:
 * lockout after 10 failures for 60 seconds; group-owner consent allowed; admin consent requests off
 * (Parapet's reading of the templates; see README).
 */
const DEFAULTS = { lockoutthreshold: '10', lockoutdurationinseconds: '60', enablegroupspecificconsent: 'true', enableadminconsentrequests: 'false' } as const;

export default defineCheck({
  id: 'M365-15',
  title: 'Smart lockout and consent directory settings are strict',
  severity: 'medium',
  rationale: 'A low lockout threshold slows password guessing; group owners consenting to apps for their group\'s data and no way to request admin consent both widen illicit-consent risk.',
  remediation:
    'Set Password Rule Settings LockoutThreshold ≤ 10 and LockoutDurationInSeconds ≥ 60 (Entra admin center → Authentication methods → Password protection), and Consent Policy Settings EnableGroupSpecificConsent = false and EnableAdminConsentRequests = true (User consent settings / Admin consent settings).',
  reference: 'EIDSCA PR05, PR06, CP01, CP04',
  evaluate(settings) {
    const password = directorySetting(settings, 'Password Rule Settings', '5cf42378-d67d-4f36-ba46-e8b86229381d');
    const consent = directorySetting(settings, 'Consent Policy Settings', 'dffd5d46-495d-40a9-8e21-954ff55e198a');
    if (password === null || consent === null) return { status: 'not_applicable', evidence: 'Directory settings (groupSettings) were not collected.' };
    const value = (map: Map<string, string>, key: keyof typeof DEFAULTS) => (map.get(key) ?? DEFAULTS[key]).trim().toLowerCase();
    const threshold = Number(value(password, 'lockoutthreshold'));
    const duration = Number(value(password, 'lockoutdurationinseconds'));
    const problems: string[] = [];
    if (!(threshold <= 10)) problems.push(`LockoutThreshold is ${threshold} (want ≤ 10)`);
    if (!(duration >= 60)) problems.push(`LockoutDurationInSeconds is ${duration} (want ≥ 60)`);
    if (value(consent, 'enablegroupspecificconsent') !== 'false') problems.push('group owners can consent to apps (EnableGroupSpecificConsent is not false)');
    if (value(consent, 'enableadminconsentrequests') !== 'true') problems.push('users cannot request admin consent (EnableAdminConsentRequests is not true)');
    if (problems.length === 0) return { status: 'pass', evidence: `Lockout after ${threshold} failures for ${duration} s; group-owner consent off; admin consent requests on.` };
    return { status: 'fail', evidence: `${problems.join('; ')}.`, details: { problems } };
  },
});
