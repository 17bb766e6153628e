import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { DAY } from '../../../core/clock.js';
import type { SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { EventLog } from './event-log.js';
import { buildEvent, type StoredEvent } from './events.js';
import { HistoryGenerator } from './history.js';
import { GITHUB_SCENARIO_IDS, planScenarios, type ScenarioPlan } from './scenarios.js';
import { buildTenant, type SimGithubUser, type Tenant } from './tenant.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';

export interface GithubSimulatorOptions extends SimulatorOptions {
  /** Days of audit history before "now". @default 30 */
  historyDays?: number;
  /** Primary REST budget per token per hour (GitHub: 15,000 for an App on Enterprise Cloud). @default 15000 */
  primaryLimit?: number;
  /** Audit-log queries per token per hour before the secondary limit answers (GitHub: 1,750). @default 1750 */
  auditLogPerHour?: number;
  /** Make the organisation part of an Enterprise Managed Users enterprise with this slug (SCIM suspend works). */
  emuEnterprise?: string;
}

export const APP_ID = 424_242;
export const INSTALLATION_ID = 55_501;
export const APP_SLUG = 'parapet-security';
/** Installation tokens live one hour, as GitHub's do. */
export const INSTALLATION_TOKEN_TTL_MS = 3_600_000;
/** A fine-grained token the simulator accepts, for token connections. */
export const DEMO_PAT = `github_pat_11NORTHWIND0${'x'.repeat(10)}_simulatordemotoken`;

interface IssuedToken {
  expiresAt: number;
}

/** Everything the simulated GitHub knows: organisation, audit log, tokens and budgets. */
export class SimulatorState {
  readonly tenant: Tenant;
  readonly log = new EventLog();
  readonly frozen: boolean;
  readonly builtAt: number;
  readonly plan: ScenarioPlan;
  readonly options: GithubSimulatorOptions;
  baseUrl = '';
  private offsetMs = 0;
  private publicKey: KeyObject | null = null;
  private readonly tokens = new Map<string, IssuedToken>();
  readonly revokedCredentials = new Set<number>();
  readonly removedLogins = new Set<string>();
  readonly suspendedLogins = new Set<string>();
  readonly byRoute = new Map<string, number>();
  private readonly budget = new Map<string, { windowStart: number; used: number; audit: number }>();
  private readonly rng: SeededRandom;

  constructor(options: GithubSimulatorOptions) {
    this.options = options;
    const seed = options.seed ?? 1;
    this.tenant = buildTenant(seed);
    this.frozen = options.frozenAt !== undefined;
    this.builtAt = options.frozenAt ?? Date.now();
    this.rng = new SeededRandom(mixSeed(seed, 0xa0d17));
    const enabled = options.scenarios ?? GITHUB_SCENARIO_IDS;
    this.plan = planScenarios(this.tenant, this.builtAt, enabled);
    this.tenant.credentials.push(...this.plan.credentials);
    const newestDay = Math.floor(this.builtAt / DAY);
    const history = new HistoryGenerator(this.tenant, this.plan.quiet, newestDay, this.builtAt);
    const firstDay = Math.floor((this.builtAt - (options.historyDays ?? 30) * DAY) / DAY);
    // A live tenant also holds the next two days, released as the clock passes them.
    const lastDay = newestDay + (this.frozen ? 0 : 2);
    const from = this.builtAt - (options.historyDays ?? 30) * DAY;
    const until = this.frozen ? this.builtAt : Number.POSITIVE_INFINITY;
    for (let day = firstDay; day <= lastDay; day++) this.log.add(history.day(day).filter((e) => e.created >= from && e.created <= until));
    this.log.add(this.plan.events);
  }

  now(): number {
    return this.frozen ? this.builtAt : Date.now() + this.offsetMs;
  }

  /** Moves a live tenant's clock on (the kill tests' "ten minutes later"). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  get twoFactorRequired(): boolean {
    return this.plan.twoFactorRequired;
  }

  registerAppKey(publicKeyPem: string): void {
    this.publicKey = createPublicKey(publicKeyPem);
  }

  /** Verifies an app JWT (RS256, `iss` = app id, `iat`/`exp` within GitHub's 10 minutes); the reason when refused. */
  verifyAppJwt(token: string): string | null {
    const parts = token.split('.');
    if (parts.length !== 3 || !this.publicKey) return 'A JSON web token could not be decoded';
    const [h, p, s] = parts as [string, string, string];
    let header: { alg?: string };
    let payload: { iat?: number; exp?: number; iss?: string | number };
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as typeof header;
      payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as typeof payload;
    } catch {
      return 'A JSON web token could not be decoded';
    }
    if (header.alg !== 'RS256') return "'alg' must be RS256";
    if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), this.publicKey, Buffer.from(s, 'base64url'))) return 'A JSON web token could not be decoded';
    // GitHub checks the claims on its own clock: the tenant's (frozen or live).
    const nowS = Math.floor(this.now() / 1000);
    if (String(payload.iss) !== String(APP_ID)) return "'Issuer' claim ('iss') must be an Integer";
    if (typeof payload.iat !== 'number' || payload.iat > nowS + 60) return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
    if (typeof payload.exp !== 'number' || payload.exp <= nowS) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
    if (payload.exp - payload.iat > 600 + 60) return "'Expiration time' claim ('exp') is too far in the future";
    return null;
  }

  issueInstallationToken(): { token: string; expiresAt: number } {
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    const expiresAt = this.now() + INSTALLATION_TOKEN_TTL_MS;
    this.tokens.set(token, { expiresAt });
    return { token, expiresAt };
  }

  /** The bearer token of a request, if valid now. */
  resolve(authorization: string | undefined): string | null {
    const match = /^(?:bearer|token)\s+(\S+)$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (!token) return null;
    if (token === DEMO_PAT) return token;
    const issued = this.tokens.get(token);
    return issued && issued.expiresAt > this.now() ? token : null;
  }

  revoke(authorization: string | undefined): void {
    const token = /^(?:bearer|token)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token) this.tokens.delete(token);
  }

  /** Counts a request against its token's hourly budgets (wall clock: budgets are about real time). */
  spend(token: string, audit: boolean): { limit: number; remaining: number; used: number; reset: number; auditExceeded: boolean } {
    const limit = this.options.primaryLimit ?? 15_000;
    const now = Date.now();
    let b = this.budget.get(token);
    if (!b || now - b.windowStart >= 3_600_000) b = { windowStart: now, used: 0, audit: 0 };
    b.used++;
    if (audit) b.audit++;
    this.budget.set(token, b);
    return { limit, remaining: Math.max(0, limit - b.used), used: b.used, reset: Math.ceil((b.windowStart + 3_600_000) / 1000), auditExceeded: audit && b.audit > (this.options.auditLogPerHour ?? 1_750) };
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  /** Members still in the organisation (removed ones gone). */
  users(): SimGithubUser[] {
    return this.tenant.users.filter((u) => !this.removedLogins.has(u.login));
  }

  /** Records an action taken through the API in the audit log, as GitHub does. */
  audit(action: string, fields: Record<string, unknown>): StoredEvent[] {
    const at = this.now();
    return this.log.add([buildEvent({ at, action, actor: { login: `${APP_SLUG}[bot]`, id: 149_424_242 }, fields }, this.rng)]);
  }
}
