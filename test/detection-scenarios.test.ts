import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../src/core/clock.js';
import { MINUTE } from '../src/core/clock.js';
import microsoft365 from '../src/connectors/microsoft365/index.js';
import { connectors as registered } from '../src/connectors/registry.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import type { RunningSimulator, ScenarioFact } from '../src/connectors/sdk/simulator/simulator.js';
import { createDetectionEngine } from '../src/detection/create-engine.js';
import { BUILTIN_RULES } from '../src/detection/rules/index.js';
import { openStore, type Store } from '../src/store/db.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { SyncService } from '../src/sync/sync-service.js';
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
  dir: ReturnType<typeof tempDir>;
  sims: RunningSimulator<unknown>[];
  /** Every alert, with the provider event ids of its evidence. */
  alerts: { policyId: string; subject: string; explanation: string; sourceIds: Set<string> }[];
}

/**
 * Seeds the simulators' 30-day history and syncs it all (30-day backfill) into one store, with detection
 * after every committed page, as `parapet sync` does. Several connectors share the demo workforce, so
 * their accounts link into identities (Microsoft 365 is the identity provider).
 */
async function syncWithDetection(connectors: readonly AnyConnector[], scenarios?: readonly string[]): Promise<Run> {
  const dir = tempDir('parapet-scenarios-');
  const store = await openStore({ dataDir: dir.path });
  const clock = clockAfter(CONFORMANCE_NOW);
  const logger = pino({ level: 'silent' });
  const detection = await createDetectionEngine({ db: store.db, clock, logger });
  const sims: RunningSimulator<unknown>[] = [];
  const sync = new SyncService({
    store,
    registry: { get: (id) => connectors.find((c) => c.id === id), list: () => connectors },
    logger,
    clock,
    backfillDays: 30,
    onCommitted: async (instanceId, activities) => {
      await detection.processCommitted(instanceId, activities);
    },
  });
  // The identity provider first, as an organisation would connect it.
  const ordered = [...connectors].sort((a, b) => Number(b.identityProvider === true) - Number(a.identityProvider === true));
  for (const connector of ordered) {
    const sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, ...(scenarios ? { scenarios } : {}) });
    sims.push(sim);
    await createInstance(store.db, store.secrets, { name: connector.id, provider: connector.id, config: sim.config, now: clock.now() });
    const summary = await sync.syncInstance(connector.id);
    expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  }
  const sourceOf = new Map((await store.db.selectFrom('activities').select(['id', 'source_id']).execute()).map((r) => [r.id, r.source_id]));
  const headers = await listAlerts(store.db, { limit: 10_000 });
  const alerts = (await getAlerts(store.db, headers.map((h) => h.id))).map((a) => ({
    policyId: a.policyId,
    subject: a.subject.email ?? a.subject.key,
    explanation: a.explanation,
    sourceIds: new Set(a.activityIds.map((id) => sourceOf.get(id)).filter((s): s is string => s !== undefined)),
  }));
  return { store, dir, sims, alerts };
}

async function close(run: Run | undefined): Promise<void> {
  if (!run) return;
  await run.store.close();
  for (const sim of run.sims) await sim.close();
  run.dir.cleanup();
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
  describe(`detection scenarios over the ${connector.id} simulator (sync + normalize + detection)`, () => {
    let attacked: Run | undefined;
    let benign: Run | undefined;
    beforeAll(async () => {
      attacked = await syncWithDetection([connector]);
      benign = await syncWithDetection([connector], []);
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
        if (fact) expectCaught(attacked, fact);
      });
    }

    it('raises no alert from any built-in policy over the benign history alone', () => {
      expect(benign?.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)).toEqual([]);
    });
  });
}

describe(`detection over all simulators together (${withScenarios.map((c) => c.id).join(' + ')}, one workforce)`, () => {
  let attacked: Run | undefined;
  let benign: Run | undefined;
  beforeAll(async () => {
    attacked = await syncWithDetection(withScenarios);
    benign = await syncWithDetection(withScenarios, []);
  }, 600_000);
  afterAll(async () => {
    await close(attacked);
    await close(benign);
  });

  it('still catches every scenario when the apps share people (identities linked across apps)', () => {
    const facts = attacked?.sims.flatMap((s) => s.scenarios()) ?? [];
    expect(facts.length).toBeGreaterThan(0);
    for (const fact of facts) expectCaught(attacked, fact);
  });

  it('raises no alert over the benign histories together (a closure in one app is not a termination in another)', () => {
    expect(benign?.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
