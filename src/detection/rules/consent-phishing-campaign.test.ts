import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../core/clock.js';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { consentPhishingCampaign } from './consent-phishing-campaign.js';
import { at } from './example-helpers.js';

describe('detection.consent-phishing-campaign', () => ruleExampleSuite(consentPhishingCampaign));

const consent = (who: string | null, time: number, more: Partial<ActivityInput> = {}): ActivityInput => ({
  id: `c-${who ?? 'nobody'}-${time}`,
  provider: 'microsoft365',
  app: 'Entra ID',
  action: 'oauth.consent_granted',
  actor: who ? { email: `${who}@example.com` } : { email: null, userId: null, name: null },
  targets: [{ type: 'app', id: 'sp-viewer', name: 'Secure Document Viewer' }],
  raw: { scope: 'User.Read Mail.Read offline_access' },
  time,
  ...more,
});

/** Edges the policy's documented examples leave out (medium: 3 people within 24 hours, an app at most 7 days old). */
describe('detection.consent-phishing-campaign at its edges', () => {

  it('failed consents (blocked by the consent policy) are not a campaign', async () => {
    await expectExample(consentPhishingCampaign, { name: 'three blocked', activities: ['ann', 'bob', 'cat'].map((w, i) => consent(w, at(5, 9) + i * HOUR, { outcome: 'failure' })), expect: { alerts: 0 } });
  });

  it('a consent with no person behind it does not count as one', async () => {
    await expectExample(consentPhishingCampaign, { name: 'two people and nobody', activities: [consent('ann', at(5, 9)), consent(null, at(5, 10)), consent('bob', at(5, 11))], expect: { alerts: 0 } });
  });

  it('a consent exactly windowHours (24) before is out of the window', async () => {
    await expectExample(consentPhishingCampaign, { name: 'ann a day before cat', activities: [consent('ann', at(5, 9)), consent('bob', at(5, 10)), consent('cat', at(6, 9))], expect: { alerts: 0 } });
    await expectExample(consentPhishingCampaign, { name: 'ann a millisecond less', activities: [consent('ann', at(5, 9) + 1), consent('bob', at(5, 10)), consent('cat', at(6, 9))], expect: { alerts: 1 } });
  });

  it('an app first consented to exactly newAppDays (7) before is still new', async () => {
    const first = at(1, 9);
    await expectExample(consentPhishingCampaign, { name: 'on the seventh day', activities: [consent('early', first), consent('bob', first + 7 * DAY - 2 * HOUR), consent('cat', first + 7 * DAY - HOUR), consent('dan', first + 7 * DAY)], expect: { alerts: 1 } });
    await expectExample(consentPhishingCampaign, { name: 'a millisecond after', activities: [consent('early', first), consent('bob', first + 7 * DAY - 2 * HOUR), consent('cat', first + 7 * DAY - HOUR), consent('dan', first + 7 * DAY + 1)], expect: { alerts: 0 } });
  });
});

/** Consents delivered newest first (Google's Reports pages, a feed behind): each on a page of its own. */
const newestFirst = (consents: readonly ActivityInput[]): ActivityInput[] => [...consents].reverse().map((c, i) => ({ ...c, connectorInstanceId: `page-${i}` }));

describe('detection.consent-phishing-campaign whichever consent arrives first', () => {
  it('three people consenting on three days is no campaign, also when the last consent is delivered first', async () => {
    const slow = [consent('ann', at(5, 9)), consent('bob', at(6, 10)), consent('cat', at(7, 11))];
    await expectExample(consentPhishingCampaign, { name: 'in order', activities: slow, expect: { alerts: 0 } });
    await expectExample(consentPhishingCampaign, { name: 'newest first', activities: newestFirst(slow), expect: { alerts: 0 } });
  });

  it('a campaign delivered newest first is one alert, with every consent and the time it took', async () => {
    const campaign = [consent('ann', at(5, 9)), consent('bob', at(5, 9) + 40 * 60_000), consent('cat', at(5, 10, 20))];
    const ids = campaign.map((c) => c.id as string);
    const [alert] = await expectExample(consentPhishingCampaign, {
      name: 'newest first',
      activities: newestFirst(campaign),
      expect: { alerts: 1, subjects: ['sp-viewer'], activityIds: [ids], explanationContains: '3 people consented to the new app "Secure Document Viewer" within 80 minutes (ann@example.com, bob@example.com, cat@example.com)' },
    });
    expect(alert?.activityIds.slice().sort()).toEqual([...ids].sort());
  });
});
