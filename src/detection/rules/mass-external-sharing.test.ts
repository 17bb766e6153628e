import { describe, expect, it } from 'vitest';
import { benignKey } from '../../core/benign-windows.js';
import { buildActivity } from '../activity-builder.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { userKeyOf } from '../subjects.js';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { massExternalSharing } from './mass-external-sharing.js';

describe('detection.mass-external-sharing', () => {
  ruleExampleSuite(massExternalSharing);

  it('loads the user’s windows dismissed as benign along with their baseline, as mass download does', () => {
    const activity = buildActivity({ action: 'file.public_link_created', actor: { email: 'ivy@acme.example' } });
    const key = userKeyOf(activity) as string;
    expect(massExternalSharing.stateKeys?.({ activity, userKey: key } as unknown as EnrichedActivity, { directory: () => null })).toEqual([`u:${key}`, benignKey(key)]);
  });
});
