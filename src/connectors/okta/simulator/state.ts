import { randomBytes } from 'node:crypto';
import { DAY } from '../../../core/clock.js';

const SECOND = 1000;
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import type { StoredEvent } from './events.js';
import { adminHistory, benignDay, type Planned } from './history.js';
import { injectScenarios, OKTA_SCENARIO_IDS } from './scenarios.js';
import { buildTenant, seededPolicies, type OktaTenant, type SimUser } from './tenant.js';

export interface OktaRateLimits {
  /** `/api/v1/logs` requests per minute (Okta's default org bucket for the System Log: 120). */
  logsPerMinute: number;
  /** Every other `/api/v1` bucket, per minute. */
  otherPerMinute: number;
}

export interface OktaSimulatorOptions extends SimulatorOptions {
  /** Days of System Log history. @default 30 */
  historyDays?: number;
  rateLimits?: Partial<OktaRateLimits>;
  /** Share of events Okta persists late (1–4 minutes after `published`). @default 0.05 */
  lateShare?: number;
}

export const DEFAULT_RATE_LIMITS: OktaRateLimits = { logsPerMinute: 120, otherPerMinute: 600 };

export interface AccessToken {
  scopes: Set<string>;
  expiresAt: number;
}

/** Everything the routes share: the org, its log, the clock, the per-minute buckets and the issued tokens. */
export class SimulatorState {
  readonly tenant: OktaTenant;
  readonly seed: number;
  readonly frozen: boolean;
  readonly builtAt: number;
  readonly historyDays: number;
  readonly limits: OktaRateLimits;
  readonly policies: Record<string, Record<string, unknown>[]>;
  facts: ScenarioFact[] = [];
  baseUrl = '';
  pageSize: number | undefined;
  /** Sorted by (visibleAt, uuid): the order of Okta's polling cursor. */
  private log: StoredEvent[] = [];
  private generatedDays = new Set<number>();
  private advancedMs = 0;
  private readonly lateShare: number;
  readonly tokens = new Map<string, AccessToken>();
  readonly usedJti = new Set<string>();
  readonly publicKeys = new Map<string, string>();
  readonly byRoute = new Map<string, number>();
  private buckets = new Map<string, { windowStart: number; used: number }>();
  private readonly rateLimitClock: () => number;

  constructor(options: OktaSimulatorOptions) {
    this.seed = options.seed ?? 1;
    this.frozen = options.frozenAt !== undefined;
    this.builtAt = options.frozenAt ?? Date.now();
    this.historyDays = options.historyDays ?? 30;
    this.limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
    this.rateLimitClock = options.rateLimitClock ?? (() => Date.now());
    this.lateShare = options.lateShare ?? 0.05;
    this.pageSize = options.pageSize;
    this.tenant = buildTenant(this.seed, this.builtAt);
    this.policies = seededPolicies(this.builtAt - 400 * DAY);
    const planned: Planned[] = adminHistory(this.tenant, this.seed, this.builtAt);
    for (const scenario of injectScenarios(this.tenant, this.seed, this.builtAt, options.scenarios ?? OKTA_SCENARIO_IDS)) {
      this.facts.push(scenario.fact);
      planned.push(...scenario.events);
    }
    const from = this.historyStart();
    const kept = planned.filter((p) => p.at >= from && p.at <= this.builtAt).sort((a, b) => a.at - b.at);
    for (const p of kept) p.apply?.();
    // Facts name only the events the tenant holds (a short history may cut a scenario).
    const held = new Set(kept.map((p) => p.record.uuid));
    this.facts = this.facts.filter((f) => f.eventIds.every((id) => held.has(id)));
    this.insert(kept.map((p) => p.record));
    this.ensureGenerated();
  }

  /** The tenant's "now": frozen, or the wall clock moved on by `advance`. */
  now(): number {
    return this.frozen ? this.builtAt : Date.now() + this.advancedMs;
  }

  historyStart(): number {
    return this.builtAt - this.historyDays * DAY;
  }

  /** Moves a live tenant's clock on: the days it reaches get their activity, late events become readable. */
  advance(ms: number): void {
    this.advancedMs += ms;
    this.ensureGenerated();
  }

  /** Generates every whole day of benign activity up to today (each day once, the same for the same seed). */
  ensureGenerated(): void {
    const from = this.historyStart();
    const last = Math.floor(this.now() / DAY);
    for (let day = Math.floor(from / DAY); day <= last; day++) {
      if (this.generatedDays.has(day)) continue;
      this.generatedDays.add(day);
      this.insert(benignDay(this.tenant, this.seed, day * DAY, this.builtAt).filter((e) => Date.parse(e.published) >= from && (!this.frozen || Date.parse(e.published) <= this.builtAt)));
    }
  }

  private insert(records: StoredEvent['record'][]): void {
    for (const record of records) {
      const at = Date.parse(record.published);
      const rng = new SeededRandom(mixSeed(this.seed, at % 2_147_483_647, record.uuid.charCodeAt(0), record.uuid.charCodeAt(1)));
      const lag = rng.chance(this.lateShare) ? rng.int(60, 240) * SECOND : rng.int(0, 3000);
      this.log.push({ at, visibleAt: at + lag, record });
    }
    this.log.sort(byCursor);
  }

  /** Writes an event the simulator's own API caused (a suspend, a session clear) at the tenant's now. */
  append(record: StoredEvent['record']): void {
    const at = Date.parse(record.published);
    this.log.push({ at, visibleAt: at, record });
    this.log.sort(byCursor);
  }

  /** Events readable now, in cursor order. */
  visible(): StoredEvent[] {
    this.ensureGenerated();
    const now = this.now();
    const out: StoredEvent[] = [];
    for (const e of this.log) {
      if (e.visibleAt > now) break;
      out.push(e);
    }
    return out;
  }

  get size(): number {
    return this.log.length;
  }

  user(idOrLogin: string): SimUser | undefined {
    const key = idOrLogin.toLowerCase();
    return this.tenant.users.find((u) => u.id.toLowerCase() === key || u.person.email === key);
  }

  issueToken(scopes: string[], lifetimeMs: number): string {
    const token = `eyJraWQiOi${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { scopes: new Set(scopes), expiresAt: Date.now() + lifetimeMs });
    return token;
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  /** Okta's per-minute bucket of `bucket`: the headers every response carries, and whether this request fits. */
  take(bucket: 'logs' | 'other'): { allowed: boolean; headers: Record<string, string> } {
    const limit = bucket === 'logs' ? this.limits.logsPerMinute : this.limits.otherPerMinute;
    const now = this.rateLimitClock();
    const windowStart = Math.floor(now / 60_000) * 60_000;
    const current = this.buckets.get(bucket);
    const state = current && current.windowStart === windowStart ? current : { windowStart, used: 0 };
    this.buckets.set(bucket, state);
    const allowed = state.used < limit;
    if (allowed) state.used++;
    return {
      allowed,
      headers: {
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-remaining': String(Math.max(0, limit - state.used)),
        'x-rate-limit-reset': String((windowStart + 60_000) / 1000),
      },
    };
  }
}

export function byCursor(a: StoredEvent, b: StoredEvent): number {
  return a.visibleAt - b.visibleAt || (a.record.uuid < b.record.uuid ? -1 : a.record.uuid > b.record.uuid ? 1 : 0);
}
