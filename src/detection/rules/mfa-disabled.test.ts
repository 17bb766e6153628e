import { describe, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at } from './example-helpers.js';
import { mfaDisabled } from './mfa-disabled.js';

describe('detection.mfa-disabled', () => ruleExampleSuite(mfaDisabled));

/** Edges the documented examples leave out. */
describe('detection.mfa-disabled beyond its examples', () => {
  const own: ActivityInput = { id: 'own', provider: 'okta', app: 'Okta', action: 'mfa.disabled', eventType: 'user.mfa.factor.deactivate', actor: { email: 'ann@example.com', userId: 'u1' }, targets: [{ type: 'user', id: 'u1', name: 'Ann', email: 'ann@example.com' }], time: at(1, 9) };

  it('someone removing their own factor alerts only at high sensitivity, at low severity', async () => {
    for (const sensitivity of ['low', 'medium'] as const) await expectExample(mfaDisabled, { name: sensitivity, settings: { sensitivity }, activities: [own], expect: { alerts: 0 } });
    await expectExample(mfaDisabled, {
      name: 'high',
      settings: { sensitivity: 'high' },
      activities: [own],
      expect: { alerts: 1, severity: 'low', activityIds: [['own']], explanationContains: 'ann@example.com removed an MFA factor from their own account in Okta (user.mfa.factor.deactivate).' },
    });
  });

  it('a failed attempt to remove MFA raises nothing', async () => {
    const failed: ActivityInput = { ...own, actor: { email: 'admin@example.com', type: 'admin' }, outcome: 'failure' };
    await expectExample(mfaDisabled, { name: 'failed', activities: [failed], expect: { alerts: 0 } });
  });
});
