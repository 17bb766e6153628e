import { defineCheck } from '../../sdk/define-check.js';
import { num, str } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';
import { items } from './settings-read.js';

const NEVER = 2147483647;

export default defineCheck({
  id: 'M365-14',
  title: 'Passwords do not expire',
  severity: 'low',
  rationale: 'Forced periodic changes push people to predictable passwords; current NIST and Microsoft guidance is to change passwords only on evidence of compromise.',
  remediation: 'In the Microsoft 365 admin center → Settings → Org settings → Security & privacy → Password expiration policy, set passwords to never expire (each verified domain\'s passwordValidityPeriodInDays = 2147483647).',
  reference: 'CISA ScubaGear MS.AAD.6.1',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.domains];
    if (!doc) return { status: 'not_applicable', evidence: 'Domains were not collected.' };
    const roots = items(doc.value).filter((d) => d.isVerified === true && d.isRoot === true);
    if (roots.length === 0) return { status: 'not_applicable', evidence: 'No verified root domain was found.' };
    const expiring = roots.filter((d) => {
      const days = num(d.passwordValidityPeriodInDays);
      return days !== null && days !== NEVER;
    });
    if (expiring.length === 0) return { status: 'pass', evidence: `Passwords never expire on ${roots.map((d) => str(d.id)).join(', ')}.` };
    return { status: 'fail', evidence: `Passwords expire on ${expiring.map((d) => `${str(d.id)} (every ${num(d.passwordValidityPeriodInDays)} days)`).join(', ')}.` };
  },
});
