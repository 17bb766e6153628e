import { describe, expect, it } from 'vitest';
import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { slackPostureChecks } from './index.js';
import { sessionHours } from './slack-02-session-duration.js';
import { org } from './examples.js';

const settings = org;

const status = (id: string, snapshot: SettingsSnapshot) => {
  const check = slackPostureChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.evaluate(snapshot);
};

describe('Slack posture checks', () => {
  it('are SLACK-01..03 with metadata, and not_applicable when nothing was collected', () => {
    expect(slackPostureChecks.map((c) => c.id)).toEqual(['SLACK-01', 'SLACK-02', 'SLACK-03']);
    for (const c of slackPostureChecks) {
      expect(c.rationale.length).toBeGreaterThan(20);
      expect(c.remediation.length).toBeGreaterThan(20);
      expect(c.evaluate({}).status).toBe('not_applicable');
    }
  });

  it('pass on the well-kept org of the fixture', () => {
    for (const id of ['SLACK-01', 'SLACK-02', 'SLACK-03']) expect(status(id, settings()).status, id).toBe('pass');
  });

  it('SLACK-01 fails when SSO was made optional, naming who and when; not_applicable when it never changed', () => {
    const result = status('SLACK-01', settings((d) => (d.prefs.sso_setting_changed = { value: 'optional', changedAt: Date.UTC(2026, 10, 19), changedBy: 'oliver.evans@northwind-legal.example' })));
    expect(result.status).toBe('fail');
    expect(result.evidence).toContain('2026-11-19 by oliver.evans@northwind-legal.example');
    expect(status('SLACK-01', settings((d) => (d.prefs.sso_setting_changed = null))).status).toBe('not_applicable');
    const setTo = (value: string) => status('SLACK-01', settings((d) => (d.prefs.sso_setting_changed = { value, changedAt: Date.UTC(2026, 10, 19), changedBy: 'oliver.evans@northwind-legal.example' }))).status;
    expect(['required', 'true', 'false', 'off', 'optional'].map(setTo)).toEqual(['pass', 'pass', 'fail', 'fail', 'fail']);
  });

  it('SLACK-02 fails over a week, reads days and hours, and leaves unreadable values not_applicable', () => {
    expect(status('SLACK-02', settings((d) => (d.prefs.session_duration_changed.value = '720'))).status).toBe('fail');
    expect(status('SLACK-02', settings((d) => (d.prefs.session_duration_changed.value = '30 days'))).status).toBe('fail');
    expect(status('SLACK-02', settings((d) => (d.prefs.session_duration_changed.value = '7 days'))).status).toBe('pass');
    expect(['168', '169'].map((hours) => status('SLACK-02', settings((d) => (d.prefs.session_duration_changed.value = hours))).status)).toEqual(['pass', 'fail']);
    expect(status('SLACK-02', settings((d) => (d.prefs.session_duration_changed.value = 'forever'))).status).toBe('not_applicable');
    expect([sessionHours('12'), sessionHours('2d'), sessionHours('8 hours'), sessionHours('x')]).toEqual([12, 48, 8, null]);
  });

  it('SLACK-03 fails when Slack refuses the app request queue, with its error', () => {
    const result = status('SLACK-03', settings((d) => (d.app_approval = { enabled: false, error: 'app_management_app_not_installed_on_org' })));
    expect(result.status).toBe('fail');
    expect(result.evidence).toContain('app_management_app_not_installed_on_org');
  });
});
