import { defineCheck } from '../../sdk/define-check.js';
import { settingMeetsStandard } from './health-check.js';

export default defineCheck({
  id: 'SF-03',
  title: 'Sessions time out within the baseline',
  severity: 'medium',
  rationale: 'An idle session left open on a shared or lost device keeps working until it times out; Salesforce\'s baseline is two hours or less.',
  remediation: 'Setup → Session Settings → Timeout value: 2 hours or less (and Force logout on session timeout).',
  reference: 'Salesforce Health Check: Timeout value',
  expected: 'Timeout value meets the Health Check standard',
  requires: ['View Setup and Configuration'],
  evaluate: (settings) => settingMeetsStandard(settings, 'Timeout value'),
});
