import { describe, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { appCredentialAdded } from './app-credential-added.js';
import { at } from './example-helpers.js';

describe('detection.app-credential-added', () => ruleExampleSuite(appCredentialAdded));

/** `who` adds a secret to the HR Sync app on `day`. */
const secret = (id: string, who: string, day: number, extra: Partial<ActivityInput> = {}): ActivityInput => ({
  id,
  provider: 'microsoft365',
  app: 'Entra ID',
  action: 'credential.created',
  eventType: 'Update application – Certificates and secrets management ',
  actor: { email: who },
  targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }],
  time: at(day, 10),
  ...extra,
});
/** Dev maintains the app: two rotations while the app's changes are learned. */
const MAINTAINED = [secret('rot1', 'dev@example.com', 0), secret('rot2', 'dev@example.com', 1)];

/** Edges the documented examples leave out. */
describe('detection.app-credential-added beyond its examples', () => {
  it("the app's own maintainer rotating its secret alerts only at high sensitivity (everyChange)", async () => {
    const rotation = [...MAINTAINED, secret('rot3', 'dev@example.com', 5)];
    for (const sensitivity of ['low', 'medium'] as const) await expectExample(appCredentialAdded, { name: sensitivity, settings: { sensitivity }, activities: rotation, expect: { alerts: 0 } });
    await expectExample(appCredentialAdded, { name: 'high', settings: { sensitivity: 'high' }, activities: rotation, expect: { alerts: 1, subjects: ['dev@example.com'], activityIds: [['rot3']] } });
  });

  it('a failed attempt to add a secret raises nothing', async () => {
    await expectExample(appCredentialAdded, { name: 'failed', activities: [...MAINTAINED, secret('try', 'sys@example.com', 3, { outcome: 'failure' })], expect: { alerts: 0 } });
  });

  it('an owner added on its own says who was made owner', async () => {
    const owner: ActivityInput = { ...secret('owner', 'sys@example.com', 3), action: 'other', eventType: 'Add owner to service principal.', targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }, { type: 'user', id: 'u-x', name: null, email: 'x@example.com' }] };
    await expectExample(appCredentialAdded, { name: 'owner', activities: [...MAINTAINED, owner], expect: { alerts: 1, explanationContains: 'sys@example.com made x@example.com an owner of the app "HR Sync" in Entra ID (Add owner to service principal.); its credentials and owners were managed before only by dev@example.com.' } });
  });

  it('other changes to an app (no owner added) are not credential changes', async () => {
    const renamed: ActivityInput = { ...secret('renamed', 'sys@example.com', 3), action: 'other', eventType: 'Update application.' };
    await expectExample(appCredentialAdded, { name: 'renamed', activities: [...MAINTAINED, renamed], expect: { alerts: 0 } });
  });
});
