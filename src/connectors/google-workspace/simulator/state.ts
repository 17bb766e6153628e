import { randomBytes } from 'node:crypto';
import { DAY, MINUTE } from '../../../core/clock.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { buildEvent, type StoredEvent } from './events.js';
import { buildHistory } from './history.js';
import { GOOGLE_SCENARIO_IDS, planScenarios } from './scenarios.js';
import { buildTenant, type SimUser, type Tenant } from './tenant.js';

export interface GoogleSimulatorOptions extends SimulatorOptions {
  /** Days of history. @default 30 */
  historyDays?: number;
  /** Directory and Reports queries per minute before `403 userRateLimitExceeded` (Google's default: 2,400). */
  queriesPerMinute?: number;
  /** Scopes delegated to the demo service account. @default every scope Parapet asks for */
  delegatedScopes?: readonly string[];
}

interface IssuedToken {
  sub: string;
  scopes: Set<string>;
  expiresAt: number;
}

/** How long after the tenant's "now" the seeded days go on, for a live simulator's new activity. */
const LIVE_AHEAD_MS = 2 * DAY;

export class SimulatorState {
  readonly tenant: Tenant;
  readonly frozen: boolean;
  readonly facts: ScenarioFact[];
  /** Every event, newest first (time, then uniqueQualifier, descending). */
  events: StoredEvent[];
  readonly byRoute = new Map<string, number>();
  readonly pageSize: number;
  readonly queriesPerMinute: number;
  baseUrl = '';
  /** Public keys (PEM) of registered service accounts, by client e-mail. */
  readonly serviceAccounts = new Map<string, string>();
  delegatedScopes: Set<string>;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly window: number[] = [];
  readonly signOuts: string[] = [];
  private readonly startedAt = Date.now();
  /** Draws for events the API itself causes (a suspension through the Directory API). */
  private readonly liveRng: SeededRandom;

  constructor(readonly options: GoogleSimulatorOptions, delegated: readonly string[]) {
    const builtAt = options.frozenAt ?? Date.now();
    this.frozen = options.frozenAt !== undefined;
    this.tenant = buildTenant(options.seed ?? 1, builtAt);
    this.liveRng = new SeededRandom(mixSeed(options.seed ?? 1, 0x11fe));
    this.pageSize = options.pageSize ?? 1000;
    this.queriesPerMinute = options.queriesPerMinute ?? 2400;
    this.delegatedScopes = new Set(options.delegatedScopes ?? delegated);
    const plan = planScenarios(this.tenant, options.scenarios ?? GOOGLE_SCENARIO_IDS);
    plan.apply(this.tenant);
    const from = builtAt - (options.historyDays ?? 30) * DAY;
    const until = this.frozen ? builtAt : builtAt + LIVE_AHEAD_MS;
    this.events = [...buildHistory(this.tenant, from, until, plan.quiet, builtAt), ...plan.events];
    this.sortEvents();
    this.facts = plan.facts;
  }

  now(): number {
    return this.frozen ? this.tenant.builtAt : this.tenant.builtAt + (Date.now() - this.startedAt);
  }

  private sortEvents(): void {
    this.events.sort((a, b) => b.time - a.time || compareQualifier(b.uniqueQualifier, a.uniqueQualifier));
  }

  /** Events Google serves now for `application` within [start, end], newest first. */
  visible(application: string, start: number, end: number): StoredEvent[] {
    const now = this.now();
    return this.events.filter((e) => e.application === application && e.visibleAt <= now && e.time >= start && e.time <= end);
  }

  /** Every event a default 7-day first sync must store (what is visible now). */
  visibleSince(from: number): StoredEvent[] {
    const now = this.now();
    return this.events.filter((e) => e.visibleAt <= now && e.time >= from && e.time <= now);
  }

  /** Records an admin console event the way Google would log a change made through the API. */
  logAdminEvent(actorEmail: string, name: string, params: Record<string, string>): void {
    const actor = this.userByKey(actorEmail);
    const event = buildEvent(
      { application: 'admin', at: this.now(), actor: actor ? { email: actor.email, profileId: actor.id } : null, ip: null, type: 'USER_SETTINGS', name, params, customerId: this.tenant.customerId, domain: this.tenant.domain, lagMs: MINUTE },
      this.liveRng,
    );
    this.events.push(event);
    this.sortEvents();
  }

  userByKey(key: string): SimUser | undefined {
    const k = key.toLowerCase();
    return this.tenant.users.find((u) => u.id === key || u.email === k);
  }

  issueToken(sub: string, scopes: readonly string[]): { token: string; expiresIn: number } {
    const token = `ya29.${randomBytes(48).toString('base64url')}`;
    this.tokens.set(token, { sub, scopes: new Set(scopes), expiresAt: Date.now() + 3600_000 });
    return { token, expiresIn: 3599 };
  }

  resolveToken(header: string | undefined): IssuedToken | null {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    const issued = token ? this.tokens.get(token) : undefined;
    if (!issued || issued.expiresAt < Date.now()) return null;
    return issued;
  }

  revokeToken(header: string | undefined): void {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (token) this.tokens.delete(token);
  }

  /** Counts a query against the per-minute quota; false when it is spent. */
  takeQuota(): boolean {
    const now = Date.now();
    while (this.window.length > 0 && (this.window[0] as number) <= now - 60_000) this.window.shift();
    if (this.window.length >= this.queriesPerMinute) return false;
    this.window.push(now);
    return true;
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }
}

/** int64 decimal strings compared as numbers. */
export function compareQualifier(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
