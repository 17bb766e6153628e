import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, describeDialects, type TestDialect } from './helpers/dialects.js';
import type { Clock } from '../src/core/clock.js';
import { MINUTE } from '../src/core/clock.js';
import microsoft365 from '../src/connectors/microsoft365/index.js';
import { connectors as registered } from '../src/connectors/registry.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { DEMO_ORGANISATION, workforce } from '../src/connectors/sdk/simulator/workforce.js';
import { HOLIDAY_INDEX } from '../src/connectors/sdk/simulator/workforce-routine.js';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import type { RunningSimulator, ScenarioFact } from '../src/connectors/sdk/simulator/simulator.js';
import { BUILTIN_RULES } from '../src/detection/rules/index.js';
import type { AppServices } from '../src/app/services.js';
import { productionServices } from './helpers/production-services.js';
import type { Store } from '../src/store/db.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { addIpRange, replaceFeed } from '../src/store/repos/ip-ranges.js';
import { CORPORATE_VPN, THREAT_FEED_ADDRESSES } from '../src/connectors/microsoft365/simulator/places.js';
import { tempDir } from './helpers/temp-dir.js';

/**
 * Every connector with a simulator that injects attack scenarios, from the registry (plus Microsoft 365
 * until the registry lists it): a new connector's scenarios are enrolled here at once.
 */
const withScenarios: AnyConnector[] = [...registered, ...(registered.some((c) => c.id === microsoft365.id) ? [] : [microsoft365 as AnyConnector])].filter(
  (c) => c.simulator.scenarios.length > 0,
);

/** The simulators' tenant is frozen at CONFORMANCE_NOW; our clock starts just after it and runs in real time (rate-limit waits need time to pass). */
function clockAfter(frozenAt: number): Clock {
  const started = Date.now();
  return { now: () => frozenAt + MINUTE + (Date.now() - started) };
}

interface Run {
  store: Store;
  services: AppServices;
  dir: ReturnType<typeof tempDir>;
  database: { drop(): Promise<void> };
  sims: RunningSimulator<unknown>[];
  /** Every alert, with the provider event ids of its evidence. */
  alerts: { policyId: string; subject: string; explanation: string; sourceIds: Set<string> }[];
  /** Provider event id -> the actor's e-mail. */
  actorOf: Map<string, string | null>;
}

/**
 * Seeds the simulators' 30-day history and syncs it all (30-day backfill) into one store, with detection
 * after every committed page, as `parapet sync` does. Several connectors share the demo workforce, so
 * their accounts link into identities (Microsoft 365 is the identity provider).
 */
async function syncWithDetection(dialect: TestDialect, connectors: readonly AnyConnector[], scenarios?: readonly string[]): Promise<Run> {
  const dir = tempDir('parapet-scenarios-');
  const database = await createTestDatabase(dialect);
  const clock = clockAfter(CONFORMANCE_NOW);
  const services = productionServices({ dataDir: dir.path, databaseUrl: database.databaseUrl, clock });
  const store = await services.store();
  // The admin imported a threat feed before connecting anything (the simulators' outside world lists these addresses).
  await replaceFeed(store.db, 'vendor-threats', 'threat', THREAT_FEED_ADDRESSES, clock.now());
  // ...and tagged the organisation's VPN gateway as its own VPN (`parapet intel range add <cidr> --tag vpn`).
  await addIpRange(store.db, { cidr: CORPORATE_VPN.cidr, tag: 'vpn', label: CORPORATE_VPN.label, now: clock.now() });
  const sims: RunningSimulator<unknown>[] = [];
  const sync = await services.sync();
  // The identity provider first, as an organisation would connect it.
  const ordered = [...connectors].sort((a, b) => Number(b.identityProvider === true) - Number(a.identityProvider === true));
  for (const connector of ordered) {
    const sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, ...(scenarios ? { scenarios } : {}) });
    sims.push(sim);
    await createInstance(store.db, store.secrets, { name: connector.id, provider: connector.id, config: sim.config, now: clock.now() });
    const summary = await sync.syncInstance(connector.id);
    expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  }
  const rows = await store.db.selectFrom('activities').selectAll().execute();
  const sourceOf = new Map(rows.map((r) => [r.id, r.source_id]));
  if (process.env.PARAPET_DUMP_ALERTS) writeFileSync(`${process.env.PARAPET_DUMP_ALERTS}.rows.${connectors.map((c) => c.id).join('+')}.${scenarios ? 'benign' : 'attacked'}.json`, JSON.stringify(Object.fromEntries(rows.map((r) => { const x = r as Record<string, unknown>; return [r.source_id, [x.event_type, x.action, x.actor_email, x.src_ip, new Date(Number(x.time)).toISOString(), x.session_id, x.geo_country]]; }))));
  const headers = await listAlerts(store.db, { limit: 10_000 });
  const alerts = (await getAlerts(store.db, headers.map((h) => h.id))).map((a) => ({
    policyId: a.policyId,
    subject: a.subject.email ?? a.subject.key,
    explanation: a.explanation,
    sourceIds: new Set(a.activityIds.map((id) => sourceOf.get(id)).filter((s): s is string => s !== undefined)),
  }));
  return { store, services, dir, database, sims, alerts, actorOf: new Map(rows.map((r) => [r.source_id, (r as { actor_email: string | null }).actor_email])) };
}

