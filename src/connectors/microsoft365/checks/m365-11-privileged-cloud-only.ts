import { defineCheck } from '../../sdk/define-check.js';
import { str } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';
import { items } from './settings-read.js';

export default defineCheck({
  id: 'M365-11',
  title: 'Privileged accounts are cloud-only',
  severity: 'high',
  rationale: 'An administrator synchronised from on-premises Active Directory can be taken over from the on-premises domain, bridging an on-premises compromise into the cloud tenant.',
  remediation: 'Give each administrator a separate cloud-only account (created in Entra ID, not synchronised) and remove privileged roles from synchronised accounts.',
  reference: 'CISA ScubaGear MS.AAD.7.3',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.privilegedRoles];
    if (!doc) return { status: 'not_applicable', evidence: 'Directory role assignments were not collected.' };
    const synced = new Map<string, string[]>();
    let privilegedUsers = 0;
    const seen = new Set<string>();
    for (const holding of items(doc.value)) {
      if (holding.privileged !== true || str(holding.principalType) !== 'user') continue;
      const upn = str(holding.userPrincipalName) ?? str(holding.principalId) ?? '?';
      if (!seen.has(upn)) {
        seen.add(upn);
        privilegedUsers++;
      }
      if (holding.onPremisesSyncEnabled === true) synced.set(upn, [...(synced.get(upn) ?? []), str(holding.roleName) ?? '?']);
    }
    if (privilegedUsers === 0) return { status: 'not_applicable', evidence: 'No user holds a privileged directory role.' };
    if (synced.size === 0) return { status: 'pass', evidence: `All ${privilegedUsers} privileged users are cloud-only.` };
    const list = [...synced].map(([upn, roles]) => `${upn} (${[...new Set(roles)].join(', ')})`);
    return { status: 'fail', evidence: `Privileged roles are held by accounts synchronised from on-premises: ${list.join('; ')}.`, details: { synced: [...synced.keys()] } };
  },
});
