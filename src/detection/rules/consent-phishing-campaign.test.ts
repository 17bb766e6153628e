import { describe, it } from 'vitest';
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
