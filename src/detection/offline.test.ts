import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { DAY } from '../core/clock.js';
import { openStore, type Store } from '../store/db.js';
import { insertActivities } from '../store/repos/activities.js';
import { buildActivity, type ActivityInput } from './activity-builder.js';
import { loadNetworkList } from './enrichment/anonymizer-list.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';
import { backtest, detectOffline, toAlertLine } from './offline.js';
import { resolvePolicy } from './rule.js';
import { at, dailySignIns, PLACES } from './rules/example-helpers.js';
import { BUILTIN_RULES } from './rules/index.js';
import { parsePolicy } from './custom/parse-policy.js';

const enricher = () => new Enricher({ geo: null, asn: null, networks: loadNetworkList(), intel: IntelIndex.build([], []) });
const all = () => BUILTIN_RULES.map((r) => resolvePolicy(r));

function history(): ActivityInput[] {
  return [
    ...dailySignIns('sam@example.com', 10, PLACES.seattle, { hour: 16 }),
    ...dailySignIns('ann@example.com', 10, PLACES.london),
    { id: 'home', action: 'user.login', actor: { email: 'sam@example.com' }, time: at(10, 16, 50), ...PLACES.seattle },
    { id: 'away', action: 'user.login', actor: { email: 'sam@example.com' }, time: at(10, 17, 32), ...PLACES.lagos },
  ];
}

describe('parapet detect (offline) and backtest', () => {
  it('learns from the input in time order, writes alert lines, and reports bad lines by number', async () => {
    const activities = history().map((i) => buildActivity(i));
    const lines = [...activities.reverse().map((a) => JSON.stringify(a)), 'not json', JSON.stringify({ id: 'x' }), ''];
    const result = await detectOffline(lines, { policies: all(), enricher: enricher(), wallClock: at(30) });
    const out = result.alerts.map(toAlertLine);
    const travel = out.find((l) => l.policy === 'detection.impossible-travel');
    expect(travel).toMatchObject({ severity: 'high', user: 'sam@example.com', activityIds: ['home', 'away'] });
    expect(travel?.time).toBe(new Date(at(10, 16, 50)).toISOString());
    expect(out.map((l) => l.policy).sort()).toEqual(['detection.impossible-travel', 'detection.infrequent-country']);
    expect(result.rejected.map((r) => r.line)).toEqual([activities.length + 1, activities.length + 2]);
    expect(result.rejected[1]?.reason).toMatch(/not a normalised activity/);
  });

  it('raises nothing from the benign history alone', async () => {
    const lines = history().slice(0, -2).map((i) => JSON.stringify(buildActivity(i)));
    const result = await detectOffline(lines, { policies: all(), enricher: enricher(), wallClock: at(30) });
    expect(result.alerts).toEqual([]);
  });

  it('does not let a record from years ahead move time, nor alert storm on it', async () => {
    const lines = [...history(), { action: 'user.login' as const, actor: { email: 'ann@example.com' }, time: at(4000), ...PLACES.lagos }].map((i) => JSON.stringify(buildActivity(i)));
    const result = await detectOffline(lines, { policies: all(), enricher: enricher(), wallClock: at(30) });
    expect(result.stats.future).toBe(1);
    expect(result.alerts.filter((a) => a.policyId === 'detection.impossible-travel')).toHaveLength(1);
  });

  describeDialects('backtest over stored history', (dialect) => {
    const database = useTestDatabase(dialect);
    let dir: ReturnType<typeof tempDir>;
    let store: Store;
    beforeEach(async () => {
      dir = tempDir();
      store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    });
    afterEach(async () => {
      await store.close();
      dir.cleanup();
    });

    it('reports what a custom policy would have raised, without touching stored state or alerts', async () => {
      const downloads = Array.from({ length: 2500 }, (_, i) => buildActivity({ connectorInstanceId: 'ds', action: 'file.downloaded', actor: { email: `u${i % 40}@x.test` }, srcIp: '81.2.69.160', time: at(0) + i * 20 * 60_000 }));
      await insertActivities(store.db, downloads);
      const { rule } = parsePolicy('id: custom.night-downloads\ntitle: Night downloads\nwhere:\n  - { field: action, equals: file.downloaded }\n  - timeOfDay: { from: "02:00", to: "04:00" }\n', 'p.yaml');
      const result = await backtest(store.db, { policies: [resolvePolicy(rule)], enricher: enricher(), since: at(0), until: at(0) + 40 * DAY, pageSize: 300 });
      expect(result.activities).toBe(2500);
      // One download every 20 minutes, 6 in each 02:00-04:00 window over ~35 days; one alert per user per day.
      expect(result.alerts.length).toBeGreaterThan(30);
      expect(result.alerts.every((a) => a.policyId === 'custom.night-downloads')).toBe(true);
      expect(await store.db.selectFrom('alerts').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('detector_state').selectAll().execute()).toEqual([]);
      expect(result.to - result.from).toBe(40 * DAY);
    });
  });
});
