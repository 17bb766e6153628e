import { defineCheck } from '../../sdk/define-check.js';
import { settingMeetsStandard } from './health-check.js';

export default defineCheck({
  id: 'SF-05',
  title: 'Passwords are long enough',
  severity: 'medium',
  rationale: 'Short passwords fall to guessing and cracking; Salesforce\'s baseline asks for at least 8 characters, stronger policies 12 or more.',
  remediation: 'Setup → Password Policies → Minimum password length: 12 characters or more.',
  reference: 'Salesforce Health Check: Minimum password length',
  expected: 'Minimum password length meets the Health Check standard',
  requires: ['View Setup and Configuration'],
  evaluate: (settings) => settingMeetsStandard(settings, 'Minimum password length'),
});
