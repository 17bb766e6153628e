import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Activity } from '../core/activity.js';
import type { Alert } from '../core/alert.js';
import { DAY, HOUR, MINUTE, manualClock } from '../core/clock.js';
import { SeededRandom } from '../connectors/sdk/simulator/seeded-random.js';
import { openStore } from '../store/db.js';
import { getAlerts, listAlerts } from '../store/repos/alerts.js';
import { buildActivity } from './activity-builder.js';
import { createDetectionEngine } from './create-engine.js';
import { MemoryDetectionStore } from './detection-store.js';
import { DetectionEngine } from './engine.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';
import { loadNetworkList } from './enrichment/anonymizer-list.js';
import { BUILTIN_RULES } from './rules/index.js';
import { resolvePolicy } from './rule.js';

const T0 = Date.UTC(2026, 3, 1);
const DAYS = 14;
const CITIES = [
  { country: 'GB', city: 'London', lat: 51.5, lon: -0.12, ip: '81.2.69.' },
  { country: 'FR', city: 'Paris', lat: 48.86, lon: 2.35, ip: '90.84.1.' },
  { country: 'DE', city: 'Berlin', lat: 52.52, lon: 13.4, ip: '87.123.2.' },
];
const FAR = { country: 'BR', city: 'São Paulo', lat: -23.55, lon: -46.63, ip: '177.10.3.' };

/**
 * Two weeks of two connectors' activity for sixteen people: sign-ins from home (a typo now and then),
 * and, at random, password-guessing bursts (some users twice, days apart), a sign-in from far away,
 * and download bursts. One connector after the other, each in time order, as a backfill stores them
 * (the guessing bursts come through the connector read first: one read later is behind the lateness bound).
 */
function workload(seed: number): Activity[] {
  const random = new SeededRandom(seed);
  const out: Activity[] = [];
  let n = 0;
  const add = (instance: string, input: Parameters<typeof buildActivity>[0]) => {
    const id = `s${seed}-${n++}`;
    out.push(buildActivity({ ...input, id, sourceId: id, connectorInstanceId: instance, provider: instance === 'm365' ? 'microsoft365' : 'okta' }));
  };
  const at = (city: typeof FAR, host: number) => ({ srcIp: `${city.ip}${host}`, geo: { country: city.country, city: city.city, lat: city.lat, lon: city.lon, source: 'provider' as const } });
  for (let u = 0; u < 16; u++) {
    const email = `user${u}@example.com`;
    const home = CITIES[u % CITIES.length] as typeof FAR;
    for (let d = 0; d < DAYS; d++) {
      const signIns = random.int(1, 4);
      for (let s = 0; s < signIns; s++) {
        const time = T0 + d * DAY + random.int(7, 19) * HOUR + random.int(0, 59) * MINUTE;
        const instance = random.chance(0.5) ? 'm365' : 'ds';
        if (random.chance(0.1)) add(instance, { action: 'user.login_failed', actor: { email }, time: time - MINUTE, ...at(home, u + 10) });
        add(instance, { action: 'user.login', actor: { email }, time, ...at(home, u + 10) });
      }
    }
    const bursts = u < 3 ? [random.int(1, 3), random.int(8, 12)] : random.chance(0.3) ? [random.int(1, 12)] : [];
    for (const d of bursts) {
      const start = T0 + d * DAY + random.int(0, 6) * HOUR;
      const guesses = random.int(11, 16);
      for (let i = 0; i < guesses; i++) add('ds', { action: 'user.login_failed', actor: { email }, time: start + i * 7_000, ...at(FAR, 99) });
    }
    if (random.chance(0.4)) add('m365', { action: 'user.login', actor: { email }, time: T0 + random.int(DAYS - 3, DAYS - 1) * DAY + 2 * HOUR, ...at(FAR, u) });
    if (random.chance(0.3)) {
      const start = T0 + random.int(DAYS - 3, DAYS - 1) * DAY + 20 * HOUR;
      for (let i = 0; i < 130; i++) add('ds', { action: 'file.downloaded', actor: { email }, time: start + i * 10_000, targets: [{ type: 'file', id: `f${i}`, name: `f${i}.docx` }], ...at(home, u + 10) });
    }
  }
  return out.sort((a, b) => a.connectorInstanceId.localeCompare(b.connectorInstanceId) || a.time - b.time || a.id.localeCompare(b.id));
}

