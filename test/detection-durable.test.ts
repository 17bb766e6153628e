import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { expect, it } from 'vitest';
import { describeDialects } from './helpers/dialects.js';
import type { Activity } from '../src/core/activity.js';
import { HOUR, manualClock } from '../src/core/clock.js';
import { createDetectionConsumer, type ConsumerRun } from '../src/detection/consumer.js';
import { Enricher, IntelIndex } from '../src/detection/enrichment/enricher.js';
import type { Store } from '../src/store/db.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { getCursor } from '../src/store/repos/detection-cursor.js';
import type { WrittenPage } from '../src/store/repos/activities.js';
import { connectionLock, withLockScope } from '../src/store/lock-scope.js';
import { ATTACKED_USER, commitPage, workloadPages } from './helpers/detection-workload.js';
import { useTempStore } from './helpers/temp-store.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const START = Date.UTC(2026, 5, 1, 8);
const clock = manualClock(START + 12 * HOUR);

/** An enricher that throws on the page holding `trigger` the first `failures` times it sees it. */
class FailingEnricher extends Enricher {
  thrown = 0;
  constructor(private readonly trigger: string, private readonly failures: number) {
    super({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) });
  }
  override async prepare(activities: readonly Activity[]): Promise<void> {
    if (this.thrown < this.failures && activities.some((a) => a.id === this.trigger)) {
      this.thrown++;
      throw new Error('injected detection failure');
    }
  }
}

async function failedLogonAlerts(store: Store) {
  const headers = await listAlerts(store.db, { policyId: 'detection.failed-logons' });
  return (await getAlerts(store.db, headers.map((h) => h.id))).map((a) => ({ subject: a.subject.key, variant: a.variant, evidence: [...a.activityIds].sort() }));
}

