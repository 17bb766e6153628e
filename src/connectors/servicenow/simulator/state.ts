import { randomBytes } from 'node:crypto';
import { DAY, HOUR } from '../../../core/clock.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { glideTime } from '../client.js';
import { adminHistory, benignLogons, type Planned } from './history.js';
import type { QueryContext, Row } from './query.js';
import { injectScenarios, SERVICENOW_SCENARIO_IDS } from './scenarios.js';
import { buildTenant, COLUMNS, REFERENCES, sysId, type ServiceNowTenant } from './tenant.js';

export interface ServiceNowSimulatorOptions extends SimulatorOptions {
  /** Days of history. @default 30 */
  historyDays?: number;
  /**
   * The instance's inbound REST rate-limit rule for the integration user (`sys_rate_limit_rules`, per hour).
   * Responses carry X-RateLimit-* only because this rule matches. @default 100000
   */
  rateLimitPerHour?: number;
}

interface AccessToken {
  expiresAt: number;
}

/** Everything the routes share: the instance's tables, its clock, the rate-limit rule and the issued tokens. */
export class SimulatorState {
  readonly tenant: ServiceNowTenant;
  readonly seed: number;
  readonly frozen: boolean;
  readonly builtAt: number;
  readonly historyDays: number;
  readonly rateLimitPerHour: number;
  private readonly rateLimitClock: () => number;
  readonly rateLimitRule: string;
  facts: ScenarioFact[] = [];
  baseUrl = '';
  readonly tokens = new Map<string, AccessToken>();
  readonly byRoute = new Map<string, number>();
  private advancedMs = 0;
  private bucket = { hour: 0, used: 0 };

  constructor(options: ServiceNowSimulatorOptions) {
    this.seed = options.seed ?? 1;
    this.frozen = options.frozenAt !== undefined;
    this.builtAt = options.frozenAt ?? Date.now();
    this.historyDays = options.historyDays ?? 30;
    this.rateLimitPerHour = options.rateLimitPerHour ?? 100_000;
    this.rateLimitClock = options.rateLimitClock ?? (() => Date.now());
    this.tenant = buildTenant(this.seed, this.builtAt);
    this.rateLimitRule = sysId(this.tenant.rng);
    const from = this.historyStart();
    const planned: Planned[] = [...benignLogons(this.tenant, this.seed, this.builtAt, from), ...adminHistory(this.tenant, this.seed, this.builtAt)];
    const scenarios = injectScenarios(this.tenant, this.seed, this.builtAt, options.scenarios ?? SERVICENOW_SCENARIO_IDS);
    for (const s of scenarios) planned.push(...s.events);
    const kept = planned.filter((p) => p.at >= from && p.at <= this.builtAt).sort((a, b) => a.at - b.at);
    for (const p of kept) p.run();
    const held = new Set(kept);
    this.facts = scenarios.filter((s) => s.events.every((e) => held.has(e))).map((s) => s.fact());
  }

  now(): number {
    return this.frozen ? this.builtAt : Date.now() + this.advancedMs;
  }

  advance(ms: number): void {
    this.advancedMs += ms;
  }

  historyStart(): number {
    return this.builtAt - this.historyDays * DAY;
  }

  table(name: string): Row[] | undefined {
    return this.tenant.tables[name];
  }

  /** Rows that exist at the instance's now (created no later than it). */
  visible(name: string): Row[] {
    const now = glideTime(this.now());
    return (this.table(name) ?? []).filter((r) => (r.sys_created_on ?? '') <= now);
  }

  byId(table: string, id: string): Row | undefined {
    return this.table(table)?.find((r) => r.sys_id === id);
  }

  /** Dot-walking over this instance's references (`user.user_name` of sys_user_has_role). */
  queryContext(table: string): QueryContext {
    const columns = new Set(COLUMNS[table] ?? []);
    const resolve = (t: string, row: Row | undefined, path: string): string | undefined => {
      if (!row) return undefined;
      const dot = path.indexOf('.');
      if (dot < 0) return (COLUMNS[t] ?? []).includes(path) ? (row[path] ?? '') : undefined;
      const head = path.slice(0, dot);
      const target = REFERENCES[t]?.[head];
      if (!target) return undefined;
      const ref = row[head];
      return ref ? resolve(target, this.byId(target, ref), path.slice(dot + 1)) ?? '' : '';
    };
    const knows = (t: string, path: string): boolean => {
      const dot = path.indexOf('.');
      if (dot < 0) return (COLUMNS[t] ?? []).includes(path);
      const target = REFERENCES[t]?.[path.slice(0, dot)];
      return target ? knows(target, path.slice(dot + 1)) : false;
    };
    return { columns, get: (row, path) => resolve(table, row, path), knows: (path) => knows(table, path) };
  }

  issueToken(lifetimeMs: number): string {
    const token = randomBytes(36).toString('base64url');
    this.tokens.set(token, { expiresAt: Date.now() + lifetimeMs });
    return token;
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  /** The per-hour rule of the integration user: its headers, and whether this request fits. */
  take(): { allowed: boolean; headers: Record<string, string>; retryAfterSeconds: number } {
    const now = this.rateLimitClock();
    const hour = Math.floor(now / HOUR);
    if (this.bucket.hour !== hour) this.bucket = { hour, used: 0 };
    const allowed = this.bucket.used < this.rateLimitPerHour;
    if (allowed) this.bucket.used++;
    const reset = ((hour + 1) * HOUR) / 1000;
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil(reset - now / 1000)),
      headers: { 'x-ratelimit-limit': String(this.rateLimitPerHour), 'x-ratelimit-reset': String(reset), 'x-ratelimit-rule': this.rateLimitRule },
    };
  }
}
