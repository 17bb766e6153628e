import { createPublicKey, type KeyObject } from 'node:crypto';
import { DAY } from '../../../core/clock.js';
import { HistoryLog } from '../../sdk/simulator/history-log.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { seedHistory } from '../../sdk/simulator/seed-history.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { DEMO_ORGANISATION } from '../../sdk/simulator/workforce.js';
import type { TenantClock } from '../../sdk/simulator/workforce-routine.js';
import { buildEvent, type EventSpec, type SimEvent } from './events.js';
import { HistoryGenerator } from './history.js';
import { BOX_SCENARIO_IDS, planScenarios } from './scenarios.js';
import { buildTenant, type ExternalUser, type SimUser, type Tenant } from './tenant.js';

export interface BoxSimulatorOptions extends SimulatorOptions {
  /** E-mail domain of the enterprise's people (the shared demo workforce's by default, so identities link). */
  emailDomain?: string;
  /** Days of history before "now". @default 30 */
  historyDays?: number;
  /** Requests per minute per user (Box documents about 1,000). @default 1000 */
  requestsPerMinute?: number;
  /** Share of events Box serves a second time a little later in the stream. @default 0.01 */
  redeliveryRate?: number;
}

/** Live mode keeps this much future activity generated, released as its time comes. */
const LOOKAHEAD = DAY;
/** Box's stream positions are large opaque integers; ours count from here. */
export const POSITION_BASE = 1152922976252290000n;

/** One slot of the recorded log: an event, or a re-delivery of one. */
interface Slot {
  event: SimEvent;
  recordedAt: number;
  seq: number;
}

/** Everything the simulator's routes read and change. */
export class BoxState {
  readonly tenant: Tenant;
  readonly facts: ScenarioFact[];
  readonly byRoute = new Map<string, number>();
  readonly options: BoxSimulatorOptions;
  readonly tokens = new Map<string, number>();
  /** Public keys registered on the app (JWT), by id. */
  readonly publicKeys = new Map<string, KeyObject>();
  /** Assertion ids already used (Box refuses a replayed `jti`). */
  readonly usedJti = new Set<string>();
  /** Sessions ended through terminate_sessions: user id and time. */
  readonly terminated: { userId: string; at: number }[] = [];
  private readonly slots: HistoryLog<Slot>;
  private seq = 0;
  private readonly history: HistoryGenerator;
  private readonly frozenAt: number | null;
  /** The tenant's time (frozen or the wall clock) and the live mode's day-by-day history. */
  private readonly clock: TenantClock;
  readonly historyStart: number;
  private readonly random: SeededRandom;
  private window: { start: number; count: number } = { start: 0, count: 0 };

  constructor(options: BoxSimulatorOptions) {
    this.options = options;
    const seed = options.seed ?? 1;
    this.frozenAt = options.frozenAt ?? null;
    const builtAt = this.frozenAt ?? Date.now();
    this.tenant = buildTenant({ seed, now: builtAt, emailDomain: options.emailDomain ?? DEMO_ORGANISATION.domain });
    this.random = new SeededRandom(mixSeed(seed, 0x5107));
    const plan = planScenarios(this.tenant, seed, builtAt, options.scenarios ?? BOX_SCENARIO_IDS);
    this.facts = plan.facts;
    this.history = new HistoryGenerator(this.tenant, seed, builtAt);
    this.historyStart = builtAt - (options.historyDays ?? 30) * DAY;
    this.slots = new HistoryLog({
      happenedAt: (s) => s.event.at,
      readableAt: (s) => s.recordedAt,
      window: { from: this.historyStart, until: this.frozenAt ?? Infinity },
      order: (a, b) => a.recordedAt - b.recordedAt || a.seq - b.seq,
      readableInOrder: true,
    });
    this.clock = seedHistory({ frozenAt: this.frozenAt, builtAt, historyStart: this.historyStart, lookaheadMs: LOOKAHEAD, once: [...this.history.adminEvents(), ...plan.events], day: (day) => this.history.day(day), add: (batch) => this.add(batch) });
    // Invitees of the scenarios are Box users of their own (free accounts): listable by exact login.
    for (const e of plan.events) {
      const who = e.record.accessible_by as Record<string, unknown> | null;
      if (who && typeof who.login === 'string' && !this.tenant.externals.some((x) => x.login === who.login)) this.tenant.externals.push({ id: String(who.id), name: String(who.name), login: who.login });
    }
  }

  private add(batch: SimEvent[]): void {
    const rate = this.options.redeliveryRate ?? 0.01;
    // Sorted by when they happened first, so re-deliveries land a few events after the original.
    const kept = batch.filter((e) => this.slots.inWindow(e.at)).sort((a, b) => a.at - b.at);
    for (const event of kept) {
      this.slots.append({ event, recordedAt: event.recordedAt, seq: this.seq++ });
      if (this.random.chance(rate)) this.slots.append({ event, recordedAt: event.recordedAt + this.random.int(1, 30) * 1000, seq: this.seq++ });
    }
  }

  now(): number {
    return this.clock.now();
  }

  get frozen(): boolean {
    return this.clock.frozen;
  }

  private ensureGenerated(): void {
    this.clock.ensureGenerated();
  }

  /** The recorded log as `admin_logs` serves it: in recording order, only what was recorded by now. */
  log(): Slot[] {
    this.ensureGenerated();
    return this.slots.visible(this.now());
  }

  /** Distinct events recorded by now. */
  recorded(): SimEvent[] {
    const seen = new Set<SimEvent>();
    for (const slot of this.log()) seen.add(slot.event);
    return [...seen];
  }

  /** Records what an API call did (a deactivation, a role change): readable at once. */
  append(spec: Omit<EventSpec, 'at' | 'lagMinutes'>): SimEvent {
    const event = buildEvent(this.tenant, { ...spec, at: this.now(), lagMinutes: 0 }, this.random);
    event.recordedAt = this.now();
    this.slots.append({ event, recordedAt: event.recordedAt, seq: this.seq++ });
    return event;
  }

  user(id: string): SimUser | undefined {
    return this.tenant.users.find((u) => u.id === id);
  }

  external(id: string): ExternalUser | undefined {
    return this.tenant.externals.find((u) => u.id === id);
  }

  /** The caller's token is one this simulator issued and it has not expired. */
  authorised(authorization: string | undefined): boolean {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return false;
    const expires = this.tokens.get(token);
    return expires !== undefined && expires > Date.now();
  }

  /** Box's per-user limit: a fixed one-minute window; the seconds to wait, or null. */
  take(now = Date.now()): number | null {
    const limit = this.options.requestsPerMinute ?? 1000;
    if (now - this.window.start >= 60_000) this.window = { start: now, count: 0 };
    if (this.window.count < limit) {
      this.window.count++;
      return null;
    }
    return Math.max(1, Math.ceil((this.window.start + 60_000 - now) / 1000));
  }

  registerKey(id: string, pem: string): void {
    this.publicKeys.set(id, createPublicKey(pem));
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }
}
