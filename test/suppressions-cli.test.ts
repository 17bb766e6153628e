import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Activity } from '../src/core/activity.js';
import { DAY, HOUR, systemClock } from '../src/core/clock.js';
import { buildActivity } from '../src/detection/activity-builder.js';
import { createDetectionConsumer } from '../src/detection/consumer.js';
import { ingestEnrichment } from '../src/detection/enrichment/ingest-enrichment.js';
import { openEnricher } from '../src/detection/enrichment/open-enricher.js';
import { openStore } from '../src/store/db.js';
import { commitPage } from './helpers/detection-workload.js';
import { parapet } from './helpers/parapet-cli.js';
import { createTestDatabase, describeDialects, type TestDatabase } from './helpers/dialects.js';
import { tempDir } from './helpers/temp-dir.js';

const burst = (email: string, prefix: string, start: number): Activity[] =>
  Array.from({ length: 12 }, (_, i) => buildActivity({ id: `${prefix}-${i}`, sourceId: `${prefix}-${i}`, connectorInstanceId: 'ds', action: 'user.login_failed', actor: { email }, srcIp: '81.2.69.160', time: start + i * 10_000 }));

/** Stores a page the way the sync does (enrichment at ingest), then runs detection as the sync would. */
async function ingest(target: { dataDir: string; databaseUrl: string | undefined }, page: Activity[]): Promise<void> {
  const store = await openStore(target);
  try {
    const { enricher } = openEnricher({});
    await commitPage(store.db, store.writeActivities, await ingestEnrichment(enricher)(page));
    const run = await createDetectionConsumer({ db: store.db, clock: systemClock, logger: pino({ level: 'silent' }), enricher }).run();
    expect(run.ok, run.error ?? '').toBe(true);
  } finally {
    await store.close();
  }
}

describeDialects('parapet suppressions, alert and activities (CLI)', (dialect) => {
  const dir = tempDir('parapet-suppressions-');
  const start = Date.now() - 2 * DAY;
  let database: TestDatabase;
  const target = () => ({ dataDir: dir.path, databaseUrl: database.databaseUrl });
  const cli = (args: string[]) => parapet(args, dir.path, database.databaseUrl);
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await (await openStore(target())).close();
  });
  afterAll(async () => {
    await database.drop();
    dir.cleanup();
  });

  it('adds, lists, shows and removes a suppression; what it silenced is listed on the later alert; activities show stored enrichment', async () => {
    const bad = await cli(['suppressions', 'add', '--policy', 'detection.failed-logons', '--country', 'France', '--owner', 'sam', '--reason', 'travel', '--expires', '7d']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"France" is not a two-letter ISO country code/);
    const two = await cli(['suppressions', 'add', '--policy', 'detection.failed-logons', '--user', 'a@x.test', '--app', 'Okta', '--owner', 'sam', '--reason', 'r', '--expires', '7d']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/exactly one of --user/);

    const added = await cli(['suppressions', 'add', '--policy', 'detection.failed-logons', '--user', 'Lou@Example.com', '--owner', 'sam@example.com', '--reason', 'pen test', '--expires', '7d', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const suppression = JSON.parse(added.stdout) as { id: string; value: string };
    expect(suppression.value).toBe('lou@example.com');

    await ingest(target(), [...burst('lou@example.com', 'lou', start), ...burst('ana@example.com', 'ana', start)]);
    const listed = JSON.parse((await cli(['suppressions', 'list', '--json'])).stdout) as { id: string; findings: number }[];
    expect(listed).toMatchObject([{ id: suppression.id, findings: 1 }]);
    const shown = await cli(['suppressions', 'show', suppression.id]);
    expect(shown.stdout).toMatch(/lou@example\.com failed to sign in 1\d times/);

    const removed = await cli(['suppressions', 'remove', suppression.id]);
    expect(removed.stdout).toMatch(/removed/);
    await ingest(target(), burst('lou@example.com', 'lou-again', start + DAY + HOUR));
    const alerts = JSON.parse((await cli(['alerts', '--json'])).stdout) as { id: string; subject: { key: string } }[];
    expect(alerts.map((a) => a.subject.key).sort()).toEqual(['ana@example.com', 'lou@example.com']);
    const lou = alerts.find((a) => a.subject.key === 'lou@example.com');
    expect(lou).toBeDefined();
    const alert = await cli(['alert', lou!.id]);
    expect(alert.stdout).toMatch(/Suppressed: 1 finding\(s\) of this policy and subject were silenced/);
    expect(alert.stdout).toContain(suppression.id);

    const activities = (await cli(['activities', '--user', 'lou@example.com', '--jsonl', '--limit', '1'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Activity);
    expect(activities[0]?.geo).toMatchObject({ country: 'GB', source: 'lookup' });
    expect(activities[0]?.asn).not.toBeNull();
  }, 180_000);
});
