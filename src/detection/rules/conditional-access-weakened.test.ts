import { describe, expect, it } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { conditionalAccessWeakened, weakenings } from './conditional-access-weakened.js';

describe('detection.conditional-access-weakened', () => ruleExampleSuite(conditionalAccessWeakened));

describe('weakenings: each way a Conditional Access change can weaken an enforced policy, and changes that do not', () => {
  const enforced = {
    displayName: 'Require MFA for all users',
    state: 'enabled',
    conditions: { users: { includeUsers: ['All'], excludeUsers: ['break-glass'] }, applications: { includeApplications: ['All'] } },
    grantControls: { builtInControls: ['mfa', 'compliantDevice'] },
  };
  const edit = (change: (p: typeof enforced) => unknown) => change(structuredClone(enforced)) as typeof enforced;

  it.each([
    ['renamed only', edit((p) => ({ ...p, displayName: 'MFA everywhere' })), []],
    ['the state left out of a partial change', edit(({ state: _state, ...p }) => p), []],
    ['report-only', edit((p) => ({ ...p, state: 'enabledForReportingButNotEnforced' })), ['its state went from enabled to enabledForReportingButNotEnforced']],
    ['two users excluded', edit((p) => ({ ...p, conditions: { ...p.conditions, users: { ...p.conditions.users, excludeUsers: ['break-glass', 'kim', 'lee'] } } })), ['2 users were excluded from it']],
    ['all users narrowed to a group', edit((p) => ({ ...p, conditions: { ...p.conditions, users: { includeUsers: [], includeGroups: ['g-pilot'], excludeUsers: ['break-glass'] } } })), ['it no longer applies to all users']],
    ['still all users, spelled in capitals', edit((p) => ({ ...p, conditions: { ...p.conditions, users: { ...p.conditions.users, includeUsers: ['ALL'] } } })), []],
    ['MFA dropped, a compliant device still required', edit((p) => ({ ...p, grantControls: { builtInControls: ['compliantDevice'] } })), ['it no longer requires mfa']],
    ['terms of use added beside MFA', edit((p) => ({ ...p, grantControls: { builtInControls: ['mfa', 'compliantDevice', 'termsOfUse'] } })), []],
  ])('%s', (_name, after, expected) => {
    expect(weakenings(enforced, after, false)).toEqual(expected);
  });

  it('a policy not enforced before protects nothing yet: editing it weakens nothing', () => {
    const reportOnly = { ...enforced, state: 'enabledForReportingButNotEnforced' };
    expect(weakenings(reportOnly, { ...reportOnly, grantControls: { builtInControls: [] } }, false)).toEqual([]);
    expect(weakenings(reportOnly, null, true)).toEqual([]);
  });

  it('a change whose new value cannot be read says nothing about it (never a guess)', () => {
    expect(weakenings(enforced, null, false)).toEqual([]);
  });

  it('a deletion weakens when the policy was enforced, or when what was deleted is unknown', () => {
    expect(weakenings(enforced, null, true)).toEqual(['the policy was deleted']);
    expect(weakenings(null, null, true)).toEqual(['the policy was deleted']);
  });

  it('losing a weak control (terms of use) is no weakening', () => {
    const withTerms = { ...enforced, grantControls: { builtInControls: ['mfa', 'termsOfUse'] } };
    expect(weakenings(withTerms, { ...withTerms, grantControls: { builtInControls: ['mfa'] } }, false)).toEqual([]);
  });
});
