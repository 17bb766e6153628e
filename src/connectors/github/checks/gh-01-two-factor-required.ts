import { defineCheck } from '../../sdk/define-check.js';
import { MEMBERS_WITHOUT_2FA_KEY } from '../streams/settings.js';
import { orgSettings, ownerField } from './org-settings.js';

export default defineCheck({
  id: 'GH-01',
  title: 'Two-factor authentication is required of every member',
  severity: 'high',
  rationale: 'A GitHub password alone guards source code, secrets in repositories and the organisation itself; requiring 2FA removes members and outside collaborators who have not set it up.',
  remediation: 'Organisation → Settings → Authentication security → "Require two-factor authentication for everyone in the organisation". Members without 2FA are removed when it is turned on: ask them to enable it first (the check lists them).',
  reference: 'CIS GitHub Benchmark 1.3.5',
  evaluate(settings) {
    const org = orgSettings(settings);
    if (!org) return { status: 'not_applicable', evidence: 'The organisation settings were not collected.' };
    const required = ownerField(org, 'two_factor_requirement_enabled');
    if (typeof required !== 'boolean') return { status: 'not_applicable', evidence: 'two_factor_requirement_enabled is not visible: the connection needs owner rights (App permission Administration: read).' };
    const without = settings[MEMBERS_WITHOUT_2FA_KEY];
    const logins = Array.isArray(without?.logins) ? (without.logins as unknown[]).filter((l): l is string => typeof l === 'string') : [];
    if (required) return { status: 'pass', evidence: 'two_factor_requirement_enabled is true: every member and outside collaborator must use 2FA.' };
    return {
      status: 'fail',
      evidence: `two_factor_requirement_enabled is false${logins.length ? `; ${logins.length} member(s) have no 2FA (${logins.slice(0, 5).join(', ')}${logins.length > 5 ? ', …' : ''})` : ''}.`,
      details: { membersWithout2fa: logins },
    };
  },
});
