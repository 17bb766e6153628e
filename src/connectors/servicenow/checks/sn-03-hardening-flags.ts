import { defineCheck } from '../../sdk/define-check.js';
import { properties, property } from './settings-read.js';

/** Properties whose safe value is true, and what turning them off allows. */
export const HARDENING_FLAGS: readonly [string, string][] = [
  ['glide.security.use_csrf_token', 'cross-site request forgery against logged-on users'],
  ['glide.login.no_blank_password', 'accounts with an empty password'],
  ['glide.basicauth.required.scriptedprocessor', 'scripted processors called without authentication'],
  ['glide.security.strict_elevate_privilege', 'elevated roles (security_admin) used without elevating'],
];

export default defineCheck({
  id: 'SN-03',
  title: 'Security hardening properties are on (CSRF tokens, no blank passwords, authenticated processors, strict elevation)',
  severity: 'high',
  rationale: 'Each of these properties closes a known hole; turned off, it reopens it for every user of the instance.',
  remediation: `System Properties → set each to true: ${HARDENING_FLAGS.map(([n]) => n).join(', ')}.`,
  reference: 'ServiceNow Instance Security Hardening Settings',
  requires: ['read on sys_properties (admin)'],
  evaluate(settings) {
    const props = properties(settings);
    if (!props) return { status: 'not_applicable', evidence: 'System properties were not collected.' };
    const off = HARDENING_FLAGS.filter(([name]) => property(props, name) === 'false');
    if (off.length === 0) return { status: 'pass', evidence: `None of ${HARDENING_FLAGS.map(([n]) => n).join(', ')} is false.` };
    return { status: 'fail', evidence: off.map(([name, risk]) => `${name} is false (allows ${risk})`).join('; ') + '.', details: { off: off.map(([n]) => n) } };
  },
});
