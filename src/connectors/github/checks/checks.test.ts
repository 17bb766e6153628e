import { describe, expect, it } from 'vitest';
import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { githubPostureChecks } from './index.js';
import { org } from './examples.js';

type Doc = Record<string, unknown>;

const settings = org;

const status = (id: string, snapshot: SettingsSnapshot) => {
  const check = githubPostureChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.evaluate(snapshot);
};

describe('GitHub posture checks', () => {
  it('pass on a hardened organisation', () => {
    for (const check of githubPostureChecks) expect(check.evaluate(settings()).status, check.id).toBe('pass');
  });

  it('GH-01 fails when 2FA is not required and names the members without it', () => {
    const result = status('GH-01', settings((d) => {
      (d.organization as Doc).two_factor_requirement_enabled = false;
      d['members-without-2fa'] = { count: 2, logins: ['mkim', 'lfoster'] };
    }));
    expect(result.status).toBe('fail');
    expect(result.evidence).toMatch(/mkim, lfoster/);
    expect(result.details).toEqual({ membersWithout2fa: ['mkim', 'lfoster'] });
  });

  it('GH-02 fails on write or admin base permission, passes on none', () => {
    expect(status('GH-02', settings((d) => ((d.organization as Doc).default_repository_permission = 'write'))).status).toBe('fail');
    expect(status('GH-02', settings((d) => ((d.organization as Doc).default_repository_permission = 'admin'))).status).toBe('fail');
    expect(status('GH-02', settings((d) => ((d.organization as Doc).default_repository_permission = 'none'))).status).toBe('pass');
  });

  it('GH-03 fails when members can create public repositories', () => {
    expect(status('GH-03', settings((d) => ((d.organization as Doc).members_can_create_public_repositories = true))).status).toBe('fail');
  });

  it('are not applicable when the owner-only fields are absent (a non-owner token) or nothing was collected', () => {
    const nonOwner = settings((d) => {
      d.organization = { login: 'northwind-legal', id: 1 };
    });
    for (const check of githubPostureChecks) {
      expect(check.evaluate(nonOwner).status, check.id).toBe('not_applicable');
      expect(check.evaluate({}).status, check.id).toBe('not_applicable');
    }
  });
});
