import { describe, expect, it } from 'vitest';
import { benignKey } from '../../core/benign-windows.js';
import { buildActivity, type ActivityInput } from '../activity-builder.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { userKeyOf } from '../subjects.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import { massExternalSharing } from './mass-external-sharing.js';

describe('detection.mass-external-sharing', () => {
  ruleExampleSuite(massExternalSharing);

  it('loads the user’s windows dismissed as benign along with their baseline, as mass download does', () => {
    const activity = buildActivity({ action: 'file.public_link_created', actor: { email: 'ivy@acme.example' } });
    const key = userKeyOf(activity) as string;
    expect(massExternalSharing.stateKeys?.({ activity, userKey: key } as unknown as EnrichedActivity, { directory: () => null })).toEqual([`u:${key}`, benignKey(key)]);
  });
});

/** Edges the documented examples leave out (medium: 15 outside shares in an hour with no history of them). */
describe('detection.mass-external-sharing beyond its examples', () => {
  /** `n` shares by Ivy (contoso.com) with addresses at `domain`, 40 s apart. */
  const shares = (n: number, domain: string, prefix = domain): ActivityInput[] =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, provider: 'microsoft365', app: 'SharePoint', action: 'file.shared', actor: { email: 'ivy@contoso.com' }, targets: [{ type: 'user', id: `u${i}`, name: 'Someone', email: `person${i}@${domain}` }], time: at(10, 22) + i * 40_000 }));
  const HISTORY = dailySignIns('ivy@contoso.com', 10, PLACES.london);
  const verified = { 'ivy@contoso.com': { organisationDomains: ['contoso.com', 'contoso.co.uk'] } };

  it("shares with the organisation's other verified domains (a sister company) are not outside", async () => {
    await expectExample(massExternalSharing, { name: 'sister', directory: verified, activities: [...HISTORY, ...shares(25, 'contoso.co.uk')], expect: { alerts: 0 } });
  });

  it("without the provider's verified domains only the sharer's own domain is inside, and the rest counts", async () => {
    await expectExample(massExternalSharing, { name: 'unknown', activities: [...HISTORY, ...shares(25, 'contoso.co.uk')], expect: { alerts: 1, explanationContains: 'shared 25 items outside' } });
  });

  it('only the outside shares count when both are mixed: 14 outside ones are not 15', async () => {
    const mixed = [...shares(14, 'gmail.com'), ...shares(20, 'contoso.co.uk', 'sister').map((a, i) => ({ ...a, time: (a.time as number) + 20_000 + i }))];
    await expectExample(massExternalSharing, { name: '14', directory: verified, activities: [...HISTORY, ...mixed], expect: { alerts: 0 } });
    await expectExample(massExternalSharing, { name: '15', directory: verified, activities: [...HISTORY, ...mixed, ...shares(1, 'proton.me')], expect: { alerts: 1 } });
  });

  it('a share with a person without an address, or by a sharer without one, is not known to leave', async () => {
    const noAddress = shares(25, 'gmail.com').map((a) => ({ ...a, targets: [{ type: 'user' as const, id: 'x', name: 'Guest' }] }));
    await expectExample(massExternalSharing, { name: 'no recipient address', activities: [...HISTORY, ...noAddress], expect: { alerts: 0 } });
    const noSharer = shares(25, 'gmail.com').map((a) => ({ ...a, actor: { userId: 'ivy-id' } }));
    await expectExample(massExternalSharing, { name: 'no sharer address', activities: [...HISTORY.map((a) => ({ ...a, actor: { userId: 'ivy-id' } })), ...noSharer], expect: { alerts: 0 } });
  });

  it('links open to anyone count as outside shares', async () => {
    const links = shares(25, 'gmail.com').map((a) => ({ ...a, action: 'file.public_link_created' as const, targets: [{ type: 'file' as const, id: `f-${a.id}`, name: 'Quarterly.xlsx' }] }));
    await expectExample(massExternalSharing, { name: 'links', activities: [...HISTORY, ...links], expect: { alerts: 1, explanationContains: 'shared 25 items outside the organisation in SharePoint within 60 minutes; their busiest 60 minutes before held 0.' } });
  });

  it('while the sharer is still being learned, only the learning floor (20) alerts, and the explanation says so', async () => {
    await expectExample(massExternalSharing, { name: 'new', activities: shares(19, 'gmail.com'), expect: { alerts: 0 } });
    await expectExample(massExternalSharing, { name: 'new, 20', activities: shares(20, 'gmail.com'), expect: { alerts: 1, explanationContains: 'shared 20 items outside the organisation in SharePoint within 60 minutes; their baseline is still being learned, and that reaches the 20 the policy alerts at meanwhile.' } });
  });
});
