import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manualClock } from '../src/core/clock.js';
import { buildActivity } from '../src/detection/activity-builder.js';
import { createDetectionEngine } from '../src/detection/create-engine.js';
import { at, dailySignIns, PLACES } from '../src/detection/rules/example-helpers.js';
import { openStore } from '../src/store/db.js';
import { insertActivities } from '../src/store/repos/activities.js';
import { parapet } from './helpers/parapet-cli.js';
import { createTestDatabase, describeDialects, type TestDatabase } from './helpers/dialects.js';
import { tempDir } from './helpers/temp-dir.js';

const TRAVEL = [
  ...dailySignIns('sam@example.com', 10, PLACES.seattle, { hour: 16 }),
  { id: 'home', action: 'user.login' as const, actor: { email: 'sam@example.com' }, time: at(10, 16, 50), ...PLACES.seattle },
  { id: 'away', action: 'user.login' as const, actor: { email: 'sam@example.com' }, time: at(10, 17, 32), srcIp: '41.220.78.31' },
].map((i) => buildActivity({ ...i, connectorInstanceId: 'ds', ...(i.id ? { sourceId: i.id } : {}) }));

const GOOD_POLICY = `id: custom.night-admin
title: Admin changes at night
severity: high
where:
  - { field: action, in: [admin.setting_changed, admin.role_assigned] }
  - timeOfDay: { from: "22:00", to: "05:00" }
tests:
  - name: fires at 23:00
    activities: [{ action: admin.setting_changed, actor: { email: a@x.test }, time: "2026-01-05T23:00:00Z" }]
    expect: { alerts: 1 }
  - name: quiet at noon
    activities: [{ action: admin.setting_changed, actor: { email: a@x.test }, time: "2026-01-05T12:00:00Z" }]
    expect: { alerts: 0 }
`;

const BAD_POLICY = `id: custom.bad
title: Bad
where:
  - field: actor.emial
    equals: x@y.z
threshold: { count: 0, within: 5 minutes }
`;

