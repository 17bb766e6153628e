import { defineCheck } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';
import { items } from './settings-read.js';

const FEATURES = { displayAppInformationRequiredState: 'application name', displayLocationInformationRequiredState: 'geographic location' } as const;

export default defineCheck({
  id: 'M365-06',
  title: 'Microsoft Authenticator shows sign-in context',
  severity: 'medium',
  rationale: 'Showing the application and the location in the push notification lets users notice a prompt they did not start, which defeats MFA-fatigue attacks.',
  remediation:
    'In Entra admin center → Authentication methods → Microsoft Authenticator → Configure, set "Show application name in push and passwordless notifications" and "Show geographic location ..." to Enabled for All users.',
  reference: 'CISA ScubaGear MS.AAD.3.3; EIDSCA AM06/AM09',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.authenticationMethods];
    if (!doc) return { status: 'not_applicable', evidence: 'The authentication methods policy was not collected.' };
    const authenticator = items(doc.authenticationMethodConfigurations).find((c) => str(c.id)?.toLowerCase() === 'microsoftauthenticator');
    if (!authenticator || str(authenticator.state) !== 'enabled') return { status: 'not_applicable', evidence: 'Microsoft Authenticator is not enabled in the tenant.' };
    const features = asRecord(authenticator.featureSettings);
    const missing = Object.entries(FEATURES)
      .filter(([key]) => {
        const feature = asRecord(features?.[key]);
        return str(feature?.state) !== 'enabled' || str(asRecord(feature?.includeTarget)?.id) !== 'all_users';
      })
      .map(([key, label]) => `${label} (${str(asRecord(features?.[key])?.state) ?? 'not set'})`);
    if (missing.length === 0) return { status: 'pass', evidence: 'Authenticator notifications show the application name and location to all users.' };
    return { status: 'fail', evidence: `Authenticator notifications do not show: ${missing.join(', ')}.` };
  },
});
