import { defineCheck } from '../../sdk/define-check.js';
import { str } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';
import { items } from './settings-read.js';

const WEAK = ['Sms', 'Voice', 'Email'];

export default defineCheck({
  id: 'M365-05',
  title: 'Weak authentication methods are turned off',
  severity: 'medium',
  rationale: 'SMS and voice codes can be intercepted or SIM-swapped and e-mail codes land in the very mailbox an attacker may control; the authentication-methods policy should only allow strong methods and be the single place methods are managed.',
  remediation:
    'In Entra admin center → Protection → Authentication methods → Policies, disable SMS, Voice call and Email OTP, then complete the migration from the legacy MFA and SSPR policies (Manage migration → Migration complete).',
  reference: 'CISA ScubaGear MS.AAD.3.4/3.5; EIDSCA AG01',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.authenticationMethods];
    if (!doc) return { status: 'not_applicable', evidence: 'The authentication methods policy was not collected.' };
    const configs = items(doc.authenticationMethodConfigurations);
    const enabledWeak = WEAK.filter((id) => str(configs.find((c) => str(c.id)?.toLowerCase() === id.toLowerCase())?.state) === 'enabled');
    const migration = str(doc.policyMigrationState);
    const problems = [...enabledWeak.map((m) => `${m} is enabled`), ...(migration === 'migrationComplete' ? [] : [`policy migration is "${migration ?? 'unknown'}", not migrationComplete`])];
    if (problems.length === 0) return { status: 'pass', evidence: 'SMS, Voice and Email OTP are disabled and the methods policy migration is complete.' };
    return { status: 'fail', evidence: `${problems.join('; ')}.`, details: { enabledWeakMethods: enabledWeak, policyMigrationState: migration } };
  },
});
