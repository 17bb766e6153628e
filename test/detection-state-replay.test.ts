import pino from 'pino';
import { expect, it } from 'vitest';
import { describeDialects } from './helpers/dialects.js';
import type { Activity } from '../src/core/activity.js';
import type { Alert } from '../src/core/alert.js';
import { HOUR, MINUTE, manualClock } from '../src/core/clock.js';
import { buildActivity } from '../src/detection/activity-builder.js';
import { createDetectionConsumer, type ConsumerRun } from '../src/detection/consumer.js';
import { Enricher, IntelIndex } from '../src/detection/enrichment/enricher.js';
import type { Store } from '../src/store/db.js';
import { getAlerts, listAlerts, setAlertStatus } from '../src/store/repos/alerts.js';
import { findCursor, getCursor } from '../src/store/repos/detection-cursor.js';
import { purgeActivities } from '../src/store/repos/activity-retention.js';
import { ATTACKED_USER, commitPage } from './helpers/detection-workload.js';
import { useTempStore } from './helpers/temp-store.js';

const START = Date.UTC(2026, 5, 1, 8);
const clock = manualClock(START + 2 * 24 * HOUR);
const enricher = () => new Enricher({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) });
/** State is stored only every 100 batches: everything this test evaluates stays in memory until a flush. */
const HOLD = { batches: 100, ms: 3_600_000 };
const EVERY_BATCH = { batches: 1, ms: 3_600_000 };

/**
 * Benign pages of four people (sign-ins from their usual addresses, a typo now and then), with a
 * password-guessing burst against one person split over two pages: `burstStart` holds its first six
 * guesses, the next page the other six (and, with `signInAfter`, everyone's sign-ins ten minutes later:
 * the person guessed at signs in too). Six guesses alone raise nothing; twelve raise failed-logons.
 */
function splitBurstPages(signInAfter = true): { pages: Activity[][]; burstStart: number; guessIds: string[] } {
  const people = ['ana@example.com', 'ben@example.com', 'chen@example.com', ATTACKED_USER];
  let n = 0;
  const benign = (t: number) =>
    people.flatMap((email, i) => {
      const id = `ok-${n++}`;
      const typo = n % 7 === 0 ? [buildActivity({ id: `${id}-typo`, connectorInstanceId: 'ds', action: 'user.login_failed', actor: { email }, srcIp: `81.2.69.${10 + i}`, time: t + i * MINUTE - 30_000 })] : [];
      return [...typo, buildActivity({ id, connectorInstanceId: 'ds', action: 'user.login', actor: { email }, srcIp: `81.2.69.${10 + i}`, time: t + i * MINUTE })];
    });
  const attackAt = START + 5 * HOUR;
  const guesses = Array.from({ length: 12 }, (_, i) =>
    buildActivity({ id: `guess-${i}`, connectorInstanceId: 'ds', action: 'user.login_failed', actor: { email: ATTACKED_USER }, srcIp: '194.168.255.77', time: attackAt + i * 10_000 }),
  );
  const pages: Activity[][] = [];
  for (let p = 0; p < 5; p++) pages.push(benign(START + p * HOUR));
  pages.push([...benign(attackAt - 10 * MINUTE), ...guesses.slice(0, 6)]);
  pages.push([...guesses.slice(6), ...(signInAfter ? benign(attackAt + 10 * MINUTE) : [])]);
  for (let p = 6; p < 9; p++) pages.push(benign(START + p * HOUR));
  return { pages, burstStart: 5, guessIds: guesses.map((g) => g.id) };
}

const consumerFor = (store: Store, stateFlush: { batches: number; ms: number; bytes?: number }, onAlerts?: (created: readonly Alert[]) => void) =>
  createDetectionConsumer({ db: store.db, clock, logger: pino({ level: 'silent' }), enricher: enricher(), batchSize: 5, stateFlush, ...(onAlerts ? { onAlerts } : {}) });

/** Commits each page and runs detection after it, as the sync does; returns the runs. */
async function ingest(store: Store, consumer: ReturnType<typeof consumerFor>, pages: readonly Activity[][]): Promise<ConsumerRun[]> {
  const runs: ConsumerRun[] = [];
  for (const page of pages) {
    await commitPage(store.db, store.writeActivities, page);
    const run = await consumer.run();
    expect(run.ok, run.error ?? '').toBe(true);
    runs.push(run);
  }
  return runs;
}

