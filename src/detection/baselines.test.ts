import { expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import type { Activity } from '../core/activity.js';
import { DAY, HOUR, manualClock } from '../core/clock.js';
import { listAlerts, setAlertStatus } from '../store/repos/alerts.js';
import { buildActivity, type ActivityInput } from './activity-builder.js';
import { createDetectionEngine, type DetectionService } from './create-engine.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';
import { loadNetworkList } from './enrichment/anonymizer-list.js';
import { PLACES } from './rules/example-helpers.js';

// Baselines that do not learn the attack: an alert's activity teaches a baseline only once an analyst
// dismisses the alert as benign; a long-dormant person is not learned afresh. Real SQLite store, real
// engine, the analyst's dismissal through the same repository function the CLI and API use.
const T0 = Date.UTC(2026, 0, 5, 9);
const enricher = () => new Enricher({ geo: null, asn: null, networks: loadNetworkList(), intel: IntelIndex.build([], []) });
let seq = 0;
const act = (input: ActivityInput): Activity => {
  const id = `b-${++seq}`;
  return buildActivity({ id, sourceId: id, connectorInstanceId: 'okta', action: 'user.login', ...input });
};
const daily = (email: string, days: number, place: ActivityInput, from = T0): Activity[] => Array.from({ length: days }, (_, d) => act({ actor: { email }, time: from + d * DAY, ...place }));

describeDialects('baselines that do not learn the attack', (dialect) => {
  const temp = useTempStore(dialect);

  const engineAt = (now: number): Promise<DetectionService> => createDetectionEngine({ db: temp.store.db, clock: manualClock(now), enricher: enricher() });
  const alertsOf = async (policyId: string) => (await listAlerts(temp.store.db, { policyId })).map((a) => a.id);

  async function countryAlertThenRepeat(resolution: 'benign_true_positive' | 'true_positive' | null): Promise<number> {
    const engine = await engineAt(T0 + 20 * DAY);
    await engine.processPage('okta', daily('ann@example.com', 10, PLACES.london));
    await engine.processPage('okta', [act({ actor: { email: 'ann@example.com' }, time: T0 + 10 * DAY + 2 * HOUR, ...PLACES.lagos })]);
    const [first] = await alertsOf('detection.infrequent-country');
    expect(first, 'the first sign-in from Nigeria alerts').toBeDefined();
    if (resolution) await setAlertStatus(temp.store.db, first ?? '', { status: 'dismissed', resolution, now: T0 + 11 * DAY });
    await engine.processPage('okta', [act({ actor: { email: 'ann@example.com' }, time: T0 + 14 * DAY, ...PLACES.lagos })]);
    return (await alertsOf('detection.infrequent-country')).length;
  }

  it('a country that raised an alert is not learned while the alert is open: the next sign-in from it alerts again, saying so', async () => {
    expect(await countryAlertThenRepeat(null)).toBe(2);
    const explanations = (await listAlerts(temp.store.db, { policyId: 'detection.infrequent-country' })).map((a) => a.explanation);
    expect(explanations.filter((e) => e.includes('they acted from NG on 2026-01-15 too, in an alert not dismissed as benign (not learned)'))).toHaveLength(1);
  });

  it('nor when the alert was closed as a true positive', async () => {
    expect(await countryAlertThenRepeat('true_positive')).toBe(2);
  });

  it('a country whose alert was dismissed as benign is learned: no second alert', async () => {
    expect(await countryAlertThenRepeat('benign_true_positive')).toBe(1);
  });

  async function credentialAlertThenRotation(resolution: 'benign_true_positive' | 'true_positive' | null): Promise<string[]> {
    const change = (email: string, time: number) =>
      act({ provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email }, targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }], time });
    const engine = await engineAt(T0 + 30 * DAY);
    await engine.processPage('m365', [change('dev@example.com', T0), change('dev@example.com', T0 + DAY)]);
    await engine.processPage('m365', [change('new.admin@example.com', T0 + 5 * DAY)]);
    const [first] = await listAlerts(temp.store.db, { policyId: 'detection.app-credential-added' });
    expect(first?.subject.key, 'a person who never maintained the app adds a secret: alert').toBe('new.admin@example.com');
    if (resolution) await setAlertStatus(temp.store.db, first?.id ?? '', { status: 'dismissed', resolution, now: T0 + 6 * DAY });
    await engine.processPage('m365', [change('new.admin@example.com', T0 + 20 * DAY)]);
    return (await listAlerts(temp.store.db, { policyId: 'detection.app-credential-added' })).map((a) => a.explanation);
  }

  it.each([null, 'true_positive'] as const)("an app's new maintainer whose credential alert is %s (open: null) is not learned: the next rotation alerts again, naming the earlier alerted change", async (resolution) => {
    const explanations = await credentialAlertThenRotation(resolution);
    expect(explanations).toHaveLength(2);
    expect(explanations.filter((e) => e.includes('new.admin@example.com changed them before in an alert not dismissed as benign'))).toHaveLength(1);
  });

  it("an app's new maintainer whose credential alert was dismissed as benign is learned: their next rotation does not alert", async () => {
    expect(await credentialAlertThenRotation('benign_true_positive')).toHaveLength(1);
  });

  it("two newcomers change an app's credentials; the one whose alert was dismissed as benign is learned, the other still alerts, named alone as unlearned", async () => {
    const change = (email: string, time: number) =>
      act({ provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email }, targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }], time });
    const engine = await engineAt(T0 + 30 * DAY);
    await engine.processPage('m365', [change('dev@example.com', T0), change('dev@example.com', T0 + DAY)]);
    await engine.processPage('m365', [change('ann.admin@example.com', T0 + 5 * DAY), change('bob.admin@example.com', T0 + 5 * DAY + HOUR)]);
    const first = await listAlerts(temp.store.db, { policyId: 'detection.app-credential-added' });
    expect(first.map((a) => a.subject.key).sort()).toEqual(['ann.admin@example.com', 'bob.admin@example.com']);
    await setAlertStatus(temp.store.db, first.find((a) => a.subject.key === 'ann.admin@example.com')?.id ?? '', { status: 'dismissed', resolution: 'benign_true_positive', now: T0 + 6 * DAY });
    await engine.processPage('m365', [change('ann.admin@example.com', T0 + 20 * DAY), change('bob.admin@example.com', T0 + 20 * DAY + HOUR)]);
    const later = (await listAlerts(temp.store.db, { policyId: 'detection.app-credential-added' })).filter((a) => a.firstActivityAt >= T0 + 20 * DAY);
    expect(later.map((a) => [a.subject.key, a.explanation.split('; ').slice(1).join('; ')])).toEqual([
      ['bob.admin@example.com', 'its credentials and owners were managed before only by dev@example.com, ann.admin@example.com; bob.admin@example.com changed them before in an alert not dismissed as benign (not learned).'],
    ]);
  });

  async function delegationAlertThenGrant(resolution: 'benign_true_positive' | 'true_positive' | 'reopened' | null): Promise<string[]> {
    const grant = (delegate: string, mailbox: string, time: number) =>
      act({
        provider: 'microsoft365',
        app: 'Exchange',
        action: 'mail.permission_granted',
        eventType: 'Add-MailboxPermission',
        actor: { email: 'exadmin@example.com' },
        targets: [{ type: 'mailbox', id: mailbox, name: mailbox, changes: [{ field: 'Identity', new: mailbox }, { field: 'User', new: delegate }, { field: 'AccessRights', new: 'FullAccess' }] }],
        time,
      });
    const engine = await engineAt(T0 + 30 * DAY);
    await engine.processPage('m365', [grant('pa@example.com', 'shared@example.com', T0), grant('pa@example.com', 'shared@example.com', T0 + DAY)]);
    await engine.processPage('m365', [grant('assistant@example.com', 'ceo@example.com', T0 + 5 * DAY)]);
    const [first] = await listAlerts(temp.store.db, { policyId: 'detection.mailbox-delegation' });
    expect(first?.subject.key, "a grant on a mailbox nobody was delegated before: alert, about the delegate").toBe('assistant@example.com');
    if (resolution) await setAlertStatus(temp.store.db, first?.id ?? '', { status: 'dismissed', resolution: resolution === 'reopened' ? 'benign_true_positive' : resolution, now: T0 + 6 * DAY });
    if (resolution === 'reopened') await setAlertStatus(temp.store.db, first?.id ?? '', { status: 'open', now: T0 + 7 * DAY });
    // Another delegate on the same mailbox: the mailbox is what was learned, whoever the delegate is.
    await engine.processPage('m365', [grant('deputy@example.com', 'ceo@example.com', T0 + 20 * DAY)]);
    return (await listAlerts(temp.store.db, { policyId: 'detection.mailbox-delegation' })).map((a) => a.explanation);
  }

  it.each([null, 'true_positive', 'reopened'] as const)('a mailbox whose delegation alert is %s (open: null; dismissed as benign, then reopened) is not learned as delegated: the next grant on it alerts, naming the earlier alerted grant', async (resolution) => {
    const explanations = await delegationAlertThenGrant(resolution);
    expect(explanations).toHaveLength(2);
    expect(explanations.filter((e) => e.includes('nobody had been given access to that mailbox before but in 1 grant that alerted and was not dismissed as benign'))).toHaveLength(1);
  });

  it('a mailbox whose delegation alert was dismissed as benign is learned as delegated: a later grant on it, to someone else, does not alert', async () => {
    expect(await delegationAlertThenGrant('benign_true_positive')).toHaveLength(1);
  });

  it('a pair of places dismissed as benign (home line in Lisbon, office proxy in London) stops alerting; an undismissed pair keeps alerting', async () => {
    const lisbon = { srcIp: '85.240.1.1', geo: { country: 'PT', city: 'Lisbon', lat: 38.72, lon: -9.14 }, asn: 3243 };
    const proxy = { srcIp: '82.38.57.121', geo: PLACES.london.geo, asn: 2856 };
    const engine = await engineAt(T0 + 40 * DAY);
    await engine.processPage('okta', [...daily('leo@example.com', 10, lisbon), ...daily('mia@example.com', 10, lisbon)]);
    const flip = (email: string, day: number) => [act({ actor: { email }, time: T0 + day * DAY + HOUR, ...lisbon }), act({ actor: { email }, time: T0 + day * DAY + HOUR + 20 * 60_000, ...proxy })];
    await engine.processPage('okta', [...flip('leo@example.com', 12), ...flip('mia@example.com', 12)]);
    const alerts = await listAlerts(temp.store.db, { policyId: 'detection.impossible-travel' });
    expect(alerts.map((a) => a.subject.key).sort()).toEqual(['leo@example.com', 'mia@example.com']);
    const leo = alerts.find((a) => a.subject.key === 'leo@example.com');
    await setAlertStatus(temp.store.db, leo?.id ?? '', { status: 'dismissed', resolution: 'benign_true_positive', now: T0 + 13 * DAY });
    await engine.processPage('okta', [...flip('leo@example.com', 15), ...flip('mia@example.com', 15)]);
    const after = await listAlerts(temp.store.db, { policyId: 'detection.impossible-travel' });
    expect(after.map((a) => a.subject.key).sort()).toEqual(['leo@example.com', 'mia@example.com', 'mia@example.com']);
  });

  it.each([
    [3, []],
    [2, ['2 colleague(s) have it as a usual pair, fewer than 3']],
  ] as const)('a pair of places dismissed as benign for %i people (medium: 3 make it the organisation\'s) is usual for a newcomer too, or not yet', async (dismissed, newcomerAlerts) => {
    const lisbon = { srcIp: '85.240.1.1', geo: { country: 'PT', city: 'Lisbon', lat: 38.72, lon: -9.14 }, asn: 3243 };
    const proxy = { srcIp: '82.38.57.121', geo: PLACES.london.geo, asn: 2856 };
    const people = ['pat@example.com', 'quin@example.com', 'ria@example.com'];
    const newcomer = 'sol@example.com';
    const engine = await engineAt(T0 + 40 * DAY);
    await engine.processPage('okta', [...people, newcomer].flatMap((email) => daily(email, 10, lisbon)));
    const flip = (email: string, day: number) => [act({ actor: { email }, time: T0 + day * DAY + HOUR, ...lisbon }), act({ actor: { email }, time: T0 + day * DAY + HOUR + 20 * 60_000, ...proxy })];
    await engine.processPage('okta', people.flatMap((email) => flip(email, 12)));
    const alerts = await listAlerts(temp.store.db, { policyId: 'detection.impossible-travel' });
    expect(alerts.map((a) => a.subject.key).sort()).toEqual(people);
    for (const alert of alerts.filter((a) => people.slice(0, dismissed).includes(a.subject.key))) await setAlertStatus(temp.store.db, alert.id, { status: 'dismissed', resolution: 'benign_true_positive', now: T0 + 13 * DAY });
    // Each learns the pair at their next sign-in; then the newcomer makes the same jump.
    await engine.processPage('okta', people.map((email) => act({ actor: { email }, time: T0 + 14 * DAY, ...lisbon })));
    await engine.processPage('okta', flip(newcomer, 15));
    const theirs = (await listAlerts(temp.store.db, { policyId: 'detection.impossible-travel' })).filter((a) => a.subject.key === newcomer);
    expect(theirs.map((a) => newcomerAlerts.every((words) => a.explanation.includes(words)))).toEqual(newcomerAlerts.length ? [true] : []);
  });

  it('a commercial VPN becomes usual after uses on three days dismissed as benign (medium), two uses on one day counting as one', async () => {
    // T0 is 09:00 UTC: `hours` after it stay within the day below 15.
    const vpn = (day: number, hours: number) => act({ actor: { email: 'kai@example.com' }, time: T0 + day * DAY + hours * HOUR, ...PLACES.vpnAmsterdam });
    const engine = await engineAt(T0 + 40 * DAY);
    const dismissAll = async (day: number) => {
      for (const alert of await listAlerts(temp.store.db, { policyId: 'detection.anonymous-ip', status: ['open'] })) await setAlertStatus(temp.store.db, alert.id, { status: 'dismissed', resolution: 'benign_true_positive', now: T0 + day * DAY });
    };
    const alertDays = async () => (await listAlerts(temp.store.db, { policyId: 'detection.anonymous-ip' })).map((a) => Math.floor((a.lastActivityAt - T0) / DAY)).sort((x, y) => x - y);
    await engine.processPage('okta', daily('kai@example.com', 10, PLACES.london));
    // Two uses on day 12, one on day 14: two days learned once dismissed, one short of usual.
    await engine.processPage('okta', [vpn(12, 0), vpn(12, 6)]);
    await dismissAll(13);
    await engine.processPage('okta', [vpn(14, 0)]);
    await dismissAll(15);
    await engine.processPage('okta', [vpn(18, 0)]);
    expect(await alertDays(), 'the third day still alerts').toEqual([12, 14, 18]);
    await dismissAll(19);
    await engine.processPage('okta', [vpn(22, 0)]);
    expect(await alertDays(), 'three days dismissed as benign: usual now').toEqual([12, 14, 18]);
  });

  // Every policy that counts a person's own busiest window: a burst an analyst dismissed as benign is that person's
  // usual from then on; one left open (or confirmed) never is.
  const BURSTS: [string, ActivityInput][] = [
    ['detection.mass-download', { action: 'file.downloaded' }],
    ['detection.mass-external-sharing', { action: 'file.shared', targets: [{ type: 'user', id: 'pat', name: 'Pat', email: 'pat@partner.example' }] }],
    ['detection.mass-file-deletion', { action: 'file.deleted' }],
    ['detection.unusual-admin-activity', { action: 'user.updated', targets: [{ type: 'user', id: 'sam', name: 'Sam', email: 'sam@example.com' }] }],
  ];
  it.each(BURSTS)('%s learns a burst dismissed as benign: the same burst a week later alerts only for the person whose alert was not', async (policyId, shape) => {
    const people = ['open@example.com', 'benign@example.com'];
    const burst = (email: string, day: number) => Array.from({ length: 150 }, (_, i) => act({ ...shape, actor: { email }, time: T0 + day * DAY + 5 * HOUR + i * 10_000 }));
    const engine = await engineAt(T0 + 30 * DAY);
    await engine.processPage('okta', people.flatMap((email) => [...daily(email, 10, PLACES.london), ...Array.from({ length: 10 }, (_, d) => act({ ...shape, actor: { email }, time: T0 + d * DAY + 2 * HOUR }))]));
    await engine.processPage('okta', people.flatMap((email) => burst(email, 10)));
    const first = await listAlerts(temp.store.db, { policyId });
    expect(first.map((a) => a.subject.key).sort(), 'both bursts alert').toEqual([...people].sort());
    // They go on working before the analyst gets to the alert: the burst's windows are over by then.
    await engine.processPage('okta', people.map((email) => act({ ...shape, actor: { email }, time: T0 + 10 * DAY + 9 * HOUR })));
    const benign = first.find((a) => a.subject.key === 'benign@example.com');
    await setAlertStatus(temp.store.db, benign?.id ?? '', { status: 'dismissed', resolution: 'benign_true_positive', now: T0 + 11 * DAY });
    await engine.processPage('okta', people.flatMap((email) => burst(email, 17)));
    expect((await listAlerts(temp.store.db, { policyId })).map((a) => a.subject.key).sort()).toEqual(['benign@example.com', 'open@example.com', 'open@example.com']);
  });

  it('a commercial VPN switched on mid-session, dismissed as benign, is learned for that person: their next session through it does not alert; theirs through another VPN and an undismissed person\'s still do', async () => {
    const session = (email: string, day: number, vpn: ActivityInput) => [
      act({ provider: 'microsoft365', actor: { email }, sessionId: `${email}-${day}`, time: T0 + day * DAY + HOUR, ...PLACES.paris }),
      act({ provider: 'microsoft365', actor: { email }, sessionId: `${email}-${day}`, time: T0 + day * DAY + HOUR + 20 * 60_000, ...vpn }),
    ];
    const otherVpn = { srcIp: '185.159.157.10', geo: { country: 'CH', city: 'Zurich', lat: 47.37, lon: 8.54 }, asn: 209103, asOrg: 'Proton AG' };
    const engine = await engineAt(T0 + 40 * DAY);
    await engine.processPage('m365', [...session('nia@example.com', 1, PLACES.vpnAmsterdam), ...session('ola@example.com', 1, PLACES.vpnAmsterdam)]);
    const first = await listAlerts(temp.store.db, { policyId: 'detection.session-hijack' });
    expect(first.map((a) => a.subject.key).sort(), 'both sessions jump to the VPN in another country').toEqual(['nia@example.com', 'ola@example.com']);
    await setAlertStatus(temp.store.db, first.find((a) => a.subject.key === 'nia@example.com')?.id ?? '', { status: 'dismissed', resolution: 'benign_true_positive', now: T0 + 2 * DAY });
    await engine.processPage('m365', [...session('nia@example.com', 8, PLACES.vpnAmsterdam), ...session('ola@example.com', 8, PLACES.vpnAmsterdam)]);
    // Days apart, so that a finding cannot join an earlier alert and hide there.
    await engine.processPage('m365', session('nia@example.com', 12, otherVpn));
    const after = await listAlerts(temp.store.db, { policyId: 'detection.session-hijack' });
    expect(after.map((a) => `${a.subject.key} day ${Math.floor((a.firstActivityAt - T0) / DAY)}-${Math.floor((a.lastActivityAt - T0) / DAY)}`).sort()).toEqual([
      'nia@example.com day 1-1',
      'nia@example.com day 12-12',
      'ola@example.com day 1-1',
      'ola@example.com day 8-8',
    ]);
    // The other way round: a session begun on the learned VPN and carried on at home is hers too.
    await engine.processPage('m365', session('nia@example.com', 15, PLACES.vpnAmsterdam).map((a, i) => ({ ...a, time: T0 + 15 * DAY + HOUR + (1 - i) * 20 * 60_000 })).reverse());
    expect((await listAlerts(temp.store.db, { policyId: 'detection.session-hijack' })).length).toBe(4);
  });

  it('a learned VPN is kept as long as other baselines (120 days without use), not as long as a session (14 days)', async () => {
    const session = (day: number) => [
      act({ provider: 'microsoft365', actor: { email: 'pia@example.com' }, sessionId: `pia-${day}`, time: T0 + day * DAY + HOUR, ...PLACES.paris }),
      act({ provider: 'microsoft365', actor: { email: 'pia@example.com' }, sessionId: `pia-${day}`, time: T0 + day * DAY + HOUR + 20 * 60_000, ...PLACES.vpnAmsterdam }),
    ];
    const clock = manualClock(T0 + 2 * DAY);
    const engine = await createDetectionEngine({ db: temp.store.db, clock, enricher: enricher() });
    const daysOfAlerts = async () => (await listAlerts(temp.store.db, { policyId: 'detection.session-hijack' })).map((a) => Math.floor((a.firstActivityAt - T0) / DAY)).sort((x, y) => x - y);
    await engine.processPage('m365', session(1));
    const [first] = await listAlerts(temp.store.db, { policyId: 'detection.session-hijack' });
    await setAlertStatus(temp.store.db, first?.id ?? '', { status: 'dismissed', resolution: 'benign_true_positive', now: T0 + 2 * DAY });
    clock.set(T0 + 4 * DAY);
    await engine.processPage('m365', session(3));
    expect(await daysOfAlerts(), 'learned from the benign verdict').toEqual([1]);
    // A month on holiday without the VPN: the state is pruned as the service prunes it, then she switches it on again.
    clock.set(T0 + 41 * DAY);
    await engine.prune();
    await engine.processPage('m365', session(40));
    expect(await daysOfAlerts(), 'still hers after 37 days without it').toEqual([1]);
    // Unused for longer than any baseline is kept: judged again.
    clock.set(T0 + 171 * DAY);
    await engine.prune();
    await engine.processPage('m365', session(170));
    expect(await daysOfAlerts(), 'forgotten after 130 days without it').toEqual([1, 170]);
  });

  it('a person dormant for longer than the baselines are kept does not get a fresh learning period: a sign-in from Nigeria after 200 silent days alerts', async () => {
    const engine = await engineAt(T0 + 230 * DAY);
    await engine.processPage('okta', [...daily('dor@example.com', 20, PLACES.london), ...daily('col1@example.com', 230, PLACES.london), ...daily('col2@example.com', 230, PLACES.london)]);
    await engine.processPage('okta', [act({ actor: { email: 'dor@example.com' }, time: T0 + 220 * DAY, ...PLACES.lagos })]);
    expect((await listAlerts(temp.store.db, { policyId: 'detection.infrequent-country' })).map((a) => a.subject.key)).toEqual(['dor@example.com']);
  });
});
