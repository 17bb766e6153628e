import { defineCheck } from '../../sdk/define-check.js';
import { str } from '../../sdk/normalize-helpers.js';
import { GLOBAL_ADMINISTRATOR } from '../directory-roles.js';
import { SETTINGS_KEYS } from '../streams/settings.js';
import { items } from './settings-read.js';

export default defineCheck({
  id: 'M365-10',
  title: 'Between two and eight Global Administrators',
  severity: 'high',
  rationale: 'One Global Administrator is a single point of failure; many multiply the accounts whose compromise is total.',
  remediation: 'Keep 2 to 8 users in the Global Administrator role (counting members of role-assignable groups); move day-to-day work to narrower roles such as User or Exchange Administrator.',
  reference: 'CISA ScubaGear MS.AAD.7.1',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.privilegedRoles];
    if (!doc) return { status: 'not_applicable', evidence: 'Directory role assignments were not collected.' };
    const admins = new Map<string, string>();
    for (const holding of items(doc.value)) {
      if (str(holding.roleTemplateId) !== GLOBAL_ADMINISTRATOR || str(holding.principalType) !== 'user') continue;
      const id = str(holding.principalId);
      if (id) admins.set(id, str(holding.userPrincipalName) ?? id);
    }
    const count = admins.size;
    const list = [...admins.values()].sort();
    const details = { count, globalAdministrators: list };
    if (count >= 2 && count <= 8) return { status: 'pass', evidence: `${count} users hold Global Administrator: ${list.join(', ')}.`, details };
    return { status: 'fail', evidence: `${count} user(s) hold Global Administrator${count ? `: ${list.join(', ')}` : ''}; keep between 2 and 8.`, details };
  },
});
