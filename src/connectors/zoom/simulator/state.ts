import { DAY } from '../../../core/clock.js';
import { HistoryLog } from '../../sdk/simulator/history-log.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { seedHistory } from '../../sdk/simulator/seed-history.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { DEMO_ORGANISATION } from '../../sdk/simulator/workforce.js';
import type { TenantClock } from '../../sdk/simulator/workforce-routine.js';
import { HistoryGenerator } from './history.js';
import { PRO_LIMITS, RateLimiter, type ZoomRateLimits } from './rate-limiter.js';
import { operation, type StoredRecord } from './records.js';
import { planScenarios, ZOOM_SCENARIO_IDS } from './scenarios.js';
import { buildTenant, zoomId, type SimUser, type Tenant } from './tenant.js';

export interface ZoomSimulatorOptions extends SimulatorOptions {
  /** E-mail domain of the account's people (the shared demo workforce's by default, so identities link). */
  emailDomain?: string;
  /** People in the account: the shared workforce's first N (40 or more). @default 40 */
  people?: number;
  /** Days of history before "now". @default 30 */
  historyDays?: number;
  /** Rate limits. @default the Pro plan's (Light 30/s, Medium 20/s, Heavy 10/s, 30,000 Heavy a day) */
  rateLimits?: Partial<ZoomRateLimits>;
  /** A per-second 429 carries `Retry-After` (Zoom's sometimes does not). @default true */
  retryAfterOnQps?: boolean;
  /** How long a `next_page_token` stays valid (real time). @default 15 minutes */
  pageTokenTtlMs?: number;
  /** Access token lifetime in seconds. @default 3600 */
  tokenTtlSeconds?: number;
  /** The account is on the free plan: reports and settings answer 400, code 200. @default false */
  freePlan?: boolean;
}

/** Live mode keeps this much future activity generated, released as its time comes. */
const LOOKAHEAD = DAY;

/** Everything the simulator's routes read and change. */
export class ZoomState {
  readonly tenant: Tenant;
  readonly limiter: RateLimiter;
  readonly facts: ScenarioFact[];
  readonly byRoute = new Map<string, number>();
  readonly options: ZoomSimulatorOptions;
  /** Access tokens issued: value -> expiry (real time, epoch ms). */
  readonly tokens = new Map<string, number>();
  private readonly records: HistoryLog<StoredRecord>;
  /** Ids of the records held: a record identical to one held is the same record. */
  private readonly held = new Set<string>();
  private readonly history: HistoryGenerator;
  private readonly frozenAt: number | null;
  private readonly clock: TenantClock;
  private readonly tokenRandom: SeededRandom;

  constructor(options: ZoomSimulatorOptions) {
    this.options = options;
    const seed = options.seed ?? 1;
    this.frozenAt = options.frozenAt ?? null;
    const builtAt = this.frozenAt ?? Date.now();
    this.tenant = buildTenant({ seed, now: builtAt, emailDomain: options.emailDomain ?? DEMO_ORGANISATION.domain, ...(options.people ? { people: options.people } : {}) });
    this.limiter = new RateLimiter({ ...PRO_LIMITS, ...options.rateLimits, perSecond: { ...PRO_LIMITS.perSecond, ...options.rateLimits?.perSecond } });
    this.tokenRandom = new SeededRandom(mixSeed(seed, 0x70c3));
    this.history = new HistoryGenerator(this.tenant, seed, builtAt);
    const plan = planScenarios(this.tenant, builtAt, options.scenarios ?? ZOOM_SCENARIO_IDS);
    this.facts = plan.facts;
    const historyStart = builtAt - (options.historyDays ?? 30) * DAY;
    this.records = new HistoryLog({
      happenedAt: (r) => r.at,
      readableAt: (r) => r.availableAt,
      // Frozen, the history ends just before "now" (times are whole ms): the report lists only what happened before it.
      window: { from: historyStart, until: this.frozenAt === null ? Infinity : this.frozenAt - 1 },
      order: (a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    });
    this.clock = seedHistory({ frozenAt: this.frozenAt, builtAt, historyStart, lookaheadMs: LOOKAHEAD, once: [...this.history.adminEvents(), ...plan.records], day: (day) => this.history.day(day), add: (batch) => this.add(batch) });
  }

  /** Keeps records inside the history (and, frozen, before "now"), each once. */
  private add(batch: StoredRecord[]): void {
    for (const r of batch) if (this.records.inWindow(r.at)) this.hold(r);
  }

  /** Takes a record in, unless an identical one is held already. */
  private hold(record: StoredRecord): void {
    if (this.held.has(record.id)) return;
    this.held.add(record.id);
    this.records.append(record);
  }

  now(): number {
    return this.clock.now();
  }

  get frozen(): boolean {
    return this.clock.frozen;
  }

  ensureGenerated(): void {
    this.clock.ensureGenerated();
  }

  /** Records of one kind the report lists by now (late ones only once they arrived), newest first, ties by id. */
  visible(kind?: StoredRecord['kind']): StoredRecord[] {
    this.ensureGenerated();
    const now = this.now();
    return this.records.visible(now, (r) => r.at < now && (kind === undefined || r.kind === kind));
  }

  /** Every record held, listed or not yet, newest first. */
  all(): readonly StoredRecord[] {
    this.ensureGenerated();
    return this.records.all();
  }

  /** Records what an API call did (a deactivation, a sign-out) in the operation log, by the account owner. */
  log(category: string, action: string, detail: string): void {
    // A frozen tenant's "now" never passes: the record goes a second before it, where the report can list it.
    const at = this.frozenAt === null ? Date.now() : this.frozenAt - 1000;
    const record = operation(at, this.owner.person.email, category, action, detail);
    // Two identical rows (same operator, second and detail) are one record to a reader that names rows by content.
    this.hold(record);
  }

  issueToken(): { value: string; expiresIn: number } {
    const expiresIn = this.options.tokenTtlSeconds ?? 3600;
    const value = `eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIn0.${zoomId(this.tokenRandom, 86)}.${zoomId(this.tokenRandom, 43)}`;
    this.tokens.set(value, Date.now() + expiresIn * 1000);
    return { value, expiresIn };
  }

  /** The bearer token is one this simulator issued and it has not expired. */
  validToken(authorization: string | undefined): boolean {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const expiry = token ? this.tokens.get(token) : undefined;
    return expiry !== undefined && expiry > Date.now();
  }

  userByIdOrEmail(key: string): SimUser | undefined {
    const lower = key.toLowerCase();
    return this.tenant.users.find((u) => u.id === key || u.person.email === lower);
  }

  get owner(): SimUser {
    return this.tenant.users[this.tenant.ownerIndex] as SimUser;
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }
}
