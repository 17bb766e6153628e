import { defineCheck } from '../../sdk/define-check.js';
import { num } from '../../sdk/normalize-helpers.js';
import { activePolicies, activeRules, at, nameOf } from './settings-read.js';

const MAX_LIFETIME_MINUTES = 12 * 60;
const MAX_IDLE_MINUTES = 2 * 60;

export default defineCheck({
  id: 'OKTA-02',
  title: 'Okta sessions end within 12 hours and after 2 idle hours, without persistent cookies',
  severity: 'medium',
  rationale: 'A stolen session cookie is as good as the password and the second factor. Unlimited lifetimes (0) and persistent cookies let one stolen cookie work for days.',
  remediation: `Admin Console → Security → Global Session Policy → edit each rule: "Maximum Okta global session lifetime" ${MAX_LIFETIME_MINUTES / 60} hours or less (not unlimited), idle time ${MAX_IDLE_MINUTES} minutes or less, and "Okta global session cookies persist across browser sessions" off.`,
  reference: 'CIS Okta benchmark 2.2; NIST SP 800-63B §7.2',
  evaluate(settings) {
    const policies = activePolicies(settings, 'OKTA_SIGN_ON');
    if (policies === null) return { status: 'not_applicable', evidence: 'Global session policies were not collected.' };
    const rules = policies.flatMap((p) => activeRules(p).map((r) => ({ p, r })));
    const allowing = rules.filter(({ r }) => at(r, 'actions.signon.access') !== 'DENY');
    if (allowing.length === 0) return { status: 'not_applicable', evidence: 'No active global session rule allows sign-in.' };
    const problems: string[] = [];
    for (const { p, r } of allowing) {
      const lifetime = num(at(r, 'actions.signon.session.maxSessionLifetimeMinutes')) ?? 0;
      const idle = num(at(r, 'actions.signon.session.maxSessionIdleMinutes')) ?? 120;
      const where = `${nameOf(p)} rule ${nameOf(r)}`;
      if (lifetime === 0 || lifetime > MAX_LIFETIME_MINUTES) problems.push(`${where} keeps sessions ${lifetime === 0 ? 'without a lifetime limit' : `for ${lifetime} minutes`}`);
      if (idle > MAX_IDLE_MINUTES) problems.push(`${where} allows ${idle} idle minutes`);
      if (at(r, 'actions.signon.session.usePersistentCookie') === true) problems.push(`${where} uses persistent session cookies`);
    }
    if (problems.length === 0) return { status: 'pass', evidence: `All ${allowing.length} global session rules end sessions within ${MAX_LIFETIME_MINUTES / 60} hours and ${MAX_IDLE_MINUTES} idle minutes, without persistent cookies.` };
    return { status: 'fail', evidence: `${problems.join('; ')}.`, details: { problems } };
  },
});
