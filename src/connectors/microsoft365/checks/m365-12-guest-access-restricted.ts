import { defineCheck } from '../../sdk/define-check.js';
import { str } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';

const ROLES: Record<string, string> = {
  'a0b1b346-4d3e-4e8b-98f8-753987be4970': 'the same access as members',
  '10dae51f-b6af-4016-8d66-8c2a99b929b3': 'limited access (the default)',
  '2af84b1e-32c8-42b7-82bc-daa82404023b': 'restricted access',
};

export default defineCheck({
  id: 'M365-12',
  title: 'Guest access to the directory is restricted',
  severity: 'medium',
  rationale: 'Guests with member-level access can enumerate every user, group and app in the directory, which helps an attacker who compromises a partner account.',
  remediation: 'In Entra admin center → External Identities → External collaboration settings, set Guest user access to "Guest users have limited access..." or, better, "Guest user access is restricted to properties and memberships of their own directory objects".',
  reference: 'CISA ScubaGear MS.AAD.8.1; EIDSCA AP07',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.authorizationPolicy];
    if (!doc) return { status: 'not_applicable', evidence: 'The authorization policy was not collected.' };
    const roleId = str(doc.guestUserRoleId)?.toLowerCase() ?? '';
    const label = ROLES[roleId] ?? `an unknown role (${roleId || 'not set'})`;
    if (roleId === '10dae51f-b6af-4016-8d66-8c2a99b929b3' || roleId === '2af84b1e-32c8-42b7-82bc-daa82404023b') return { status: 'pass', evidence: `Guests have ${label}.` };
    return { status: 'fail', evidence: `Guests have ${label}.` };
  },
});
