import { describe, expect, it } from 'vitest';
import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { boxPostureChecks } from './index.js';
import { enterprise } from './examples.js';

const status = (id: string, snapshot: SettingsSnapshot) => {
  const check = boxPostureChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.evaluate(snapshot);
};

describe('Box posture checks', () => {
  it('are BOX-01..02 with metadata, and not_applicable when nothing was collected', () => {
    expect(boxPostureChecks.map((c) => c.id)).toEqual(['BOX-01', 'BOX-02']);
    for (const c of boxPostureChecks) expect(c.evaluate({}).status).toBe('not_applicable');
  });

  it('pass on the well-kept enterprise of the fixture', () => {
    expect(['BOX-01', 'BOX-02'].map((id) => status(id, enterprise()).status)).toEqual(['pass', 'pass']);
  });

  it('BOX-01 names every exempt admin and counts them', () => {
    const result = status('BOX-01', enterprise((d) => { d.users.admins[0].exemptFromLoginVerification = true; d.users.admins[1].exemptFromLoginVerification = true; }));
    expect(result.status).toBe('fail');
    expect(result.observed).toBe(2);
    expect(result.evidence).toContain('alex.morgan@northwind-legal.example, co.admin@northwind-legal.example');
  });

  it('BOX-02 fails on an empty allow-list, and says which scope to grant when Box refused to show it', () => {
    expect(status('BOX-02', enterprise((d) => (d.collaboration_allowlist.entries = []))).status).toBe('fail');
    const refused = status('BOX-02', enterprise((d) => (d.collaboration_allowlist = { error: 'Box refused the allow-list (HTTP 403): grant the app scope "Manage enterprise properties" and re-authorise the app.' })));
    expect(refused).toMatchObject({ status: 'error' });
    expect(refused.evidence).toContain('Manage enterprise properties');
  });
});
