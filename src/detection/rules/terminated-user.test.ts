import { describe, expect, it } from 'vitest';
import { buildActivity } from '../activity-builder.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import type { DirectoryFacts } from '../rule.js';
import { userKeyOf } from '../subjects.js';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { terminatedUser } from './terminated-user.js';

describe('detection.terminated-user', () => {
  ruleExampleSuite(terminatedUser);

  const enriched = (actor: { email?: string; userId?: string }): EnrichedActivity => {
    const activity = buildActivity({ connectorInstanceId: 'slack-1', provider: 'slack', action: 'file.viewed', actor });
    return { activity, intel: { rangeTags: [] } as never, userKey: userKeyOf(activity) };
  };
  const facts = (idp: string | null): DirectoryFacts => ({ accountStatus: 'active', identityStatus: 'active', identityId: null, identityProviderInstanceId: idp, groups: [] });
  const keysOf = (e: EnrichedActivity, idp: string | null) => terminatedUser.stateKeys?.(e, { directory: () => facts(idp) });

  it("watches the actor's account in this app by e-mail and provider id, and their identity at the identity provider by e-mail", () => {
    const e = enriched({ email: ' Ann@Example.com', userId: 'U42' });
    expect(keysOf(e, 'okta-1')).toEqual(['t:slack-1:ann@example.com', 't:slack-1:slack:U42', 't:okta-1:ann@example.com']);
    expect(keysOf(e, 'slack-1')).toEqual(['t:slack-1:ann@example.com', 't:slack-1:slack:U42']);
    expect(keysOf(e, null)).toEqual(['t:slack-1:ann@example.com', 't:slack-1:slack:U42']);
    // A provider id that is an e-mail links the person across apps too; no e-mail, no link by it.
    expect(keysOf(enriched({ userId: 'bob@example.com' }), 'okta-1')).toEqual(['t:slack-1:slack:bob@example.com', 't:okta-1:slack:bob@example.com']);
    expect(keysOf(enriched({ userId: 'U7' }), 'okta-1')).toEqual(['t:slack-1:slack:U7']);
  });
});
