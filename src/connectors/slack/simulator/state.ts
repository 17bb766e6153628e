import { DAY } from '../../../core/clock.js';
import { HistoryLog } from '../../sdk/simulator/history-log.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { seedHistory } from '../../sdk/simulator/seed-history.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { DEMO_ORGANISATION } from '../../sdk/simulator/workforce.js';
import type { TenantClock } from '../../sdk/simulator/workforce-routine.js';
import { buildEntry, userRef, type AuditEntry, type EntrySpec } from './entries.js';
import { HistoryGenerator } from './history.js';
import { DEFAULT_TIERS, RateLimiter, type TierSettings } from './rate-limiter.js';
import { planScenarios, SLACK_SCENARIO_IDS } from './scenarios.js';
import { buildTenant, type SimUser, type Tenant } from './tenant.js';

export interface SlackSimulatorOptions extends SimulatorOptions {
  /** E-mail domain of the org's people (the shared demo workforce's by default, so identities link). */
  emailDomain?: string;
  /** People in the org: the shared workforce's first N (40 or more; benchmarks use thousands). @default 40 */
  people?: number;
  /** Days of history before "now". @default 30 */
  historyDays?: number;
  /** Per-family rate limits. @default Audit Tier 3 (50/min, bursts of 100), SCIM 300/min, Web Tier 2 (20/min) */
  rateLimits?: Partial<Record<'audit' | 'scim' | 'web', TierSettings>>;
  /** The org is on a plan without Enterprise Grid: Audit Logs and SCIM answer feature_not_enabled. @default true */
  enterpriseGrid?: boolean;
}

/** Live mode keeps this much future activity generated, released as its time comes. */
const LOOKAHEAD = DAY;

/** Everything the simulator's routes read and change. */
export class SlackState {
  readonly tenant: Tenant;
  readonly limiter: RateLimiter;
  readonly facts: ScenarioFact[];
  readonly byRoute = new Map<string, number>();
  readonly options: SlackSimulatorOptions;
  /** Session resets the Web API performed: user id and time. */
  readonly sessionResets: { userId: string; at: number }[] = [];
  private readonly entries: HistoryLog<AuditEntry>;
  private readonly history: HistoryGenerator;
  private readonly frozenAt: number | null;
  /** The tenant's time (frozen or the wall clock) and the live mode's day-by-day history. */
  private readonly clock: TenantClock;
  private readonly appendRandom: SeededRandom;

  constructor(options: SlackSimulatorOptions) {
    this.options = options;
    const seed = options.seed ?? 1;
    this.frozenAt = options.frozenAt ?? null;
    const builtAt = this.frozenAt ?? Date.now();
    this.tenant = buildTenant({ seed, now: builtAt, emailDomain: options.emailDomain ?? DEMO_ORGANISATION.domain, ...(options.people ? { people: options.people } : {}) });
    this.limiter = new RateLimiter({ ...DEFAULT_TIERS, ...options.rateLimits });
    this.appendRandom = new SeededRandom(mixSeed(seed, 0xa99e4d));
    const plan = planScenarios(this.tenant, seed, builtAt, options.scenarios ?? SLACK_SCENARIO_IDS);
    this.facts = plan.facts;
    this.history = new HistoryGenerator(this.tenant, seed, builtAt);
    const historyStart = builtAt - (options.historyDays ?? 30) * DAY;
    // `date_create` is in whole seconds: in ms, the window and "now" compare with it exactly as in seconds.
    const createdMs = (e: AuditEntry) => e.date_create * 1000;
    this.entries = new HistoryLog({
      happenedAt: createdMs,
      readableAt: createdMs,
      window: { from: historyStart, until: this.frozenAt ?? Infinity },
      order: (a, b) => b.date_create - a.date_create || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    });
    this.clock = seedHistory({ frozenAt: this.frozenAt, builtAt, historyStart, lookaheadMs: LOOKAHEAD, once: [...this.history.adminEvents(), ...plan.entries], day: (day) => this.history.day(day), add: (batch) => this.entries.add(batch) });
  }

  now(): number {
    return this.clock.now();
  }

  get frozen(): boolean {
    return this.clock.frozen;
  }

  /** Live mode: the next day of ordinary activity exists before its time comes. */
  ensureGenerated(): void {
    this.clock.ensureGenerated();
  }

  /** Entries that have happened by now, newest first (Slack's order), ties by id. */
  visible(): AuditEntry[] {
    this.ensureGenerated();
    return this.entries.visible(this.now());
  }

  /** Records what an API call did (a deactivation, a session reset): readable at once. */
  append(spec: Omit<EntrySpec, 'at'>): AuditEntry {
    const entry = buildEntry(this.tenant, { ...spec, at: this.now() }, this.appendRandom);
    this.entries.append(entry);
    return entry;
  }

  userById(id: string): SimUser | undefined {
    return this.tenant.users.find((u) => u.id === id);
  }

  /** The caller of a request, by its bearer token. */
  tokenKind(authorization: string | undefined): 'audit' | 'admin' | null {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return null;
    if (token === this.tenant.auditToken) return 'audit';
    if (token === this.tenant.adminToken) return 'admin';
    return null;
  }

  get owner(): SimUser {
    return this.tenant.users[this.tenant.ownerIndex] as SimUser;
  }

  ownerRef(): Record<string, unknown> {
    return userRef(this.owner, this.tenant);
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }
}
