import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Activity } from '../core/activity.js';
import { buildActivity } from '../detection/activity-builder.js';
import { openStore, type Store } from '../store/db.js';
import { insertActivities } from '../store/repos/activities.js';
import { searchActivities, type ActivityKey, type ActivitySearch } from '../store/repos/activity-search.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { CSV_HEADER, csvField, exportActivities, type ExportFormat } from './activity-export.js';

/** The export as it was written before it read stored rows: activities materialised, then serialised. */
const MATERIALISED_CSV: [string, (a: Activity) => unknown][] = [
  ['id', (a) => a.id],
  ['time', (a) => new Date(a.time).toISOString()],
  ['provider', (a) => a.provider],
  ['app', (a) => a.app],
  ['connectorInstanceId', (a) => a.connectorInstanceId],
  ['action', (a) => a.action],
  ['eventType', (a) => a.eventType],
  ['outcome', (a) => a.outcome],
  ['actorEmail', (a) => a.actor.email],
  ['actorName', (a) => a.actor.name],
  ['actorUserId', (a) => a.actor.userId],
  ['srcIp', (a) => a.srcIp],
  ['country', (a) => a.geo.country],
  ['city', (a) => a.geo.city],
  ['asn', (a) => a.asn],
  ['userAgent', (a) => a.userAgent],
  ['message', (a) => a.message],
];

