import { beforeEach, expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import type { Activity } from '../core/activity.js';
import { DAY, HOUR, manualClock } from '../core/clock.js';
import { ValidationError } from '../core/errors.js';
import { dedupKeyOf, getAlerts, listAlerts } from '../store/repos/alerts.js';
import { addSuppression, listSuppressions, suppressedFindingsFor, type Suppression } from '../store/repos/suppressions.js';
import { buildActivity, type ActivityInput } from './activity-builder.js';
import { createDetectionEngine } from './create-engine.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';
import { suppressionMatches } from './suppression-match.js';
import { checkSuppression } from './suppressions.js';

const T0 = Date.UTC(2026, 4, 4, 9);
const clock = manualClock(T0 + DAY);
const enricher = () => new Enricher({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) });

function burst(email: string, prefix: string, start: number, instance = 'ds', n = 12, extra: ActivityInput = {}): Activity[] {
  return Array.from({ length: n }, (_, i) =>
    buildActivity({ id: `${prefix}-${i}`, sourceId: `${prefix}-${i}`, connectorInstanceId: instance, action: 'user.login_failed', actor: { email }, srcIp: '194.168.255.77', time: start + i * 10_000, ...extra }),
  );
}

describeDialects('suppressions', (dialect) => {
  const temp = useTempStore(dialect);
  // Each dialect's suite starts at the same time (a test moves the clock).
  beforeEach(() => clock.set(T0 + DAY));

  const suppress = (input: Partial<Suppression> & Pick<Suppression, 'kind' | 'value'>) =>
    addSuppression(temp.store.db, { policyId: 'detection.failed-logons', owner: 'sam@example.com', reason: 'pen test this week', expiresAt: T0 + 7 * DAY, now: T0, ...input });

  async function failedLogonAlerts() {
    const headers = await listAlerts(temp.store.db, { policyId: 'detection.failed-logons' });
    return (await getAlerts(temp.store.db, headers.map((h) => h.id))).map((a) => ({ subject: a.subject.key, evidence: a.activityIds.length, fingerprint: a.fingerprint }));
  }

  it('silences only what matches (policy and person, in force), records what it silenced, and shows it on the alert of the same key', async () => {
    const lou = await suppress({ kind: 'user', value: 'lou@example.com' });
    await suppress({ kind: 'user', value: 'ana@example.com', policyId: 'detection.impossible-travel' }); // another policy
    await suppress({ kind: 'user', value: 'ben@example.com', expiresAt: T0 - HOUR }); // expired
    const service = await createDetectionEngine({ db: temp.store.db, clock, enricher: enricher() });
    const page = await service.processPage('ds', [...burst('lou@example.com', 'lou', T0), ...burst('ana@example.com', 'ana', T0), ...burst('ben@example.com', 'ben', T0)]);
    expect(page.stats.silenced).toBeGreaterThan(0);
    expect((await failedLogonAlerts()).map((a) => a.subject).sort()).toEqual(['ana@example.com', 'ben@example.com']);
    const silenced = await suppressedFindingsFor(temp.store.db, { suppressionId: lou.id });
    expect(silenced).toHaveLength(1);
    expect(silenced[0]).toMatchObject({ policyId: 'detection.failed-logons', subjectKey: 'lou@example.com', dedupKey: 'detection.failed-logons|user|user:lou@example.com' });
    expect([...(silenced[0]?.activityIds ?? [])].sort()).toEqual(burst('lou@example.com', 'lou', T0).map((a) => a.id).sort());
    expect((await listSuppressions(temp.store.db)).find((s) => s.id === lou.id)?.findings).toBe(1);

    // Once it expires, lou's next burst raises an alert; the silenced finding is listed on it.
    clock.set(T0 + 8 * DAY);
    await service.processPage('ds', burst('lou@example.com', 'lou2', T0 + 8 * DAY - HOUR));
    const [alert] = await listAlerts(temp.store.db, { policyId: 'detection.failed-logons', subject: 'lou@example.com' });
    expect(alert).toBeDefined();
    expect((await suppressedFindingsFor(temp.store.db, { dedupKey: dedupKeyOf(alert!.fingerprint) })).map((f) => f.id)).toEqual([silenced[0]?.id]);
  });

  it('matches IP ranges, networks, countries and apps on the enriched activity', () => {
    const event = { activity: buildActivity({ app: 'Salesforce', actor: { email: 'lou@example.com' }, srcIp: '203.0.113.9', asn: 16509, geo: { country: 'FR' } }), intel: { rangeTags: [] } } as never;
    const s = (kind: Suppression['kind'], value: string, policyId = 'p'): Suppression => ({ id: 'x', policyId, kind, value, owner: 'o', reason: 'r', expiresAt: 0, createdAt: 0 });
    const subject = { type: 'user' as const, key: 'lou@example.com' };
    expect(suppressionMatches(s('ip_range', '203.0.113.0/24'), 'p', subject, event)).toBe(true);
    expect(suppressionMatches(s('ip_range', '198.51.100.0/24'), 'p', subject, event)).toBe(false);
    expect(suppressionMatches(s('ip_range', '2001:db8::/32'), 'p', subject, event)).toBe(false);
    expect(suppressionMatches(s('asn', '16509'), 'p', subject, event)).toBe(true);
    expect(suppressionMatches(s('asn', '15169'), 'p', subject, event)).toBe(false);
    expect(suppressionMatches(s('country', 'FR'), 'p', subject, event)).toBe(true);
    expect(suppressionMatches(s('country', 'DE'), 'p', subject, event)).toBe(false);
    expect(suppressionMatches(s('app', 'salesforce'), 'p', subject, event)).toBe(true);
    expect(suppressionMatches(s('app', 'Slack'), 'p', subject, event)).toBe(false);
    expect(suppressionMatches(s('user', 'lou@example.com', '*'), 'other', subject, event)).toBe(true);
    expect(suppressionMatches(s('user', 'lou@example.com', 'p'), 'other', subject, event)).toBe(false);
  });

  it('refuses a suppression without owner, reason, a real value or a near expiry, saying what to fix', () => {
    const ctx = { now: T0, policyIds: ['detection.failed-logons'] };
    expect(checkSuppression({ policyId: 'detection.failed-logons', kind: 'ip_range', value: '203.0.113.7/24', owner: 'sam', reason: 'scanner', expiresAt: T0 + DAY }, ctx)).toMatchObject({ value: '203.0.113.0/24' });
    expect(checkSuppression({ policyId: '*', kind: 'asn', value: 'AS16509', owner: 'sam', reason: 'our cloud', expiresAt: T0 + DAY }, ctx)).toMatchObject({ value: '16509' });
    let error: unknown;
    try {
      checkSuppression({ policyId: 'detection.nope', kind: 'country', value: 'France', owner: ' ', reason: '', expiresAt: T0 + 400 * DAY }, ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      'policy "detection.nope" does not exist: use a policy id from `parapet policy list`, or * for every policy',
      '"France" is not a two-letter ISO country code (e.g. FR)',
      'the owner is empty: say who answers for this suppression',
      'the reason is empty: say why these findings are expected',
      'the expiry must be within a year: renew it when it ends',
    ]);
  });

  it('counts the same attack on one person across apps once: one alert with the evidence from both', async () => {
    const service = await createDetectionEngine({ db: temp.store.db, clock, enricher: enricher() });
    const okta = burst('lou@example.com', 'okta', T0, 'okta-1', 6, { provider: 'okta', app: 'Okta' });
    const m365 = burst('lou@example.com', 'm365', T0 + 60_000, 'm365-1', 6, { provider: 'microsoft365', app: 'Microsoft 365' });
    await service.processPage('okta-1', okta);
    await service.processPage('m365-1', m365);
    const alerts = await failedLogonAlerts();
    expect(alerts.filter((a) => a.subject === 'lou@example.com').map((a) => a.evidence)).toEqual([12]);
  });
});