function runChild(dataDir: string, mode: 'kill' | 'finish', databaseUrl: string | undefined): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'run-ts.js'), join(root, 'test', 'fixtures', 'ingest-with-detection.ts'), dataDir, mode, String(START)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PARAPET_DATABASE_URL: databaseUrl ?? '' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describeDialects('durable hand-off from ingest to detection', (dialect) => {
  const temp = useTempStore(dialect);

  it('detection that throws right after the attack page was committed does not stall ingest; the next run raises the alert exactly once', async () => {
    const store = temp.store;
    const { pages, attackPage, attackIds } = workloadPages(START);
    const enricher = new FailingEnricher(attackIds[0] as string, 1);
    const consumer = createDetectionConsumer({ db: store.db, clock, logger: pino({ level: 'silent' }), enricher });
    const runs = [];
    for (const page of pages.slice(0, attackPage + 1)) {
      await commitPage(store.db, store.writeActivities, page);
      runs.push(await consumer.run());
    }
    expect(enricher.thrown).toBe(1);
    expect(runs.at(-1)).toMatchObject({ ok: false, error: 'injected detection failure' });
    expect(await failedLogonAlerts(store)).toEqual([]);
    // Ingest goes on; the next run resumes from the cursor and evaluates the attack page.
    for (const page of pages.slice(attackPage + 1)) {
      await commitPage(store.db, store.writeActivities, page);
      expect((await consumer.run()).ok).toBe(true);
    }
    expect(await failedLogonAlerts(store)).toEqual([{ subject: ATTACKED_USER, variant: 'user', evidence: [...attackIds].sort() }]);
    // Everything is consumed and nothing is raised again by a further run or a new consumer (a restart).
    const last = await store.db.selectFrom('activities').select((eb) => eb.fn.max('ingest_seq').as('m')).executeTakeFirstOrThrow();
    expect(await getCursor(store.db, 'detection')).toBe(Number(last.m));
    const restarted = createDetectionConsumer({ db: store.db, clock, logger: pino({ level: 'silent' }), enricher: new FailingEnricher('', 0) });
    expect((await restarted.run()).stats.evaluated).toBe(0);
    expect(await failedLogonAlerts(store)).toHaveLength(1);
  });

  it('two consumers that read the same range (two processes over one store) evaluate it once: the second finds the cursor moved', async () => {
    const store = temp.store;
    const { pages, attackPage, attackIds } = workloadPages(START);
    for (const page of pages.slice(0, attackPage + 1)) await commitPage(store.db, store.writeActivities, page);
    const activities = pages.slice(0, attackPage + 1).flat();
    const first = createDetectionConsumer({ db: store.db, clock, logger: pino({ level: 'silent' }), enricher: new FailingEnricher('', 0) });
    const second = createDetectionConsumer({ db: store.db, clock, logger: pino({ level: 'silent' }), enricher: new FailingEnricher('', 0) });
    // Both read from position 0; the first commits, then the second's page comes in from the same position.
    const position = { consumer: 'detection', from: 0, position: activities.length };
    const once = await (await first.service()).processPage('ds', activities, position);
    const again = await (await second.service()).processPage('ds', activities, position);
    expect(once.moved).toBeUndefined();
    expect(once.stats.evaluated).toBe(activities.length);
    expect(again).toMatchObject({ moved: true, alerts: [] });
    expect(again.stats.evaluated).toBe(0);
    expect(await failedLogonAlerts(store)).toEqual([{ subject: ATTACKED_USER, variant: 'user', evidence: [...attackIds].sort() }]);
    // A consumer run from the stale position continues from the moved cursor and evaluates nothing twice.
    expect(await getCursor(store.db, 'detection')).toBe(activities.length);
    expect((await second.run()).stats.evaluated).toBe(0);
    expect(await failedLogonAlerts(store)).toHaveLength(1);
  });

  it('pages handed over as they commit are each evaluated once, with the alert of pages read back; a page handed again is not evaluated twice', async () => {
    const store = temp.store;
    const { pages, attackPage, attackIds } = workloadPages(START);
    const consumer = createDetectionConsumer({ db: store.db, clock, logger: pino({ level: 'silent' }), enricher: new FailingEnricher('', 0) });
    const committed: WrittenPage[] = [];
    const evaluated: number[] = [];
    for (const page of pages) {
      const fresh = await commitPage(store.db, store.writeActivities, page);
      committed.push(fresh);
      const run = await consumer.run(fresh);
      expect(run.ok, run.error ?? '').toBe(true);
      evaluated.push(run.stats.evaluated);
    }
    expect(evaluated).toEqual(pages.map((p) => p.length));
    const alerts = [{ subject: ATTACKED_USER, variant: 'user', evidence: [...attackIds].sort() }];
    expect(await failedLogonAlerts(store)).toEqual(alerts);
    // The hook fires twice for the attack page (or a stale page is handed): already behind the cursor.
    const again = await consumer.run(committed[attackPage]);
    expect([again.ok, again.stats.evaluated, again.stats.alertsCreated + again.stats.alertsUpdated]).toEqual([true, 0, 0]);
    expect(await failedLogonAlerts(store)).toEqual(alerts);
  });

  it('a handed page behind pages nobody handed (another process committed them) waits for them: every activity is evaluated once, in ingest order', async () => {
    const store = temp.store;
    const { pages, attackPage, attackIds } = workloadPages(START);
    for (const page of pages.slice(0, attackPage + 1)) await commitPage(store.db, store.writeActivities, page);
    const consumer = createDetectionConsumer({ db: store.db, clock, logger: pino({ level: 'silent' }), enricher: new FailingEnricher('', 0) });
    const fresh = await commitPage(store.db, store.writeActivities, pages[attackPage + 1] as Activity[]);
    const run = await consumer.run(fresh);
    expect([run.ok, run.stats.evaluated]).toEqual([true, pages.slice(0, attackPage + 2).flat().length]);
    const last = await store.db.selectFrom('activities').select((eb) => eb.fn.max('ingest_seq').as('m')).executeTakeFirstOrThrow();
    expect(await getCursor(store.db, 'detection')).toBe(Number(last.m));
    expect(await failedLogonAlerts(store)).toEqual([{ subject: ATTACKED_USER, variant: 'user', evidence: [...attackIds].sort() }]);
  });

  it('a run asked for while one is running is followed by one more: a page committed meanwhile is evaluated before either call returns', async () => {
    const store = temp.store;
    const [first, second] = workloadPages(START).pages as [Activity[], Activity[]];
    let committedMeanwhile: Promise<unknown> | undefined;
    let askedMeanwhile: Promise<ConsumerRun> | undefined;
    // While the first page is being evaluated (inside detection's transaction), the sync commits the
    // second page and asks for a run, as its hook does after every page. On PostgreSQL the page commits
    // beside detection's transaction (the sync's lock scope); SQLite's one connection queues it behind.
    const meanwhile = new (class extends Enricher {
      override async prepare(activities: readonly Activity[]): Promise<void> {
        if (askedMeanwhile || !activities.some((a) => a.id === first[0]?.id)) return;
        committedMeanwhile = withLockScope([connectionLock('ds')], () => commitPage(store.db, store.writeActivities, second));
        if (dialect.name === 'postgres') await committedMeanwhile;
        askedMeanwhile = consumer.run();
      }
    })({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) });
    const consumer = createDetectionConsumer({ db: store.db, clock, logger: pino({ level: 'silent' }), enricher: meanwhile });
    await commitPage(store.db, store.writeActivities, first);
    const result = await consumer.run();
    await committedMeanwhile;
    expect(askedMeanwhile).toBeDefined();
    const total = first.length + second.length;
    // The second page was committed after the first run read its batch: only a run that followed evaluated it.
    expect(result).toMatchObject({ ok: true, position: total, stats: { evaluated: second.length } });
    expect(await askedMeanwhile).toBe(result);
    expect(await getCursor(store.db, 'detection')).toBe(total);
  });

  it('gives each stored activity an ingest sequence in commit order; re-ingested pages get none', async () => {
    const store = temp.store;
    const { pages } = workloadPages(START);
    for (const page of pages.slice(0, 2)) await commitPage(store.db, store.writeActivities, page);
    await commitPage(store.db, store.writeActivities, pages[0] as Activity[]);
    const rows = await store.db.selectFrom('activities').select(['id', 'ingest_seq']).orderBy('ingest_seq').execute();
    expect(rows.map((r) => r.id)).toEqual([...(pages[0] as Activity[]), ...(pages[1] as Activity[])].map((a) => a.id));
    expect(rows.map((r) => Number(r.ingest_seq))).toEqual(rows.map((_, i) => i + 1));
  });

  it('a process SIGKILLed right after the attack page was committed raises the alert exactly once after restart', async () => {
    await temp.close();
    const killed = await runChild(temp.path, 'kill', temp.databaseUrl);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    let store = await temp.reopen();
    const { attackIds } = workloadPages(START);
    const stored = await store.db.selectFrom('activities').select('id').where('id', 'in', attackIds).execute();
    expect(stored).toHaveLength(attackIds.length); // the page was committed before the kill
    expect(await failedLogonAlerts(store)).toEqual([]); // and detection had not seen it
    await temp.close();
    const finished = await runChild(temp.path, 'finish', temp.databaseUrl);
    expect(finished, finished.stderr).toMatchObject({ code: 0, signal: null });
    store = await temp.reopen();
    expect(await failedLogonAlerts(store)).toEqual([{ subject: ATTACKED_USER, variant: 'user', evidence: [...attackIds].sort() }]);
  }, 60_000);
});