async function close(run: Run | undefined): Promise<void> {
  if (!run) return;
  await run.services.close();
  for (const sim of run.sims) await sim.close();
  run.dir.cleanup();
  await run.database.drop();
}

/** An alert as the exact-set assertions compare it: policy, subject, and the sorted provider ids of its evidence. */
interface AlertShape {
  policy: string;
  subject: string;
  evidence: string[];
}

// All of the evidence breaks ties: one policy may raise two alerts about one subject that start with the same record.
const byShape = (a: AlertShape, b: AlertShape) => `${a.policy} ${a.subject} ${a.evidence.join(',')}`.localeCompare(`${b.policy} ${b.subject} ${b.evidence.join(',')}`);

function raised(run: Run | undefined): AlertShape[] {
  return (run?.alerts ?? []).map((a) => ({ policy: a.policyId, subject: a.subject, evidence: [...a.sourceIds].sort() })).sort(byShape);
}

/** Every alert the injected scenarios must raise: each fact's own list, else its policy about its user. */
function expected(facts: readonly ScenarioFact[]): AlertShape[] {
  return facts
    .flatMap((f) => f.alerts ?? [{ policy: f.policy, subject: f.user ?? '', eventIds: f.eventIds }])
    .map((a) => ({ policy: a.policy, subject: a.subject, evidence: [...new Set(a.eventIds)].sort() }))
    .sort(byShape);
}

/** Checks that the policy meant for a scenario raised an alert holding the scenario's activities. */
function expectCaught(run: Run | undefined, fact: ScenarioFact): void {
  const caught = run?.alerts.filter((a) => a.policyId === fact.policy && fact.eventIds.some((e) => a.sourceIds.has(e))) ?? [];
  const others = run?.alerts.filter((a) => fact.eventIds.some((e) => a.sourceIds.has(e))).map((a) => `${a.policyId}: ${a.explanation}`) ?? [];
  expect(caught.length, `${fact.description}\nexpected an alert from ${fact.policy} holding its activities; alerts on them: ${others.join(' | ') || 'none'}`).toBeGreaterThan(0);
  if (fact.user) expect(caught.map((a) => a.subject), `the alert should be about ${fact.user}`).toContain(fact.user);
}

const builtinIds = new Set(BUILTIN_RULES.map((r) => r.id));

for (const connector of withScenarios) {
  describeDialects(`detection scenarios over the ${connector.id} simulator (sync + normalize + detection)`, (dialect) => {
    let attacked: Run | undefined;
    let benign: Run | undefined;
    beforeAll(async () => {
      attacked = await syncWithDetection(dialect, [connector]);
      benign = await syncWithDetection(dialect, [connector], []);
    }, 600_000);
    afterAll(async () => {
      await close(attacked);
      await close(benign);
    });

    it('injects scenarios, each naming a built-in policy', () => {
      const facts = attacked?.sims[0]?.scenarios() ?? [];
      expect(facts.length).toBeGreaterThan(0);
      expect(facts.filter((f) => !builtinIds.has(f.policy)).map((f) => `${f.id} -> ${f.policy}`)).toEqual([]);
    });

    for (const id of connector.simulator.scenarios) {
      it(`catches "${id}" with the policy meant for it`, () => {
        const fact = attacked?.sims[0]?.scenarios().find((f: ScenarioFact) => f.id === id);
        expect(fact, `scenario ${id} was not injected`).toBeDefined();
        // Completed in other apps (test/detection-scenarios-okta.test.ts): alone it must raise nothing, as it says.
        if (fact?.completedElsewhere) expect(fact.alerts).toEqual([]);
        else if (fact) expectCaught(attacked, fact);
      });
    }

    it('raises exactly the alerts its scenarios describe (policy, subject, every evidence activity), and nothing else', () => {
      if (process.env.PARAPET_DUMP_ALERTS) writeFileSync(`${process.env.PARAPET_DUMP_ALERTS}.${connector.id}.json`, JSON.stringify({ raised: raised(attacked), expected: expected(attacked?.sims[0]?.scenarios() ?? []) }, null, 1));
      expect(raised(attacked)).toEqual(expected(attacked?.sims[0]?.scenarios() ?? []));
    });

    it('raises no alert from any built-in policy over the benign history alone', () => {
      if (process.env.PARAPET_DUMP_ALERTS) writeFileSync(`${process.env.PARAPET_DUMP_ALERTS}.benign.${connector.id}.json`, JSON.stringify(benign?.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)));
      expect(benign?.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)).toEqual([]);
    });
  });
}

describe('scenario coverage', () => {
  it('every built-in policy is asserted by at least one simulator scenario', async () => {
    const covered = new Set<string>();
    for (const connector of withScenarios) {
      const sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
      for (const f of sim.scenarios()) for (const policy of [f.policy, ...(f.alerts ?? []).map((a) => a.policy)]) covered.add(policy);
      await sim.close();
    }
    expect([...builtinIds].filter((id) => !covered.has(id)).sort()).toEqual([]);
  });
});

