import { describe, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at } from './example-helpers.js';
import { repositoryMadePublic } from './repository-made-public.js';

describe('detection.repository-made-public', () => ruleExampleSuite(repositoryMadePublic));

const change = (id: string, field: string, old: string | null | undefined, next: string): ActivityInput => ({
  id,
  provider: 'github',
  app: 'GitHub',
  action: 'file.public_link_created',
  eventType: 'repo.access',
  actor: { email: 'jordan@example.com' },
  targets: [{ type: 'file', id: '4242', name: 'acme/e-discovery', changes: [{ field, ...(old === undefined ? {} : { old }), new: next }] }],
  time: at(3, 14),
});

/** Edges the documented examples leave out. */
describe('detection.repository-made-public beyond its examples', () => {
  it('a repository already public, saved again, or another field set to "public", is no publication', async () => {
    await expectExample(repositoryMadePublic, { name: 'public again', activities: [change('again', 'visibility', 'Public', 'public')], expect: { alerts: 0 } });
    await expectExample(repositoryMadePublic, { name: 'other field', activities: [change('other', 'default_branch', 'main', 'public')], expect: { alerts: 0 } });
  });

  it('a publication whose earlier visibility the record does not give alerts without claiming one; the field and value are read in any case', async () => {
    for (const old of [undefined, null]) {
      await expectExample(repositoryMadePublic, { name: String(old), activities: [change('pub', 'Visibility', old, 'PUBLIC')], expect: { alerts: 1, explanationContains: 'made the repository acme/e-discovery public in GitHub: anyone can now read' } });
    }
  });
});