async function materialisedExport(store: Store, search: ActivitySearch, format: ExportFormat, pageSize: number, matches?: (a: Activity) => boolean): Promise<string> {
  let out = format === 'csv' ? `${MATERIALISED_CSV.map(([name]) => name).join(',')}\r\n` : '';
  let after: ActivityKey | null = null;
  for (;;) {
    const page = await searchActivities(store.db, search, { after, limit: pageSize, ...(matches ? { matches } : {}) });
    for (const a of page.items) out += format === 'csv' ? `${MATERIALISED_CSV.map(([, get]) => csvField(get(a))).join(',')}\r\n` : `${JSON.stringify(a)}\n`;
    if (!page.next) return out;
    after = page.next;
  }
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

const T0 = Date.UTC(2026, 4, 1, 12);
const ODD = 'Zoë "quoted", back\\slash\ttab\r\nnewline \u2028 \u{1F600} <script>&amp; é';

/** Activities with every kind of value the store holds: odd text, nulls, enrichment, nested JSON columns. */
function sample(instanceId: string): Activity[] {
  return Array.from({ length: 23 }, (_, i) =>
    buildActivity({
      id: `a-${String(i).padStart(3, '0')}`,
      connectorInstanceId: instanceId,
      provider: 'docusign',
      app: i % 2 ? 'eSignature' : ODD,
      // Pairs share a timestamp, so pages of 3 split ties: the keyset resumes on (time, id).
      time: T0 - Math.floor(i / 2) * 60_000,
      action: i % 3 === 0 ? 'user.login_failed' : 'file.downloaded',
      actor: i % 4 === 3 ? { email: null, userId: null } : { email: `user${i % 3}@example.com`, name: i % 2 ? ODD : null, userId: `u-${i}`, isAdmin: i % 3 === 0 ? true : i % 3 === 1 ? false : null },
      impersonator: i === 4 ? { userId: 'adm', email: 'admin@example.com', name: ODD } : null,
      service: i === 5 ? { name: 'Drive', id: null } : null,
      targets: i % 5 === 0 ? [{ type: 'file', id: `f-${i}`, name: ODD, changes: [{ field: 'title', old: ODD, new: null }] }, { type: 'user', id: null, name: null, email: 'b@example.com' }] : [],
      srcIp: i % 6 === 5 ? null : i % 2 ? `203.0.113.${i}` : `2001:db8::${i}`,
      srcPort: i % 2 ? 443 + i : null,
      geo: i % 3 === 2 ? {} : { country: i % 2 ? 'NL' : 'US', region: ODD, city: i % 2 ? 'Amsterdam' : null, lat: 52.3675734 + i / 7, lon: -4.9041389 - i / 3, source: 'lookup' },
      asn: i % 2 ? 4_200_000_000 + i : null,
      asOrg: i % 2 ? ODD : null,
      isp: null,
      ipFlags: i % 2 ? { tor: i % 4 === 1, proxy: false, hosting: true, source: ODD } : null,
      userAgent: i % 7 === 0 ? null : `Mozilla/5.0 (${ODD})`,
      ua: { os: i % 2 ? 'macOS' : null, browser: 'Firefox', device: null },
      device: i === 6 ? { id: 'd-1', managed: true, compliant: null } : null,
      sessionId: i % 2 ? `s-${i}` : null,
      auth: { mfa: i % 3 === 0 ? true : i % 3 === 1 ? false : null, protocol: i % 2 ? 'saml' : null, interactive: i % 2 === 0, method: null },
      message: i === 7 ? '=HYPERLINK("x") report, "quoted"' : i % 2 ? ODD : null,
      outcomeReason: i % 3 === 0 ? 'bad "password"' : null,
      raw: {
        n: i,
        text: ODD,
        lone: '\ud800 and \udfff',
        nul: 'a\u0000b',
        nested: { deep: [1, -0, 1.5e-7, 1e21, 2 ** 53 + 2, null, true, { '': '' }] },
        '2': 'integer-like key',
        '1': 'sorted first',
        __proto__x: 'not a prototype',
      },
    }),
  );
}

describeDialects('activity export', (dialect) => {
  const database = useTestDatabase(dialect);
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let activities: Activity[];
  beforeEach(async () => {
    dir = tempDir();
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    const instanceId = (await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: T0 })).id;
    activities = sample(instanceId);
    await insertActivities(store.db, activities);
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('writes JSON lines from stored rows byte for byte as the materialised activities serialise, across keyset pages', async () => {
    const exported = await collect(exportActivities(store.db, {}, { format: 'jsonl', pageSize: 3 }));
    expect(exported).toBe(await materialisedExport(store, {}, 'jsonl', 3));
    // And as the activities stored serialise, newest first by (time, id).
    const newestFirst = [...activities].sort((a, b) => b.time - a.time || (b.id < a.id ? -1 : 1));
    expect(exported).toBe(newestFirst.map((a) => `${JSON.stringify(a)}\n`).join(''));
    // Pages of the default size give the same bytes.
    expect(await collect(exportActivities(store.db, {}, { format: 'jsonl' }))).toBe(exported);
  });

  it('writes CSV from the stored columns as the materialised activities did (formulas defused, quotes escaped)', async () => {
    const exported = await collect(exportActivities(store.db, {}, { format: 'csv', pageSize: 3 }));
    expect(exported).toBe(await materialisedExport(store, {}, 'csv', 3));
    expect(exported.startsWith(CSV_HEADER)).toBe(true);
    expect(exported.split('\r\n').filter(Boolean).length).toBeGreaterThan(activities.length); // ODD's CR LF is quoted inside its fields
    expect(exported).toContain(`"'=HYPERLINK(""x"") report, ""quoted"""`);
  });

  it('filters in SQL and by source range in memory the same way on both paths', async () => {
    const inRange = (ip: string | null) => ip?.startsWith('203.0.113.') ?? false;
    for (const format of ['jsonl', 'csv'] as const) {
      const byUser = await collect(exportActivities(store.db, { user: 'USER1@example.com' }, { format, pageSize: 2 }));
      expect(byUser).toBe(await materialisedExport(store, { user: 'user1@example.com' }, format, 2));
      const byRange = await collect(exportActivities(store.db, { actions: ['file.downloaded'] }, { format, pageSize: 2, ipMatches: inRange }));
      expect(byRange).toBe(await materialisedExport(store, { actions: ['file.downloaded'] }, format, 2, (a) => inRange(a.srcIp)));
      expect(byRange.length).toBeGreaterThan(CSV_HEADER.length);
    }
  });
});
