import { describe, expect, it } from 'vitest';
import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { dropboxPostureChecks } from './index.js';
import { team } from './examples.js';

const status = (id: string, snapshot: SettingsSnapshot) => {
  const check = dropboxPostureChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.evaluate(snapshot);
};

describe('Dropbox posture checks', () => {
  it('are DBX-01..04 with metadata, and not_applicable when nothing was collected', () => {
    expect(dropboxPostureChecks.map((c) => c.id)).toEqual(['DBX-01', 'DBX-02', 'DBX-03', 'DBX-04']);
    for (const c of dropboxPostureChecks) {
      expect(c.rationale.length).toBeGreaterThan(20);
      expect(c.remediation.length).toBeGreaterThan(20);
      expect(c.evaluate({}).status).toBe('not_applicable');
    }
  });

  it('pass on the well-kept team of the fixture; the 2-step check says it cannot be read', () => {
    expect(status('DBX-01', team()).status).toBe('pass');
    expect(status('DBX-02', team()).status).toBe('pass');
    const tfa = status('DBX-03', team());
    expect(tfa.status).toBe('not_applicable');
    expect(tfa.evidence).toMatch(/^Not evaluated: .*Admin Console/);
  });

  it('DBX-01 fails on public links by default, DBX-02 on folders shared with anyone', () => {
    expect(status('DBX-01', team((d) => (d.policies.sharing.shared_link_create_policy = 'default_public'))).status).toBe('fail');
    expect(status('DBX-02', team((d) => (d.policies.sharing.shared_folder_member_policy = 'anyone'))).evidence).toContain('outside the team');
  });

  it('DBX-04 fails when members may join folders shared from outside', () => {
    expect(status('DBX-04', team()).status).toBe('pass');
    expect(status('DBX-04', team((d) => (d.policies.sharing.shared_folder_join_policy = 'from_anyone'))).status).toBe('fail');
  });

  it('report an error, not a pass, when team/get_info left the policy out', () => {
    expect(status('DBX-01', team((d) => delete d.policies.sharing.shared_link_create_policy)).status).toBe('error');
  });
});