async function alertsOf(store: Store) {
  const headers = await listAlerts(store.db, { limit: 1000 });
  return (await getAlerts(store.db, headers.map((h) => h.id)))
    .map((a) => ({ policy: a.policyId, variant: a.variant, subject: a.subject.key, status: a.status, first: a.firstActivityAt, last: a.lastActivityAt, evidence: [...a.activityIds].sort() }))
    .sort((x, y) => `${x.policy}|${x.subject}|${x.first}`.localeCompare(`${y.policy}|${y.subject}|${y.first}`));
}

/** Every stored state entry's value, by policy and key (times of writing and expiry left out). */
async function storedState(store: Store) {
  const rows = await store.db.selectFrom('detector_state').select(['policy_id', 'key', 'value']).orderBy('policy_id').orderBy('key').execute();
  // Alert ids (in the record of benign windows) differ between two stores.
  return rows.map((r) => `${r.policy_id} ${r.key} ${r.value.replace(/"[0-9A-HJKMNP-TV-Z]{26}"/g, '"<alert id>"')}`);
}

describeDialects('detection state written behind, rebuilt after a restart', (dialect) => {
  const temp = useTempStore(dialect);
  const reference = useTempStore(dialect);

  it('a process that dies between two state flushes loses nothing: the burst it straddled is caught exactly once, and alerts and state are those of a run that never stopped', async () => {
    const { pages, burstStart, guessIds } = splitBurstPages();
    await ingest(reference.store, consumerFor(reference.store, EVERY_BATCH), pages);

    const store = temp.store;
    const dying = consumerFor(store, HOLD);
    await ingest(store, dying, pages.slice(0, burstStart + 1));
    // The fault is real: the first six guesses were evaluated, and their state is held in memory only.
    const cursor = await getCursor(store.db, 'detection');
    const stateAt = (await findCursor(store.db, 'detection:state')) as number;
    expect(cursor).toBe(pages.slice(0, burstStart + 1).flat().length);
    expect(stateAt).toBe(0);
    expect((await storedState(store)).filter((r) => r.startsWith('detection.failed-logons'))).toEqual([]);
    expect(await alertsOf(store)).toEqual([]);

    // The process is gone with its memory; a new one goes on with the rest of the pages.
    const restarted = consumerFor(store, EVERY_BATCH);
    const runs = await ingest(store, restarted, pages.slice(burstStart + 1));
    expect(runs[0]?.stats.replayed).toBe(cursor);
    expect(runs.slice(1).map((r) => r.stats.replayed)).toEqual(runs.slice(1).map(() => 0));

    const alerts = await alertsOf(store);
    const burst = [...guessIds].sort();
    expect(alerts.map(({ policy, variant, subject, evidence }) => ({ policy, variant, subject, evidence }))).toEqual([
      { policy: 'detection.failed-logons', variant: 'success-after-failures', subject: ATTACKED_USER, evidence: [...burst, 'ok-27', 'ok-27-typo'] },
      { policy: 'detection.failed-logons', variant: 'user', subject: ATTACKED_USER, evidence: burst },
    ]);
    expect(alerts).toEqual(await alertsOf(reference.store));
    expect(await storedState(store)).toEqual(await storedState(reference.store));
    expect(await findCursor(store.db, 'detection:state')).toBe(pages.flat().length);
  });

  it('stores state every N batches and keeps it in memory between; restarts wherever they fall give the alerts and state of a run that never stopped', async () => {
    const { pages } = splitBurstPages();
    await ingest(reference.store, consumerFor(reference.store, EVERY_BATCH), pages);

    const store = temp.store;
    const everyThird = { batches: 3, ms: 3_600_000 };
    let consumer = consumerFor(store, everyThird);
    const lags: number[] = [];
    let replayed = 0;
    for (const [i, page] of pages.entries()) {
      await commitPage(store.db, store.writeActivities, page);
      const run = await consumer.run();
      expect(run.ok, run.error ?? '').toBe(true);
      replayed += run.stats.replayed;
      lags.push((await getCursor(store.db, 'detection')) - ((await findCursor(store.db, 'detection:state')) ?? 0));
      // A restart after every third page, wherever the flushes fell.
      if (i % 3 === 1) consumer = consumerFor(store, everyThird);
    }
    expect(lags.some((lag) => lag > 0)).toBe(true);
    expect(replayed).toBeGreaterThan(0);
    await flushBoth(store, reference.store);
    expect(await alertsOf(store)).toEqual(await alertsOf(reference.store));
    expect(await storedState(store)).toEqual(await storedState(reference.store));
  });

  it("an analyst's change to stored state between flushes is kept: held state is rebuilt on top of it, never written over it", async () => {
    // Nobody signs in right after the burst: the dismissal comes before the policy folds the burst's window
    // into the person's baseline, in both runs alike (a dismissal teaches the baseline only until then).
    const { pages, burstStart } = splitBurstPages(false);
    const run = async (target: Store, flush: { batches: number; ms: number }) => {
      const consumer = consumerFor(target, flush);
      await ingest(target, consumer, pages.slice(0, burstStart + 2));
      const [header] = await listAlerts(target.db, { policyId: 'detection.failed-logons' });
      expect(header?.subject.key).toBe(ATTACKED_USER);
      // Dismissed as benign: the policy's record of benign windows is written to stored state.
      await setAlertStatus(target.db, header?.id as string, { status: 'dismissed', resolution: 'benign_true_positive', now: clock.now() });
      const after = await ingest(target, consumer, pages.slice(burstStart + 2));
      return after.reduce((sum, r) => sum + r.stats.replayed, 0);
    };
    expect(await run(reference.store, EVERY_BATCH)).toBe(0);
    // The held consumer finds stored state changed under it and rebuilds what it held.
    expect(await run(temp.store, HOLD)).toBeGreaterThan(0);
    await flushBoth(temp.store, reference.store);

    const state = await storedState(temp.store);
    expect(state.filter((r) => r.startsWith('detection.failed-logons') && r.includes('benign'))).not.toEqual([]);
    expect(state).toEqual(await storedState(reference.store));
    expect(await alertsOf(temp.store)).toEqual(await alertsOf(reference.store));
  });

  it('flush() stores what a consumer holds (as the process closes): the next process rebuilds nothing', async () => {
    const { pages } = splitBurstPages();
    await ingest(reference.store, consumerFor(reference.store, EVERY_BATCH), pages);
    const store = temp.store;
    const consumer = consumerFor(store, HOLD);
    await ingest(store, consumer, pages);
    const cursor = await getCursor(store.db, 'detection');
    expect(await findCursor(store.db, 'detection:state')).toBe(0);
    const flushed = await consumer.flush();
    expect(flushed).toMatchObject({ ok: true, position: cursor });
    expect(await findCursor(store.db, 'detection:state')).toBe(cursor);
    expect(await storedState(store)).toEqual(await storedState(reference.store));
    const next = await ingest(store, consumerFor(store, EVERY_BATCH), [[buildActivity({ id: 'late-login', connectorInstanceId: 'ds', action: 'user.login', actor: { email: 'ana@example.com' }, srcIp: '81.2.69.10', time: START + 10 * HOUR })]]);
    expect(next[0]?.stats).toMatchObject({ replayed: 0, evaluated: 1 });
  });

  it('state held as long as stateFlush.ms, or as large as stateFlush.bytes, is stored with the next batch, whatever the batch count', async () => {
    const { pages } = splitBurstPages();
    const store = temp.store;
    const lag = async () => (await getCursor(store.db, 'detection')) - ((await findCursor(store.db, 'detection:state')) ?? 0);
    // Held for 0 ms is held long enough: every batch stores state.
    const byTime = consumerFor(store, { batches: 100, ms: 0 });
    for (const page of pages.slice(0, 3)) {
      await ingest(store, byTime, [page]);
      expect(await lag()).toBe(0);
    }
    // A byte of held state is enough: a batch stores what the batches before it held.
    const bySize = consumerFor(store, { batches: 100, ms: 3_600_000, bytes: 1 });
    const stateAt = await findCursor(store.db, 'detection:state');
    await ingest(store, bySize, pages.slice(3));
    expect(await findCursor(store.db, 'detection:state')).toBeGreaterThan(stateAt ?? 0);
    expect(await lag()).toBeLessThanOrEqual(5);
    // The same pages held by batch count alone store nothing (the fault the thresholds guard against is real).
    const held = consumerFor(reference.store, HOLD);
    await ingest(reference.store, held, pages);
    expect(await findCursor(reference.store.db, 'detection:state')).toBe(0);
  });

  it('onAlerts hears each alert once, in the run that raises it, and not when later evidence joins it', async () => {
    const { pages, burstStart, guessIds } = splitBurstPages();
    const heard: { run: number; policy: string; variant: string | null; evidence: number }[] = [];
    let run = 0;
    const consumer = consumerFor(temp.store, EVERY_BATCH, (created) => heard.push(...created.map((a) => ({ run, policy: a.policyId, variant: a.variant, evidence: a.activityIds.length }))));
    for (const page of pages) {
      await ingest(temp.store, consumer, [page]);
      run++;
    }
    // Three more guesses from the same address a minute after the burst: they join its alert.
    const attackAt = START + 5 * HOUR;
    const more = [0, 1, 2].map((i) => buildActivity({ id: `guess-late-${i}`, connectorInstanceId: 'ds', action: 'user.login_failed', actor: { email: ATTACKED_USER }, srcIp: '194.168.255.77', time: attackAt + 3 * MINUTE + i * 10_000 }));
    await ingest(temp.store, consumer, [more]);
    const joined = (await alertsOf(temp.store)).find((a) => a.variant === 'user');
    expect(joined?.evidence).toEqual([...guessIds, ...more.map((g) => g.id)].sort());
    expect(heard).toEqual([
      { run: burstStart + 1, policy: 'detection.failed-logons', variant: 'user', evidence: 11 },
      { run: burstStart + 1, policy: 'detection.failed-logons', variant: 'success-after-failures', evidence: 14 },
    ]);
  });

  it('activities deleted between the last state flush and the cursor: a new process goes on from the cursor and replays nothing', async () => {
    const { pages, burstStart, guessIds } = splitBurstPages();
    const store = temp.store;
    await ingest(store, consumerFor(store, HOLD), pages.slice(0, burstStart));
    const cursor = await getCursor(store.db, 'detection');
    expect([cursor, await findCursor(store.db, 'detection:state')]).toEqual([pages.slice(0, burstStart).flat().length, 0]);
    // The next page is stored before the process dies, and not evaluated yet.
    await commitPage(store.db, store.writeActivities, pages[burstStart] as Activity[]);
    // Retention keeps what held state would be rebuilt from...
    expect((await purgeActivities(store.db, { cutoff: START + 5 * HOUR })).deleted).toBe(0);
    // ...but rows deleted otherwise (by hand, a partial restore) leave nothing to rebuild it from.
    await store.db.deleteFrom('activities').where('ingest_seq', '<=', cursor).execute();

    const runs = await ingest(store, consumerFor(store, EVERY_BATCH), pages.slice(burstStart + 1));
    expect(runs.map((r) => r.stats.replayed)).toEqual(runs.map(() => 0));
    expect(runs.reduce((n, r) => n + r.stats.evaluated, 0)).toBe(pages.slice(burstStart).flat().length);
    expect(await findCursor(store.db, 'detection:state')).toBe(await getCursor(store.db, 'detection'));
    expect((await alertsOf(store)).map(({ policy, variant, subject, evidence }) => ({ policy, variant, subject, evidence: evidence.filter((id) => guessIds.includes(id)).length }))).toEqual([
      { policy: 'detection.failed-logons', variant: 'success-after-failures', subject: ATTACKED_USER, evidence: 12 },
      { policy: 'detection.failed-logons', variant: 'user', subject: ATTACKED_USER, evidence: 12 },
    ]);
  });
});

/** One more page in each store, evaluated by a consumer that stores state with every batch (a fresh process). */
async function flushBoth(...stores: Store[]): Promise<void> {
  const page = [buildActivity({ id: 'late-login', connectorInstanceId: 'ds', action: 'user.login', actor: { email: 'ana@example.com' }, srcIp: '81.2.69.10', time: START + 10 * HOUR })];
  for (const store of stores) await ingest(store, consumerFor(store, EVERY_BATCH), [page]);
}
