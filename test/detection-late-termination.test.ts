import pino from 'pino';
import { expect, it } from 'vitest';
import { describeDialects } from './helpers/dialects.js';
import type { Activity } from '../src/core/activity.js';
import { HOUR, MINUTE, manualClock } from '../src/core/clock.js';
import { buildActivity } from '../src/detection/activity-builder.js';
import { createDetectionConsumer } from '../src/detection/consumer.js';
import { Enricher, IntelIndex } from '../src/detection/enrichment/enricher.js';
import type { Store } from '../src/store/db.js';
import { getAlerts, listAlerts, setAlertStatus } from '../src/store/repos/alerts.js';
import { getCursor } from '../src/store/repos/detection-cursor.js';
import { commitPage } from './helpers/detection-workload.js';
import { useTempStore } from './helpers/temp-store.js';

/**
 * Entra's audit log lags SharePoint's own: the leaver's downloads after their account was disabled are stored
 * (and evaluated) before the disabling is. Once it is read, detection judges those downloads again.
 */
const DAY0 = Date.UTC(2026, 5, 1);
const clock = manualClock(DAY0 + 3 * 24 * HOUR);
const LEAVER = 'victor@contoso.com';

const m365 = (id: string, time: number, input: Partial<Parameters<typeof buildActivity>[0]> = {}): Activity =>
  buildActivity({ id, connectorInstanceId: 'm365', provider: 'microsoft365', app: 'SharePoint', action: 'file.downloaded', actor: { email: 'Victor@Contoso.com', userId: 'guid-victor' }, srcIp: '81.2.69.160', time, ...input });

const disabled = (id: string, time: number, action: 'user.updated' | 'user.deleted' = 'user.updated'): Activity =>
  m365(id, time, {
    app: 'Entra ID',
    action,
    eventType: action === 'user.updated' ? 'Update user.' : 'Delete user.',
    actor: { email: 'isaac@contoso.com', type: 'admin' },
    srcIp: null,
    targets: [{ type: 'user', id: 'guid-victor', name: 'Victor Chen', email: LEAVER, ...(action === 'user.updated' ? { changes: [{ field: 'AccountEnabled', old: '[true]', new: '[false]' }] } : {}) }],
  });

const consumerFor = (store: Store) =>
  createDetectionConsumer({ db: store.db, clock, logger: pino({ level: 'silent' }), enricher: new Enricher({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) }), batchSize: 100, stateFlush: { batches: 1, ms: 3_600_000 } });

async function deliver(store: Store, consumer: ReturnType<typeof consumerFor>, page: readonly Activity[]): Promise<void> {
  await commitPage(store.db, store.writeActivities, page);
  const run = await consumer.run();
  expect(run.ok, run.error ?? '').toBe(true);
}

async function alertsOf(store: Store) {
  const headers = await listAlerts(store.db, { limit: 100 });
  return (await getAlerts(store.db, headers.map((h) => h.id)))
    .map((a) => ({ id: a.id, policy: a.policyId, subject: a.subject.key, status: a.status, evidence: [...a.activityIds].sort(), previous: a.previousAlertId }))
    .sort((x, y) => (x.evidence.join() < y.evidence.join() ? -1 : 1));
}

describeDialects('a termination read after the leaver’s activity', (dialect) => {
  const temp = useTempStore(dialect);

  it('judges the activity delivered before the termination again: one alert, with exactly the activity after it and past the grace period', async () => {
    const store = temp.store;
    const consumer = consumerFor(store);
    const at = (h: number, m = 0) => DAY0 + 24 * HOUR + h * HOUR + m * MINUTE;
    // SharePoint's feed first: Victor's morning, a colleague, and downloads after 17:00.
    await deliver(store, consumer, [
      m365('morning', at(9)),
      m365('colleague', at(17, 30), { actor: { email: 'amy@contoso.com', userId: 'guid-amy' } }),
      m365('in-flight', at(17, 5)),
      m365('took-1', at(17, 30)),
    ]);
    // Seen by e-mail alone, written as the provider writes it.
    await deliver(store, consumer, [m365('took-2', at(18, 10), { actor: { email: 'Victor@Contoso.com' } })]);
    // The fault is real: everything was evaluated before the disabling was stored, and nothing was raised.
    expect(await getCursor(store.db, 'detection')).toBe(5);
    expect(await alertsOf(store)).toEqual([]);

    // Entra's audit log, an hour late.
    await deliver(store, consumer, [disabled('disable', at(17))]);
    const alerts = await alertsOf(store);
    expect(alerts.map(({ policy, subject, status, evidence }) => ({ policy, subject, status, evidence }))).toEqual([
      { policy: 'detection.terminated-user', subject: LEAVER, status: 'open', evidence: ['disable', 'took-1', 'took-2'] },
    ]);

    // Read later, what follows the disabling is judged as it arrives, and joins the same alert.
    await deliver(store, consumer, [m365('took-3', at(19))]);
    expect((await alertsOf(store)).map((a) => a.evidence)).toEqual([['disable', 'took-1', 'took-2', 'took-3']]);

    // A deletion read later still (the account was already disabled) is no new finding about the same
    // downloads: the dismissed alert stays the only one.
    await setAlertStatus(store.db, alerts[0]?.id as string, { status: 'dismissed', resolution: 'benign_true_positive', now: clock.now() });
    await deliver(store, consumer, [disabled('delete', at(18), 'user.deleted')]);
    expect((await alertsOf(store)).map(({ status, evidence }) => ({ status, evidence }))).toEqual([{ status: 'dismissed', evidence: ['disable', 'took-1', 'took-2', 'took-3'] }]);
  });

  it('judges nothing again after a reinstatement read first, and nothing twice when the termination and the activity share a batch', async () => {
    const store = temp.store;
    const consumer = consumerFor(store);
    const at = (h: number, m = 0) => DAY0 + 24 * HOUR + h * HOUR + m * MINUTE;
    const reinstated = m365('reinstated', at(12), {
      app: 'Entra ID',
      action: 'user.updated',
      eventType: 'Update user.',
      actor: { email: 'isaac@contoso.com', type: 'admin' },
      srcIp: null,
      targets: [{ type: 'user', id: 'guid-victor', name: 'Victor Chen', email: LEAVER, changes: [{ field: 'AccountEnabled', old: '[false]', new: '[true]' }] }],
    });
    // Listed newest first: the reinstatement at noon, the work after it, the download while disabled, then the disabling at 09:00.
    await deliver(store, consumer, [reinstated]);
    await deliver(store, consumer, [m365('after', at(13))]);
    await deliver(store, consumer, [m365('while-disabled', at(10))]);
    await deliver(store, consumer, [disabled('disable', at(9))]);
    expect((await alertsOf(store)).map(({ subject, evidence }) => ({ subject, evidence }))).toEqual([{ subject: LEAVER, evidence: ['disable', 'while-disabled'] }]);

    // The next day: a termination and the activity after it in one batch, the termination stored last.
    await commitPage(store.db, store.writeActivities, [m365('next-day', at(24 + 11))]);
    await commitPage(store.db, store.writeActivities, [disabled('disable-again', at(24 + 10))]);
    expect((await consumer.run()).ok).toBe(true);
    const alerts = await alertsOf(store);
    expect(alerts.map(({ evidence }) => evidence)).toEqual([['disable', 'while-disabled'], ['disable-again', 'next-day']]);
  });
});
