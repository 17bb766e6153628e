import { DAY } from '../../../core/clock.js';
import { HistoryLog } from '../../sdk/simulator/history-log.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { seedHistory } from '../../sdk/simulator/seed-history.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { TokenBuckets } from '../../sdk/simulator/token-bucket.js';
import { DEMO_ORGANISATION } from '../../sdk/simulator/workforce.js';
import type { TenantClock } from '../../sdk/simulator/workforce-routine.js';
import { buildEvent, type EventSpec, type SimEvent } from './events.js';
import { HistoryGenerator } from './history.js';
import { DROPBOX_SCENARIO_IDS, planScenarios } from './scenarios.js';
import { buildTenant, randomId, type SimMember, type Tenant } from './tenant.js';

export interface DropboxSimulatorOptions extends SimulatorOptions {
  /** E-mail domain of the team's people (the shared demo workforce's by default, so identities link). */
  emailDomain?: string;
  /** People in the team: the shared workforce's first N (40 or more). @default 40 */
  people?: number;
  /** Days of history before "now". @default 30 */
  historyDays?: number;
  /** Requests per minute the app may make, and the burst (Dropbox does not publish its limits). @default 600 a minute, bursts of 200 */
  rateLimit?: { perMinute: number; burst: number };
  /** Seconds an access token lives. @default 14400 (Dropbox's four hours) */
  tokenLifetimeSeconds?: number;
  /** Scopes the app was not granted: routes needing them answer 401 `missing_scope`. @default none */
  missingScopes?: readonly string[];
}

/** Live mode keeps this much future activity generated, released as its time comes. */
const LOOKAHEAD = DAY;

/** Position in the team log: the (arrival, seq) of the last event a cursor has passed. */
export interface LogPosition {
  arrival: number;
  seq: number;
}

/** Everything the simulator's routes read and change. */
export class DropboxState {
  readonly tenant: Tenant;
  readonly facts: ScenarioFact[];
  readonly byRoute = new Map<string, number>();
  readonly options: DropboxSimulatorOptions;
  /** Access tokens issued by the token endpoint, with their expiry (epoch ms, real time). */
  readonly accessTokens = new Map<string, number>();
  readonly historyStart: number;
  private readonly events: HistoryLog<SimEvent>;
  private readonly ids = new Set<string>();
  private seq = 0;
  private readonly history: HistoryGenerator;
  private readonly frozenAt: number | null;
  /** The tenant's time (frozen or the wall clock) and the live mode's day-by-day history. */
  private readonly clock: TenantClock;
  private readonly rng: SeededRandom;
  private readonly buckets = new TokenBuckets();

  constructor(options: DropboxSimulatorOptions) {
    this.options = options;
    const seed = options.seed ?? 1;
    this.frozenAt = options.frozenAt ?? null;
    const builtAt = this.frozenAt ?? Date.now();
    this.tenant = buildTenant({ seed, now: builtAt, emailDomain: options.emailDomain ?? DEMO_ORGANISATION.domain, ...(options.people ? { people: options.people } : {}) });
    this.rng = new SeededRandom(mixSeed(seed, 0x70c3));
    const plan = planScenarios(this.tenant, seed, builtAt, options.scenarios ?? DROPBOX_SCENARIO_IDS);
    this.facts = plan.facts;
    this.history = new HistoryGenerator(this.tenant, seed, builtAt);
    this.historyStart = builtAt - (options.historyDays ?? 30) * DAY;
    this.events = new HistoryLog({
      happenedAt: (e) => e.at,
      readableAt: (e) => e.arrival,
      window: { from: this.historyStart, until: this.frozenAt ?? Infinity },
      order: (a, b) => a.arrival - b.arrival || a.seq - b.seq,
      readableInOrder: true,
    });
    this.clock = seedHistory({ frozenAt: this.frozenAt, builtAt, historyStart: this.historyStart, lookaheadMs: LOOKAHEAD, once: [...this.history.adminEvents(), ...plan.events], day: (day) => this.history.day(day), add: (batch) => this.add(batch) });
  }

  private add(batch: SimEvent[]): void {
    for (const e of batch) {
      // Same content is the same event (Dropbox events carry no id): keep one.
      if (!this.events.inWindow(e.at) || this.ids.has(e.id)) continue;
      this.ids.add(e.id);
      this.events.append({ ...e, seq: this.seq++ });
    }
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

  /** The team log in the order it was written (arrival, then insertion), up to now. */
  log(): SimEvent[] {
    this.ensureGenerated();
    return this.events.visible(this.now());
  }

  /** Records what an API call did (a suspension, a revoked app): in the log at once. */
  append(spec: Omit<EventSpec, 'at'>): SimEvent {
    const event = buildEvent(this.tenant, { ...spec, at: this.now() }, this.rng, 0);
    this.add([{ ...event, arrival: Math.max(event.arrival, this.now()) }]);
    return event;
  }

  member(teamMemberId: string): SimMember | undefined {
    return this.tenant.members.find((m) => m.teamMemberId === teamMemberId);
  }

  get admin(): SimMember {
    return this.tenant.members[this.tenant.adminIndex] as SimMember;
  }

  issueToken(): { token: string; expiresIn: number } {
    const expiresIn = this.options.tokenLifetimeSeconds ?? 14_400;
    const token = `sl.u.${randomId(this.rng, 120)}`;
    this.accessTokens.set(token, Date.now() + expiresIn * 1000);
    return { token, expiresIn };
  }

  /** `valid`, or why the bearer token is refused. */
  checkToken(authorization: string | undefined): 'valid' | 'invalid_access_token' | 'expired_access_token' {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return 'invalid_access_token';
    const expires = this.accessTokens.get(token);
    if (expires === undefined) return 'invalid_access_token';
    if (expires <= Date.now()) return 'expired_access_token';
    return 'valid';
  }

  expireToken(authorization: string | undefined): void {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token && this.accessTokens.has(token)) this.accessTokens.set(token, 0);
  }

  /** Seconds to wait when the app's bucket is empty, else null (and a request is counted). */
  takeRequest(): number | null {
    const { allowed, waitMs } = this.buckets.take('app', this.options.rateLimit ?? { perMinute: 600, burst: 200 });
    return allowed ? null : Math.max(1, Math.ceil(waitMs / 1000));
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }
}
