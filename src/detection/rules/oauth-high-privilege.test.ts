import { describe, expect, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at } from './example-helpers.js';
import { oauthHighPrivilege } from './oauth-high-privilege.js';

describe('detection.oauth-high-privilege', () => ruleExampleSuite(oauthHighPrivilege));

/** `who` consents to the PDF Converter app with `scope` on `day`. */
const consent = (id: string, who: string, scope: string, day = 2): ActivityInput => ({
  id,
  provider: 'microsoft365',
  app: 'Entra ID',
  action: 'oauth.consent_granted',
  eventType: 'Consent to application.',
  actor: { email: who },
  time: at(day, 14),
  targets: [{ type: 'app', id: 'sp-pdf', name: 'PDF Converter Online', changes: [{ field: 'ConsentAction.Permissions', new: `Scope:  User.Read ${scope}` }] }],
});
const OFFLINE = 'Mail.Read offline_access';
const READ_ONLY = 'Mail.Read';

/** Edges the documented examples leave out (low: critical only; medium: and reading with offline access; high: any reading, every grant). */
describe('detection.oauth-high-privilege beyond its examples', () => {
  it('mail read with offline access alerts from medium, saying it keeps reading after sign-out; not at low', async () => {
    await expectExample(oauthHighPrivilege, { name: 'low', settings: { sensitivity: 'low' }, activities: [consent('c', 'pat@example.com', OFFLINE)], expect: { alerts: 0 } });
    await expectExample(oauthHighPrivilege, { name: 'medium', activities: [consent('c', 'pat@example.com', OFFLINE)], expect: { alerts: 1, severity: 'medium', explanationContains: 'which lets it keep reading that data after the user signs out; no one in the organisation had granted this app such scopes before.' } });
  });

  it('mail read without offline access alerts only at high', async () => {
    await expectExample(oauthHighPrivilege, { name: 'medium', activities: [consent('c', 'pat@example.com', READ_ONLY)], expect: { alerts: 0 } });
    await expectExample(oauthHighPrivilege, { name: 'high', settings: { sensitivity: 'high' }, activities: [consent('c', 'pat@example.com', READ_ONLY)], expect: { alerts: 1, severity: 'medium', explanationContains: 'which lets it read personal data' } });
  });

  it('only the first grant of an app alerts, except at high, where each does and names who granted it first', async () => {
    const two = [consent('first', 'pat@example.com', OFFLINE), consent('second', 'quinn@example.com', OFFLINE, 3)];
    await expectExample(oauthHighPrivilege, { name: 'medium', activities: two, expect: { alerts: 1, subjects: ['pat@example.com'], activityIds: [['first']] } });
    const alerts = await expectExample(oauthHighPrivilege, { name: 'high', settings: { sensitivity: 'high' }, activities: two, expect: { alerts: 2, subjects: ['pat@example.com', 'quinn@example.com'], activityIds: [['first'], ['second']] } });
    expect(alerts.find((a) => a.subject.key === 'quinn@example.com')?.explanation).toContain('; the app was first granted such scopes by pat@example.com.');
  });

  it('a failed consent raises nothing', async () => {
    await expectExample(oauthHighPrivilege, { name: 'failed', activities: [{ ...consent('c', 'pat@example.com', 'Mail.ReadWrite Directory.ReadWrite.All'), outcome: 'failure' }], expect: { alerts: 0 } });
  });
});