describeDialects('detection CLI (real processes)', (dialect) => {
  const dir = tempDir('parapet-detect-cli-');
  let database: TestDatabase;
  const cli = (args: string[], dataDir: string) => parapet(args, dataDir, database.databaseUrl);
  const data = join(dir.path, 'data');
  const input = join(dir.path, 'activities.jsonl');
  const policies = join(dir.path, 'policies');
  let alertId = '';

  beforeAll(async () => {
    writeFileSync(input, [...TRAVEL.map((a) => JSON.stringify(a)), '{"not": "an activity"}'].join('\n') + '\n');
    mkdirSync(policies);
    writeFileSync(join(policies, 'night-admin.yaml'), GOOD_POLICY);
    writeFileSync(join(dir.path, 'bad.yaml'), BAD_POLICY);
    // A store with history and one alert, as a sync with the detection hook leaves it.
    database = await createTestDatabase(dialect);
    const store = await openStore({ dataDir: data, databaseUrl: database.databaseUrl });
    await insertActivities(store.db, TRAVEL);
    const service = await createDetectionEngine({ db: store.db, clock: manualClock(at(11)) });
    const alerts = await service.processCommitted('ds', TRAVEL);
    alertId = alerts.find((a) => a.policyId === 'detection.impossible-travel')?.id ?? '';
    await store.close();
  }, 60_000);
  afterAll(async () => {
    await database.drop();
    dir.cleanup();
  });

  it('detect: reads JSON lines, writes alert lines, reports bad lines and credits DB-IP', async () => {
    const run = await cli(['detect', '--input', input, '--policies', policies], data);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.policy).sort()).toEqual(['detection.impossible-travel', 'detection.infrequent-country']);
    expect(Object.keys(lines[0] ?? {}).sort()).toEqual(['activityIds', 'explanation', 'id', 'policy', 'severity', 'time', 'user']);
    expect(run.stderr).toMatch(/line 13: not a normalised activity/);
    expect(run.stderr).toMatch(/IP Geolocation by DB-IP/);
  });

  it('detect --builtin none with a policy that does not parse: a clear message with the line, exit 2', async () => {
    writeFileSync(join(policies, 'bad.yaml'), BAD_POLICY);
    const run = await cli(['detect', '--input', input, '--policies', policies, '--builtin', 'impossible-travel'], data);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:4:\d+: where\.0\.field: unknown field "actor\.emial"; did you mean actor\.email/);
    expect(run.stderr).toMatch(/bad\.yaml:6:\d+: threshold\.within: a duration like 30s/);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('alerts / alert: list, full evidence, and the lifecycle with a reason', async () => {
    const list = await cli(['alerts', '--json'], data);
    expect(list.code).toBe(0);
    const alerts = JSON.parse(list.stdout) as { id: string; policyId: string; status: string }[];
    expect(alerts.map((a) => a.policyId).sort()).toEqual(['detection.impossible-travel', 'detection.infrequent-country']);
    const shown = await cli(['alert', alertId], data);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Why\s+sam@example\.com was in Seattle, US/);
    expect(shown.stdout).toMatch(/Evidence: 2 activities/);
    expect(shown.stdout).toMatch(/home\s+user\.login/);
    expect(shown.stdout).toMatch(/If benign\s+closing it as benign_true_positive or false_positive teaches the policy that the alert's pair of places is usual for the person/);
    const noReason = await cli(['alert', alertId, 'resolve'], data);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/needs --reason/);
    const resolved = await cli(['alert', alertId, 'resolve', '--reason', 'true_positive', '--note', 'password reset'], data);
    expect(resolved.stdout).toMatch(/is now resolved \(true_positive\)/);
    expect(resolved.stdout, 'a true positive teaches nothing, so nothing is said of it').not.toMatch(/teaches/);
    const [other] = alerts.filter((a) => a.id !== alertId);
    const dismissed = await cli(['alert', other?.id ?? '', 'dismiss', '--reason', 'benign_true_positive'], data);
    expect(dismissed.stdout).toMatch(/is now dismissed \(benign_true_positive\)\nThis benign verdict teaches the policy that the country is one the person acts from/);
    const open = await cli(['alerts', '--json', '--severity', 'high'], data);
    expect(JSON.parse(open.stdout)).toEqual([]);
  });

  it('policy: add (running its tests), list, tune, test, backtest; refuses a bad file with lines', async () => {
    const added = await cli(['policy', 'add', join(policies, 'night-admin.yaml')], data);
    expect(added.stdout).toMatch(/policy custom\.night-admin stored \(enabled\); 2 test case\(s\) passed/);
    const bad = await cli(['policy', 'add', join(dir.path, 'bad.yaml')], data);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:4:\d+/);
    const tuned = await cli(['policy', 'tune', 'impossible-travel', '--sensitivity', 'high', '--exclude-user', 'ceo@example.com', '--param', 'maxSpeedKmh=900'], data);
    expect(tuned.stdout).toMatch(/detection\.impossible-travel: sensitivity high/);
    const badParam = await cli(['policy', 'tune', 'impossible-travel', '--param', 'maxSpeedKmh=fast'], data);
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toMatch(/maxSpeedKmh/);
    const list = JSON.parse((await cli(['policy', 'list', '--json'], data)).stdout) as { id: string; sensitivity: string; enabled: boolean }[];
    expect(list.find((p) => p.id === 'detection.impossible-travel')?.sensitivity).toBe('high');
    expect(list.find((p) => p.id === 'custom.night-admin')?.enabled).toBe(true);
    const tests = await cli(['policy', 'test', 'all'], data);
    expect(tests.code).toBe(0);
    expect(tests.stdout).toMatch(/\d+ passed, 0 failed/);
    const backtest = await cli(['policy', 'backtest', 'detection.impossible-travel', '--since', '2025-12-01', '--json'], data);
    expect(backtest.code).toBe(0);
    expect((JSON.parse(backtest.stdout) as { activityIds: string[] }[])[0]?.activityIds).toEqual(['home', 'away']);
  });

  it('intel: ranges, feeds, lookup, and rejecting what is not an address', async () => {
    expect((await cli(['intel', 'range', 'add', '10.0.0.0/8', '--tag', 'corporate', '--label', 'HQ'], data)).stdout).toMatch(/range 10\.0\.0\.0\/8 tagged corporate/);
    expect((await cli(['intel', 'range', 'add', '10.0.0.300/8', '--tag', 'corporate'], data)).code).toBe(2);
    const feed = join(dir.path, 'tor.txt');
    writeFileSync(feed, 'ExitAddress 185.220.101.1 2026-06-01 10:05:00\nnonsense\n');
    const imported = await cli(['intel', 'import', feed, '--feed', 'tor', '--kind', 'tor'], data);
    expect(imported.stdout).toMatch(/feed tor \(tor\): 1 entries imported, 1 line\(s\) skipped/);
    expect(imported.stderr).toMatch(/tor\.txt:2: not an address/);
    const lookup = JSON.parse((await cli(['intel', 'lookup', '185.220.101.1', '--json'], data)).stdout) as { anonymizer: { kind: string } };
    expect(lookup.anonymizer.kind).toBe('tor');
    const status = await cli(['intel', 'status'], data);
    expect(status.stdout).toMatch(/city \(IPv4\).*package/);
    expect(status.stdout).toMatch(/IP Geolocation by DB-IP/);
  });
});
