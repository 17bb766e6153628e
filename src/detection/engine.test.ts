import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Activity } from '../core/activity.js';
import { DAY, HOUR, MINUTE, manualClock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { openStore, type Store } from '../store/db.js';
import { upsertAccounts } from '../store/repos/accounts.js';
import { upsertGroups } from '../store/repos/inventory.js';
import { countAlerts, getAlert, listAlerts, setAlertStatus } from '../store/repos/alerts.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { addIpRange, replaceFeed } from '../store/repos/ip-ranges.js';
import { savePolicy } from '../store/repos/policies.js';
import { buildActivity, type ActivityInput } from './activity-builder.js';
import { createDetectionEngine } from './create-engine.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';
import { loadNetworkList } from './enrichment/anonymizer-list.js';
import { addCustomPolicy, tunePolicy } from './policy-store.js';

const T0 = Date.UTC(2026, 2, 2, 9);
const enricher = () => new Enricher({ geo: null, asn: null, networks: loadNetworkList(), intel: IntelIndex.build([], []) });

function failures(email: string, n: number, start: number, ip = '194.168.255.77', idPrefix = email): Activity[] {
  return Array.from({ length: n }, (_, i) => buildActivity({ id: `${idPrefix}-f${i}`, sourceId: `${idPrefix}-f${i}`, connectorInstanceId: 'ds', action: 'user.login_failed', actor: { email }, srcIp: ip, time: start + i * 10_000 }));
}

describeDialects('detection engine over the store', (dialect) => {
  const database = useTestDatabase(dialect);
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  const clock = manualClock(T0 + DAY);
  beforeEach(async () => {
    dir = tempDir();
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('continues exactly after a restart: state lives in the store', async () => {
    const burst = failures('lou@example.com', 12, T0);
    const first = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    expect(await first.processCommitted('ds', burst.slice(0, 6))).toEqual([]);
    await store.close();
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    const second = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const alerts = await second.processCommitted('ds', burst.slice(6));
    expect(alerts.map((a) => a.policyId)).toEqual(['detection.failed-logons']);
    expect(alerts[0]?.activityIds).toEqual(burst.slice(0, 12).map((a) => a.id));
  });

  it('raises nothing twice when a page is processed again, and joins later evidence to the open alert', async () => {
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const burst = failures('lou@example.com', 15, T0);
    const page1 = await service.processPage('ds', burst.slice(0, 11));
    expect(page1.stats.alertsCreated).toBe(1);
    const again = await service.processPage('ds', burst.slice(0, 11));
    expect(again.stats).toMatchObject({ duplicate: 11, evaluated: 0, alertsCreated: 0, alertsUpdated: 0 });
    const page2 = await service.processPage('ds', burst.slice(11));
    expect(page2.stats).toMatchObject({ alertsCreated: 0, alertsUpdated: 1 });
    expect(await countAlerts(store.db)).toBe(1);
    const [alert] = await listAlerts(store.db);
    expect(alert?.evidenceCount).toBe(15);
    expect((await getAlert(store.db, alert!.id)).activityIds).toHaveLength(15);
  });

  it("an alert's text follows its evidence: the burst counted further says how many there are now; findings beside it do not rewrite it", async () => {
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const burst = failures('lou@example.com', 15, T0);
    await service.processPage('ds', burst.slice(0, 11));
    const [raised] = await listAlerts(store.db);
    const first = await getAlert(store.db, raised!.id);
    expect(first.activityIds).toHaveLength(11);
    expect(first.details).toMatchObject({ count: 11 });
    expect(first.explanation).toContain('11 ');
    await service.processPage('ds', burst.slice(11, 13));
    await service.processPage('ds', burst.slice(13));
    const grown = await getAlert(store.db, raised!.id);
    expect(grown.activityIds).toHaveLength(15);
    expect(grown.details).toMatchObject({ count: 15 });
    expect(grown.explanation).toBe(first.explanation.replaceAll('11 ', '15 '));
    // The finding's baseline comes with its text (here the same person's, so the same numbers).
    expect(grown.baseline).toEqual({ peakPerWindow: 0, windowMinutes: 10, activeDays: 1 });
    expect(grown.baseline).toEqual(first.baseline);
    // A second burst within the dedup window joins the alert, but counts only itself: the text stays the fuller one.
    await service.processPage('ds', failures('lou@example.com', 11, T0 + 6 * HOUR, '194.168.255.77', 'lou-later'));
    const joined = await getAlert(store.db, raised!.id);
    expect(joined.activityIds).toHaveLength(26);
    expect(joined.details).toMatchObject({ count: 15 });
    expect(joined.explanation).toBe(grown.explanation);
  });

  it("an alert's text follows a burst beyond the 200 activities a finding names: the count is the burst's", async () => {
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const burst = Array.from({ length: 250 }, (_, i) => buildActivity({ id: `fast-${i}`, sourceId: `fast-${i}`, connectorInstanceId: 'ds', action: 'user.login_failed', actor: { email: 'lou@example.com' }, srcIp: '194.168.255.77', time: T0 + i * 1000 }));
    await service.processPage('ds', burst.slice(0, 20));
    await service.processPage('ds', burst.slice(20));
    const [header] = await listAlerts(store.db);
    expect(header?.evidenceCount).toBe(250);
    const alert = await getAlert(store.db, header!.id);
    expect(alert.details).toMatchObject({ count: 250 });
    expect(alert.explanation).toContain('failed to sign in 250 times');
  });

  it("a threshold's hits are kept in time order: past the 500 it keeps, a late hit from before the burst goes, not the burst's first", async () => {
    await addCustomPolicy(store.db, "id: custom.views\ntitle: Views\nwhere:\n  - { field: action, equals: file.viewed }\nthreshold: { count: 501, within: '1h', per: user }\n", 'views.yaml', T0);
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const viewed = (id: string, time: number) => buildActivity({ id, sourceId: id, connectorInstanceId: 'ds', action: 'file.viewed', actor: { email: 'eve@example.com' }, time });
    // 500 views a second apart (all the hits a threshold keeps), one from an hour before them delivered late (one
    // too many: the oldest goes), then the 501st: the burst's 501 within an hour count. Other policies' alerts aside.
    const burst = Array.from({ length: 501 }, (_, i) => viewed(`x${i}`, T0 + i * 1000));
    const views = async (page: Activity[]) => (await service.processCommitted('ds', page)).filter((a) => a.policyId === 'custom.views');
    expect(await views(burst.slice(0, 500))).toEqual([]);
    expect(await views([viewed('late', T0 - HOUR)])).toEqual([]);
    const alerts = await views(burst.slice(500));
    expect(alerts.map((a) => [a.policyId, a.explanation])).toEqual([['custom.views', expect.stringContaining('501 activities by user eve@example.com')]]);
  });

  it('walks the lifecycle; closed alerts stay closed: a finding after dismiss or resolve raises a new alert linked to the old one', async () => {
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    await service.processCommitted('ds', failures('lou@example.com', 10, T0, undefined, 'a'));
    const [alert] = await listAlerts(store.db);
    await expect(setAlertStatus(store.db, alert!.id, { status: 'resolved', now: T0 })).rejects.toThrow(ConfigError);
    expect((await setAlertStatus(store.db, alert!.id, { status: 'in_progress', now: T0 })).status).toBe('in_progress');
    const dismissed = await setAlertStatus(store.db, alert!.id, { status: 'dismissed', resolution: 'benign_true_positive', note: 'pen test', now: T0 });
    expect(dismissed).toMatchObject({ status: 'dismissed', resolution: 'benign_true_positive', resolutionNote: 'pen test' });

    // Within the dismissed alert's window: a new alert, the dismissed one untouched. Dismissed as benign, the
    // first burst's 10 failures are learned as lou's usual: a repeat must exceed twice that.
    const afterDismiss = await service.processCommitted('ds', failures('lou@example.com', 25, T0 + HOUR, undefined, 'b'));
    expect(afterDismiss.map((a) => ({ status: a.status, previous: a.previousAlertId, evidence: a.activityIds.length }))).toEqual([{ status: 'open', previous: alert!.id, evidence: 25 }]);
    expect((await getAlert(store.db, alert!.id)).activityIds).toHaveLength(10);
    expect(await countAlerts(store.db)).toBe(2);

    const second = afterDismiss[0]!;
    await setAlertStatus(store.db, second.id, { status: 'resolved', resolution: 'true_positive', now: T0 });
    const afterResolve = await service.processCommitted('ds', failures('lou@example.com', 25, T0 + 2 * HOUR, undefined, 'c'));
    expect(afterResolve.map((a) => a.previousAlertId)).toEqual([second.id]);
    expect((await getAlert(store.db, second.id)).activityIds).toHaveLength(25);
    expect(await countAlerts(store.db)).toBe(3);
    expect(await countAlerts(store.db, 'open')).toBe(1);
    // Reopening a closed alert while a newer one of the same key is open is refused with the reason.
    await expect(setAlertStatus(store.db, second.id, { status: 'open', now: T0 })).rejects.toThrow(/already open/);
  });

  it('evaluates late events (counting those beyond the bound), and skips those in the future or too old', async () => {
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const now = clock.now();
    const page = [
      buildActivity({ id: 'recent', connectorInstanceId: 'ds', actor: { email: 'a@x.test' }, time: now - HOUR }),
      buildActivity({ id: 'late-ok', connectorInstanceId: 'ds', actor: { email: 'a@x.test' }, time: now - 20 * HOUR }),
    ];
    expect((await service.processPage('ds', page)).stats).toMatchObject({ evaluated: 2, late: 0 });
    const bad = [
      buildActivity({ id: 'too-late', connectorInstanceId: 'ds', actor: { email: 'a@x.test' }, time: now - 3 * DAY }),
      buildActivity({ id: 'future', connectorInstanceId: 'ds', actor: { email: 'a@x.test' }, time: now + 365 * DAY }),
      buildActivity({ id: 'ancient', connectorInstanceId: 'other', actor: { email: 'a@x.test' }, time: Date.UTC(2019, 0, 1) }),
    ];
    expect((await service.processPage('ds', bad.slice(0, 2))).stats).toMatchObject({ evaluated: 1, late: 1, future: 1 });
    expect((await service.processPage('other', bad.slice(2))).stats).toMatchObject({ evaluated: 0, tooOld: 1 });
  });

  it('survives bad input: no IP, private and IPv6 addresses, no user, odd fields — no crash, no storm', async () => {
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const inputs: ActivityInput[] = [];
    const ips = [null, '10.0.0.1', '192.168.1.1', 'fe80::1', '2a00:1450:4001:80b::200e', '::ffff:81.2.69.160', 'not-an-ip', '999.1.1.1', '[2001:db8::1]:443'];
    for (let i = 0; i < 600; i++) {
      inputs.push({
        id: `junk-${i}`,
        connectorInstanceId: 'ds',
        action: (['user.login', 'file.downloaded', 'admin.setting_changed', 'oauth.consent_granted', 'mail.forwarding_set', 'user.updated', 'other'] as const)[i % 7] ?? 'other',
        actor: i % 5 === 0 ? { type: 'system' } : { email: `user${i % 13}@example.com`, ...(i % 3 === 0 ? { isAdmin: null } : {}) },
        srcIp: ips[i % ips.length] ?? null,
        geo: i % 4 === 0 ? { country: 'ZZ', lat: 91, lon: 500 } : {},
        targets: i % 6 === 0 ? [{ type: 'user', id: null, name: null, changes: [{ field: 'AccountEnabled', new: { weird: true } }] }] : [],
        raw: i % 2 === 0 ? { Parameters: 'not-a-list' } : {},
        time: T0 + i * MINUTE,
      });
    }
    const result = await service.processPage('ds', inputs.map((i) => buildActivity(i)));
    expect(result.stats.ruleErrors).toBe(0);
    expect(result.stats.evaluated).toBe(600);
    expect(result.alerts.length).toBeLessThan(20);
  });

  it('caps new alerts per policy per hour (storm guard) and counts the rest', async () => {
    await replaceFeed(store.db, 'abuse', 'threat', ['45.95.0.0/16'], T0);
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher(), options: { maxAlertsPerPolicyHour: 5 } });
    const page = Array.from({ length: 30 }, (_, i) => buildActivity({ connectorInstanceId: 'ds', actor: { email: `u${i}@x.test` }, srcIp: '45.95.1.1', time: T0 + i * 1000 }));
    const result = await service.processPage('ds', page);
    expect(result.stats).toMatchObject({ alertsCreated: 5, suppressed: 25 });
  });

  it('reloads intel and policies when the admin changes them, and keeps running past a broken stored policy', async () => {
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const login = (id: string, t: number) => buildActivity({ id, connectorInstanceId: 'ds', actor: { email: 'x@x.test' }, srcIp: '203.0.113.9', time: t });
    expect(await service.processCommitted('ds', [login('l1', T0)])).toEqual([]);
    await addIpRange(store.db, { cidr: '203.0.113.0/24', tag: 'risky', label: 'old VPN', now: T0 + 1 });
    await savePolicy(store.db, { id: 'custom.broken', kind: 'custom', enabled: true, settings: {}, source: 'id: custom.broken\nwhere: nope', sourceFormat: 'yaml', now: T0 });
    await addCustomPolicy(store.db, 'id: custom.any-export\ntitle: Any export\nwhere:\n  - { field: action, equals: data.exported }\n', 'export.yaml', T0);
    const alerts = await service.processCommitted('ds', [login('l2', T0 + MINUTE), buildActivity({ id: 'e1', connectorInstanceId: 'ds', action: 'data.exported', actor: { email: 'x@x.test' }, time: T0 + 2 * MINUTE })]);
    expect(alerts.map((a) => a.policyId).sort()).toEqual(['custom.any-export', 'detection.suspicious-ip']);
    await tunePolicy(store.db, 'detection.suspicious-ip', { enabled: false }, T0);
    expect(await service.processCommitted('ds', [login('l3', T0 + 3 * DAY)])).toEqual([]);
  });

  it("asks the inventory about the actor: a suspended identity at the IdP, and the user's groups for scope", async () => {
    const okta = await createInstance(store.db, store.secrets, { name: 'okta', provider: 'okta', config: {}, now: T0 });
    const ds = await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: T0 });
    await upsertAccounts(store.db, [{ providerId: 'o-1', email: 'leaver@example.com', name: 'Leaver', status: 'suspended', isAdmin: false, identityAnchor: true }], { instanceId: okta.id, now: T0, identityProvider: true });
    await upsertAccounts(store.db, [{ providerId: 'd-1', email: 'leaver@example.com', name: 'Leaver', status: 'active', isAdmin: false }], { instanceId: ds.id, now: T0 });
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const alerts = await service.processCommitted(ds.id, [buildActivity({ connectorInstanceId: ds.id, action: 'file.downloaded', actor: { userId: 'd-1', email: 'leaver@example.com' }, time: clock.now() - HOUR })]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ policyId: 'detection.terminated-user', subject: { key: 'leaver@example.com' } });
    expect(alerts[0]?.subject.identityId).toBeTruthy();
    expect(alerts[0]?.explanation).toContain('identity provider is suspended');
  });

  it('honours group scope from the inventory: members of an excluded group raise nothing', async () => {
    const m365 = await createInstance(store.db, store.secrets, { name: 'm365', provider: 'microsoft365', config: {}, now: T0 });
    await upsertAccounts(store.db, [{ providerId: 'g-1', email: 'tester@example.com', name: 'Tester', status: 'active', isAdmin: false }, { providerId: 'g-2', email: 'other@example.com', name: 'Other', status: 'active', isAdmin: false }], { instanceId: m365.id, now: T0 });
    await upsertGroups(store.db, m365.id, [{ providerId: 'grp-1', name: 'Red Team', kind: 'security', members: ['g-1'] }], T0);
    await tunePolicy(store.db, 'detection.failed-logons', { scope: { excludeGroups: ['red team'] } }, T0);
    const service = await createDetectionEngine({ db: store.db, clock, enricher: enricher() });
    const page = [...failures('tester@example.com', 12, T0, '198.51.100.1', 't'), ...failures('other@example.com', 12, T0, '198.51.100.2', 'o')].map((a) => ({ ...a, connectorInstanceId: m365.id }));
    const alerts = await service.processCommitted(m365.id, page);
    expect(alerts.map((a) => a.subject.key)).toEqual(['other@example.com']);
  });

  it("catches what spans a multi-feed connector's backfill: one feed read to the end, then the next from the start", async () => {
    const service = await createDetectionEngine({ db: store.db, clock: manualClock(T0 + 12 * DAY), enricher: enricher() });
    const directoryFeed = [
      ...Array.from({ length: 10 }, (_, d) => buildActivity({ connectorInstanceId: 'm365', app: 'Entra ID', actor: { email: 'admin@x.test' }, action: 'user.password_reset', targets: [{ type: 'user', id: `u${d}`, name: null }], time: T0 + d * DAY })),
      buildActivity({ id: 'disable', connectorInstanceId: 'm365', app: 'Entra ID', action: 'user.updated', actor: { email: 'admin@x.test' }, targets: [{ type: 'user', id: 'guid-v', name: 'V', email: 'v@x.test', changes: [{ field: 'AccountEnabled', old: true, new: false }] }], time: T0 + 9 * DAY }),
    ];
    const fileFeed = [
      ...Array.from({ length: 9 }, (_, d) => buildActivity({ connectorInstanceId: 'm365', app: 'SharePoint', action: 'file.viewed', actor: { email: 'v@x.test' }, time: T0 + d * DAY + HOUR })),
      buildActivity({ id: 'after', connectorInstanceId: 'm365', app: 'SharePoint', action: 'file.downloaded', actor: { email: 'v@x.test' }, time: T0 + 9 * DAY + HOUR }),
    ];
    await service.processPage('m365', directoryFeed);
    const result = await service.processPage('m365', fileFeed);
    expect(result.stats.late).toBeGreaterThan(0);
    expect(result.alerts.map((a) => [a.policyId, a.subject.key])).toEqual([['detection.terminated-user', 'v@x.test']]);
    expect(result.alerts[0]?.activityIds).toEqual(['disable', 'after']);
  });
});