describeDialects(`detection over all simulators together (${withScenarios.map((c) => c.id).join(' + ')}, one workforce)`, (dialect) => {
  let attacked: Run | undefined;
  let benign: Run | undefined;
  beforeAll(async () => {
    attacked = await syncWithDetection(dialect, withScenarios);
    benign = await syncWithDetection(dialect, withScenarios, []);
  }, 600_000);
  afterAll(async () => {
    await close(attacked);
    await close(benign);
  });

  it('still catches every scenario when the apps share people (identities linked across apps)', () => {
    const facts = attacked?.sims.flatMap((s) => s.scenarios()) ?? [];
    expect(facts.length).toBeGreaterThan(0);
    // A scenario completed elsewhere raises its alert only where its tenant anchors the person: in the demo
    // organisation Microsoft 365 owns the domain, so an Okta deactivation is not a termination in the other apps.
    for (const fact of facts.filter((f) => !f.completedElsewhere)) expectCaught(attacked, fact);
  });

  it('raises exactly the alerts the scenarios describe when the apps share people (evidence: the scenario\'s and the same person\'s own activity)', () => {
    if (process.env.PARAPET_DUMP_ALERTS) writeFileSync(`${process.env.PARAPET_DUMP_ALERTS}.all.json`, JSON.stringify({ raised: raised(attacked), expected: expected(attacked?.sims.flatMap((s) => s.scenarios()) ?? []) }, null, 1));
    // One person's alerts from two apps merge (same policy and subject), so expectations merge the same way; alerts
    // one app's scenarios expect apart (one policy's findings of different kinds, e.g. guessing and the success after
    // it) stay apart: a key is expected as many times as the app that expects it most often.
    const want = new Map<string, Set<string>>();
    const times = new Map<string, number>();
    const atMost = new Map<string, number>();
    for (const sim of attacked?.sims ?? []) {
      const inSim = new Map<string, number>();
      for (const a of expected(sim.scenarios())) {
        const key = `${a.policy} ${a.subject}`;
        want.set(key, new Set([...(want.get(key) ?? []), ...a.evidence]));
        inSim.set(key, (inSim.get(key) ?? 0) + 1);
      }
      for (const [key, n] of inSim) {
        times.set(key, Math.max(times.get(key) ?? 0, n));
        atMost.set(key, (atMost.get(key) ?? 0) + n);
      }
    }
    // A person one app's scenario puts abroad (an infrequent country) signs in from home in the other apps the
    // same day: together that is impossible travel too, with the foreign records as its evidence. Not the
    // holiday-maker, away from every app (so the demo's alerts do not depend on the hour it starts).
    const holidayMaker = workforce({ seed: 7, domain: DEMO_ORGANISATION.domain })[HOLIDAY_INDEX]?.email;
    for (const [key, evidence] of [...want]) {
      if (!key.startsWith('detection.infrequent-country ') || key === `detection.infrequent-country ${holidayMaker}`) continue;
      const travel = key.replace('detection.infrequent-country', 'detection.impossible-travel');
      want.set(travel, new Set([...(want.get(travel) ?? []), ...evidence]));
      times.set(travel, Math.max(times.get(travel) ?? 0, 1));
      atMost.set(travel, Math.max(atMost.get(travel) ?? 0, 1));
    }
    const got = raised(attacked);
    // Exactly the expected policies and people; per key, as many alerts as the app expecting it most often (the
    // apps' findings merged) up to their sum (findings of different kinds, e.g. an owner added in GitHub and a
    // super administrator granted in Okta, stay apart).
    const gotTimes = new Map<string, number>();
    for (const a of got) gotTimes.set(`${a.policy} ${a.subject}`, (gotTimes.get(`${a.policy} ${a.subject}`) ?? 0) + 1);
    expect([...gotTimes.keys()].sort()).toEqual([...times.keys()].sort());
    for (const [key, n] of gotTimes) {
      expect(n, `${key}: alerts`).toBeGreaterThanOrEqual(times.get(key) ?? 0);
      expect(n, `${key}: alerts`).toBeLessThanOrEqual(atMost.get(key) ?? 0);
    }
    for (const a of got) {
      const wanted = want.get(`${a.policy} ${a.subject}`) ?? new Set<string>();
      // Exact evidence is asserted per simulator above; here the other app's history may stand in for a record (the
      // latest sign-in before the trip is then the other app's), so: some of the scenario's records, and nothing by anyone else.
      expect(a.evidence.filter((id) => wanted.has(id)).length, `${a.policy} ${a.subject}: the scenario's evidence`).toBeGreaterThan(0);
      const others = a.evidence.filter((id) => !wanted.has(id)).map((id) => attacked?.actorOf.get(id) ?? null);
      expect(others.filter((actor) => actor !== a.subject), `${a.policy} ${a.subject}: evidence by someone else`).toEqual([]);
    }
  });

  it('raises no alert over the benign histories together (a closure in one app is not a termination in another)', () => {
    expect(benign?.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
