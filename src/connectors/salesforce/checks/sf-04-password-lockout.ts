import { defineCheck } from '../../sdk/define-check.js';
import { settingMeetsStandard } from './health-check.js';

export default defineCheck({
  id: 'SF-04',
  title: 'Accounts lock after a few invalid log-ins',
  severity: 'high',
  rationale: 'Without a low lockout threshold, password guessing against Salesforce users goes on unhindered.',
  remediation: 'Setup → Password Policies → Maximum invalid login attempts: 5 or fewer (3 is the baseline).',
  reference: 'Salesforce Health Check: Maximum invalid login attempts',
  expected: 'Maximum invalid login attempts meets the Health Check standard',
  requires: ['View Setup and Configuration'],
  evaluate: (settings) => settingMeetsStandard(settings, 'Maximum invalid login attempts'),
});
