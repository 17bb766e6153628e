import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from '../src/core/activity.js';
import { DAY, HOUR, systemClock } from '../src/core/clock.js';
import { buildActivity } from '../src/detection/activity-builder.js';
import { createDetectionConsumer } from '../src/detection/consumer.js';
import { ingestEnrichment } from '../src/detection/enrichment/ingest-enrichment.js';
import { openEnricher } from '../src/detection/enrichment/open-enricher.js';
import { openStore } from '../src/store/db.js';
import { commitPage } from './helpers/detection-workload.js';
import { parapet } from './helpers/parapet-cli.js';
import { tempDir } from './helpers/temp-dir.js';

const burst = (email: string, prefix: string, start: number): Activity[] =>
  Array.from({ length: 12 }, (_, i) => buildActivity({ id: `${prefix}-${i}`, sourceId: `${prefix}-${i}`, connectorInstanceId: 'ds', action: 'user.login_failed', actor: { email }, srcIp: '81.2.69.160', time: start + i * 10_000 }));

/** Stores a page the way the sync does (enrichment at ingest), then runs detection as the sync would. */
async function ingest(dataDir: string, page: Activity[]): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    const { enricher } = openEnricher({});
    await commitPage(store.db, store.writeActivities, await ingestEnrichment(enricher)(page));
    const run = await createDetectionConsumer({ db: store.db, clock: systemClock, logger: pino({ level: 'silent' }), enricher }).run();
    expect(run.ok, run.error ?? '').toBe(true);
  } finally {
    await store.close();
  }
}

describe('parapet suppressions, alert and activities (CLI)', () => {
  const dir = tempDir('parapet-suppressions-');
  const start = Date.now() - 2 * DAY;
  beforeAll(async () => {
    await (await openStore({ dataDir: dir.path })).close();
  });
  afterAll(() => dir.cleanup());

  it('adds, lists, shows and removes a suppression; what it silenced is listed on the later alert; activities show stored enrichment', async () => {
    const bad = await parapet(['suppressions', 'add', '--policy', 'detection.failed-logons', '--country', 'France', '--owner', 'sam', '--reason', 'travel', '--expires', '7d'], dir.path);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"France" is not a two-letter ISO country code/);
    const two = await parapet(['suppressions', 'add', '--policy', 'detection.failed-logons', '--user', 'a@x.test', '--app', 'Okta', '--owner', 'sam', '--reason', 'r', '--expires', '7d'], dir.path);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/exactly one of --user/);

    const added = await parapet(['suppressions', 'add', '--policy', 'detection.failed-logons', '--user', 'Lou@Example.com', '--owner', 'sam@example.com', '--reason', 'pen test', '--expires', '7d', '--json'], dir.path);
    expect(added.code, added.stderr).toBe(0);
    const suppression = JSON.parse(added.stdout) as { id: string; value: string };
    expect(suppression.value).toBe('lou@example.com');

    await ingest(dir.path, [...burst('lou@example.com', 'lou', start), ...burst('ana@example.com', 'ana', start)]);
    const listed = JSON.parse((await parapet(['suppressions', 'list', '--json'], dir.path)).stdout) as { id: string; findings: number }[];
    expect(listed).toMatchObject([{ id: suppression.id, findings: 1 }]);
    const shown = await parapet(['suppressions', 'show', suppression.id], dir.path);
    expect(shown.stdout).toMatch(/lou@example\.com failed to sign in 1\d times/);

    const removed = await parapet(['suppressions', 'remove', suppression.id], dir.path);
    expect(removed.stdout).toMatch(/removed/);
    await ingest(dir.path, burst('lou@example.com', 'lou-again', start + DAY + HOUR));
    const alerts = JSON.parse((await parapet(['alerts', '--json'], dir.path)).stdout) as { id: string; subject: { key: string } }[];
    expect(alerts.map((a) => a.subject.key).sort()).toEqual(['ana@example.com', 'lou@example.com']);
    const lou = alerts.find((a) => a.subject.key === 'lou@example.com');
    expect(lou).toBeDefined();
    const alert = await parapet(['alert', lou!.id], dir.path);
    expect(alert.stdout).toMatch(/Suppressed: 1 finding\(s\) of this policy and subject were silenced/);
    expect(alert.stdout).toContain(suppression.id);

    const activities = (await parapet(['activities', '--user', 'lou@example.com', '--jsonl', '--limit', '1'], dir.path)).stdout.trim().split('\n').map((l) => JSON.parse(l) as Activity);
    expect(activities[0]?.geo).toMatchObject({ country: 'GB', source: 'lookup' });
    expect(activities[0]?.asn).not.toBeNull();
  }, 180_000);
});
