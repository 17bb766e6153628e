import { DAY } from '../../../core/clock.js';
import { HistoryLog } from '../../sdk/simulator/history-log.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { seedHistory } from '../../sdk/simulator/seed-history.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { TokenBuckets, type BucketLimit } from '../../sdk/simulator/token-bucket.js';
import { DEMO_ORGANISATION } from '../../sdk/simulator/workforce.js';
import type { TenantClock } from '../../sdk/simulator/workforce-routine.js';
import { buildEvent, type EventSpec, type StoredEvent } from './events.js';
import { HistoryGenerator } from './history.js';
import { ATLASSIAN_SCENARIO_IDS, planScenarios } from './scenarios.js';
import { buildTenant, type SimUser, type Tenant } from './tenant.js';

/** Requests a minute per API path, and how many may come at once. */
export type PathLimit = BucketLimit;

export interface AtlassianSimulatorOptions extends SimulatorOptions {
  emailDomain?: string;
  /** People in the org (40 or more). @default 40 */
  people?: number;
  /** Days of history before "now". @default 30 */
  historyDays?: number;
  /**
   * Per-path limits. @default `/events` 10 a minute (Atlassian's published figure), `/events-stream` 600 a minute
   * in bursts of 200 (not published), everything else 300 a minute.
   */
  rateLimits?: Partial<Record<'events' | 'eventsStream' | 'other', PathLimit>>;
  /** Send `Retry-After` on a 429 (Atlassian does not always: then `X-RateLimit-Reset` says when). @default true */
  retryAfterHeader?: boolean;
  /** The org has no Atlassian Guard / Enterprise: the audit-log paths answer 403. @default true */
  guard?: boolean;
}

const LOOKAHEAD = DAY;

/** Atlassian meters each API path on its own (digest §5). */
export class PathLimiter {
  private readonly buckets = new TokenBuckets();
  constructor(private readonly limits: Record<'events' | 'eventsStream' | 'other', PathLimit>) {}

  limitOf(kind: 'events' | 'eventsStream' | 'other'): PathLimit {
    return this.limits[kind];
  }

  /** Takes a request from the path's bucket: the remaining budget, and the ms until reset (or until the next request, when refused). */
  take(kind: 'events' | 'eventsStream' | 'other', path: string, now = Date.now()): { allowed: boolean; remaining: number; resetMs: number } {
    const { allowed, remaining, waitMs } = this.buckets.take(path, this.limits[kind], now);
    return { allowed, remaining, resetMs: waitMs };
  }
}

/** Everything the simulator's routes read and change. */
export class AtlassianState {
  readonly tenant: Tenant;
  readonly facts: ScenarioFact[];
  readonly limiter: PathLimiter;
  readonly byRoute = new Map<string, number>();
  readonly options: AtlassianSimulatorOptions;
  baseUrl = '';
  private readonly events: HistoryLog<StoredEvent>;
  private readonly history: HistoryGenerator;
  private readonly frozenAt: number | null;
  /** The tenant's time (frozen or the wall clock) and the live mode's day-by-day history. */
  private readonly clock: TenantClock;
  readonly historyStart: number;
  private readonly appendRandom: SeededRandom;

  constructor(options: AtlassianSimulatorOptions) {
    this.options = options;
    const seed = options.seed ?? 1;
    this.frozenAt = options.frozenAt ?? null;
    const builtAt = this.frozenAt ?? Date.now();
    this.tenant = buildTenant({ seed, now: builtAt, emailDomain: options.emailDomain ?? DEMO_ORGANISATION.domain, ...(options.people ? { people: options.people } : {}) });
    this.limiter = new PathLimiter({
      events: { perMinute: 10, burst: 10 },
      eventsStream: { perMinute: 600, burst: 200 },
      other: { perMinute: 300, burst: 100 },
      ...options.rateLimits,
    });
    this.appendRandom = new SeededRandom(mixSeed(seed, 0xa99e4d));
    this.history = new HistoryGenerator(this.tenant, seed, builtAt);
    const plan = planScenarios(this.tenant, seed, builtAt, options.scenarios ?? ATLASSIAN_SCENARIO_IDS);
    this.facts = plan.facts;
    this.historyStart = builtAt - (options.historyDays ?? 30) * DAY;
    this.events = new HistoryLog({
      happenedAt: (e) => e.at,
      readableAt: (e) => e.processedAt,
      window: { from: this.historyStart, until: this.frozenAt ?? Infinity },
      order: (a, b) => a.processedAt - b.processedAt || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0),
    });
    this.clock = seedHistory({ frozenAt: this.frozenAt, builtAt, historyStart: this.historyStart, lookaheadMs: LOOKAHEAD, once: [...this.history.adminEvents(), ...plan.events], day: (day) => this.history.day(day), add: (batch) => this.events.add(batch) });
  }

  now(): number {
    return this.clock.now();
  }

  get frozen(): boolean {
    return this.clock.frozen;
  }

  /** Events Atlassian has processed by now, in processing order (ties by id). */
  visible(): StoredEvent[] {
    this.clock.ensureGenerated();
    const now = this.now();
    return this.events.visible(now, (e) => e.at <= now);
  }

  /** Records what an API call did (a suspension, a restore): processed at once. */
  append(spec: Omit<EventSpec, 'at' | 'lagMs'>): StoredEvent {
    const at = this.now();
    const event = buildEvent(this.tenant, { ...spec, at, lagMs: 0 }, this.appendRandom);
    this.events.append(event);
    return event;
  }

  user(accountId: string): SimUser | undefined {
    return this.tenant.users.find((u) => u.accountId === accountId);
  }

  get owner(): SimUser {
    return this.tenant.users[this.tenant.ownerIndex] as SimUser;
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }
}
