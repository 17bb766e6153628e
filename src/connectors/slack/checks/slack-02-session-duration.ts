import { defineCheck } from '../../sdk/define-check.js';
import { readPref, when } from './read-prefs.js';

/** The longest session the check accepts: a week. */
export const MAX_SESSION_HOURS = 168;

/** Slack words the duration in hours, or as `N days`/`N hours`. */
export function sessionHours(value: string): number | null {
  const text = value.trim().toLowerCase();
  const match = /^(\d+(?:\.\d+)?)\s*(h|hours?|d|days?)?$/.exec(text);
  if (!match) return null;
  const n = Number(match[1]);
  return match[2]?.startsWith('d') ? n * 24 : n;
}

export default defineCheck({
  id: 'SLACK-02',
  title: 'Sessions expire within a week',
  severity: 'medium',
  rationale: 'A stolen Slack session cookie works until the session ends: long sessions (Slack allows up to 90 days) keep an attacker, or a lost laptop, in the org for weeks.',
  remediation: `In the org dashboard → Security → Session management, set the session duration to ${MAX_SESSION_HOURS / 24} days or less (and idle timeout where available).`,
  reference: 'Slack: manage session duration',
  evaluate(settings) {
    const pref = readPref(settings, 'session_duration_changed');
    if (pref === undefined) return { status: 'not_applicable', evidence: 'Slack settings were not collected.' };
    if (pref === null || pref.value === null) return { status: 'not_applicable', evidence: 'The session duration did not change in the last 180 days of the audit log: confirm it in the org dashboard.' };
    const hours = sessionHours(pref.value);
    if (hours === null) return { status: 'not_applicable', evidence: `The session duration was set to "${pref.value}" ${when(pref)}, a value this check cannot read.` };
    if (hours <= MAX_SESSION_HOURS) return { status: 'pass', evidence: `Sessions last ${hours} hours (set ${when(pref)}).`, details: { hours } };
    return { status: 'fail', evidence: `Sessions last ${hours} hours (set ${when(pref)}), more than ${MAX_SESSION_HOURS}.`, details: { hours } };
  },
});