/** Pages of at most `size` activities of one connector each, in the given order (as the sync commits them). */
function paged(activities: readonly Activity[], size: number): { instance: string; page: Activity[] }[] {
  const pages: { instance: string; page: Activity[] }[] = [];
  for (const a of activities) {
    const last = pages.at(-1);
    if (last && last.instance === a.connectorInstanceId && last.page.length < size) last.page.push(a);
    else pages.push({ instance: a.connectorInstanceId, page: [a] });
  }
  return pages;
}

/** What must not depend on paging: policy, subject, time span, the evidence set and the explanation of every alert. */
function shape(alerts: readonly Alert[]): string[] {
  return alerts.map((a) => JSON.stringify([a.policyId, a.variant, a.subject.key, a.firstActivityAt, a.lastActivityAt, [...a.activityIds].sort(), a.explanation])).sort();
}

const enricher = () => new Enricher({ geo: null, asn: null, networks: loadNetworkList(), intel: IntelIndex.build([], []) });
const policies = BUILTIN_RULES.map((r) => resolvePolicy(r as never));
const PAGE_SIZES = [1, 7, 1000, 5000];
const clock = () => manualClock(T0 + (DAYS + 1) * DAY);

async function inMemory(activities: readonly Activity[], size: number): Promise<Alert[]> {
  const store = new MemoryDetectionStore();
  const engine = new DetectionEngine({ store, enricher: enricher(), policies, clock: clock() });
  for (const { instance, page } of paged(activities, size)) await engine.processPage(instance, page);
  return store.list();
}

describe('alerts do not depend on how the input was paged', () => {
  it('the same activities give the same alerts with pages of 1, 7, 1000 and 5000 (property over seeds)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), async (seed) => {
        const activities = workload(seed);
        const reference = shape(await inMemory(activities, PAGE_SIZES[0] as number));
        for (const size of PAGE_SIZES.slice(1)) expect(shape(await inMemory(activities, size)), `page size ${size}, seed ${seed}`).toEqual(reference);
      }),
      { numRuns: 4 },
    );
  }, 120_000);
});

describeDialects('alerts over the store do not depend on how the input was paged', (dialect) => {
  const database = useTestDatabase(dialect);
  it('over the store: findings of one policy and person days apart stay separate alerts, whatever the paging', async () => {
    const activities = workload(7);
    expect(activities.length).toBeGreaterThan(1000);
    const results: string[][] = [];
    for (const size of PAGE_SIZES) {
      const dir = tempDir();
      const store = await openStore({ dataDir: dir.path, databaseUrl: await database.another() });
      try {
        const service = await createDetectionEngine({ db: store.db, clock: clock(), enricher: enricher() });
        for (const { instance, page } of paged(activities, size)) await service.processPage(instance, page);
        const alerts = await getAlerts(store.db, (await listAlerts(store.db, { limit: 10_000 })).map((h) => h.id));
        results.push(shape(alerts));
        // The workload's guessing bursts days apart against one person are two alerts, not one.
        const bursts = alerts.filter((a) => a.policyId === 'detection.failed-logons' && a.subject.key === 'user0@example.com').sort((a, b) => a.firstActivityAt - b.firstActivityAt);
        expect(bursts.length, `page size ${size}`).toBe(2);
        expect((bursts[1]?.firstActivityAt ?? 0) - (bursts[0]?.lastActivityAt ?? 0), `page size ${size}`).not.toBeLessThan(DAY);
      } finally {
        await store.close();
        dir.cleanup();
      }
    }
    expect(results[0]?.length).toBeGreaterThan(3);
    for (const [i, result] of results.entries()) expect(result, `page size ${PAGE_SIZES[i]}`).toEqual(results[0]);
  }, 180_000);
});
