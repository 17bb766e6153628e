import { DAY } from '../../../core/clock.js';
import type { SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { DEMO_ORGANISATION } from '../../sdk/simulator/workforce.js';
import { TenantClock } from '../../sdk/simulator/workforce-routine.js';
import { EventLog } from './event-log.js';
import { buildEvent, type EventSpec, type StoredEvent } from './events.js';
import { HistoryGenerator } from './history.js';
import { OAuthState } from './oauth-state.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitSettings } from './rate-limiter.js';
import { DOCUSIGN_SCENARIO_IDS, planScenarios } from './scenarios.js';
import { buildTenant, type SimAccount, type SimUser, type Tenant } from './tenant.js';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';

/** DocuSign-specific simulator options: the prerequisites `testConnection` checks can each be switched off. */
export interface DocusignSimulatorOptions extends SimulatorOptions {
  /** DocuSign Monitor is enabled on the organisation's plan. @default true */
  monitorEnabled?: boolean;
  /** The user the demo integration impersonates is an organisation administrator. @default true */
  demoUserIsOrgAdmin?: boolean;
  /** That user has consented to the demo integration's scopes. @default true */
  consent?: boolean;
  /** Platform limits per account. @default 3000/hour, 200 per 30 s */
  rateLimits?: Partial<RateLimitSettings>;
  /**
   * E-mail domain of the tenant's people (and its claimed domain). Other simulators of the demo organisation
   * use the same one, so the people's accounts link across apps. @default DEMO_ORGANISATION.domain ('northwind-legal.example')
   */
  emailDomain?: string;
  /** Days of history before "now". @default 30 */
  historyDays?: number;
  /**
   * A caught-up Monitor stream answers empty pages whose `endCursor` is new every time (the same position,
   * written differently), instead of handing the cursor back: a client must stop on its own. @default false
   */
  endlessEmptyPages?: boolean;
  /**
   * The impersonated user also administers a second organisation: the Admin API lists both, and Monitor's
   * dataset stream (which names no organisation) answers 403; the v1 organisation stream still works.
   * @default false
   */
  secondOrganisation?: boolean;
  /**
   * E-mail addresses invited to the default account and never activated (user_status `created`, membership
   * `activation_sent`): a pending invitation proves nothing about the address. @default none
   */
  pendingInvitations?: readonly string[];
}

/** The second organisation of `secondOrganisation`. */
export const SECOND_ORGANISATION = { id: '5b1f0c2e-7d4a-4e8b-9c61-2f0a3d9e8b17', name: 'Northwind Legal EMEA' };

/** Scopes the demo user consented to: every scope Parapet's DocuSign connector may ask for. */
export const CONSENTED_SCOPES = ['signature', 'impersonation', 'organization_read', 'user_read', 'user_write', 'account_read', 'account_write', 'domain_read', 'identity_provider_read'];

/** Live mode keeps this much future history generated, released as its ingestion time passes. */
const LOOKAHEAD = DAY;

/** Everything the simulator's routes read and change. */
export class SimulatorState {
  readonly tenant: Tenant;
  readonly log = new EventLog();
  readonly oauth: OAuthState;
  readonly limiter: RateLimiter;
  readonly facts: ScenarioFact[];
  readonly byRoute = new Map<string, number>();
  monitorEnabled: boolean;
  /** Empty Monitor pages served with a fresh cursor (see `endlessEmptyPages`). */
  emptyPagesServed = 0;
  /** How far the account server's clock is from this machine's (it checks JWT `iat`/`exp` on its own clock). */
  accountServerClockOffsetMs = 0;
  /** Set once the server listens: `http://127.0.0.1:<port>`. */
  baseUrl = '';
  private readonly history: HistoryGenerator;
  private readonly frozenAt: number | null;
  /** The tenant's time (frozen or the wall clock) and the live mode's day-by-day history. */
  private readonly clock: TenantClock;
  private readonly appendRandom: SeededRandom;

  readonly options: DocusignSimulatorOptions;

  constructor(options: DocusignSimulatorOptions) {
    this.options = options;
    const seed = options.seed ?? 1;
    this.frozenAt = options.frozenAt ?? null;
    const builtAt = this.frozenAt ?? Date.now();
    this.monitorEnabled = options.monitorEnabled ?? true;
    this.tenant = buildTenant({
      seed,
      now: builtAt,
      emailDomain: options.emailDomain ?? DEMO_ORGANISATION.domain,
      demoUserIsOrgAdmin: options.demoUserIsOrgAdmin ?? true,
    });
    this.limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, options.rateLimitClock);
    this.oauth = new OAuthState(
      () => {
        if (!this.baseUrl) return ['account-d.docusign.com'];
        const { host, port } = new URL(this.baseUrl);
        return [host, `localhost:${port}`, 'account-d.docusign.com'];
      },
      (id) => this.userById(id) !== undefined,
      () => Date.now() + this.accountServerClockOffsetMs,
    );
    this.appendRandom = new SeededRandom(mixSeed(seed, 0xa99e4d));

    const enabled = options.scenarios ?? DOCUSIGN_SCENARIO_IDS;
    const plan = planScenarios(this.tenant, enabled);
    this.facts = plan.facts;
    this.history = new HistoryGenerator(this.tenant, plan.quiet, builtAt);

    const historyStart = builtAt - (options.historyDays ?? 30) * DAY;
    const firstDay = Math.floor(historyStart / DAY) - 1;
    const lastDay = Math.floor((builtAt + (this.frozenAt === null ? LOOKAHEAD : 0)) / DAY);
    const events = [...this.history.adminEvents(), ...plan.events];
    for (let day = firstDay; day <= lastDay; day++) events.push(...this.history.day(day));
    // The terminated-user alert shows the leaver's latest membership closure with the activity after it.
    const closedUserId = this.tenant.users[this.tenant.closedUserIndex]?.id;
    const closure = events.filter((e) => e.record.action === 'MembershipClosed' && e.record.referencedUserId === closedUserId).sort((a, b) => a.at - b.at).at(-1);
    for (const alert of this.facts.filter((f) => f.id === 'closed-user-activity').flatMap((f) => f.alerts ?? [])) {
      if (closure) alert.eventIds.unshift(closure.record.eventId);
    }
    this.clock = new TenantClock(this.frozenAt, lastDay, (day) => this.log.add(this.history.day(day)), LOOKAHEAD);
    // A frozen history ends at "now"; a live one keeps what is still to come and releases it on time.
    this.log.add(events.filter((e) => e.at >= historyStart && (this.frozenAt === null || e.at < this.frozenAt)));
    // Added after the history: someone who never activated has no activity.
    const inviteRandom = new SeededRandom(mixSeed(seed, 0x1a717e));
    for (const [i, email] of (options.pendingInvitations ?? []).entries()) this.tenant.users.push(this.pendingUser(email.trim().toLowerCase(), i, builtAt, inviteRandom));
  }

  private pendingUser(email: string, index: number, at: number, rng: SeededRandom): SimUser {
    const template = this.tenant.users[this.tenant.users.length - 1] as SimUser;
    const account = this.account(this.tenant.org.defaultAccountId) as SimAccount;
    return {
      ...template,
      id: rng.uuid(),
      email,
      firstName: 'Invited',
      lastName: `User ${index + 1}`,
      createdOn: at,
      isOrgAdmin: false,
      requireTwoStep: false,
      usesMobile: false,
      sender: false,
      memberships: [{ id: rng.uuid(), accountId: account.id, status: 'activation_sent', createdOn: at, closedOn: null, permissionProfile: account.profiles.viewer, isAdmin: false }],
    };
  }

  /** The tenant's "now": frozen, or the wall clock. */
  now(): number {
    return this.clock.now();
  }

  get frozen(): boolean {
    return this.clock.frozen;
  }

  /** Live mode: make sure the next day of ordinary activity exists before its time comes. */
  ensureGenerated(): void {
    this.clock.ensureGenerated();
  }

  /** Records an event caused by an API call (closing a membership...): readable at once. */
  append(spec: Omit<EventSpec, 'at'>): StoredEvent {
    const at = this.now();
    const built = buildEvent({ ...spec, at }, this.appendRandom);
    const [stored] = this.log.add([{ ...built, ingestedAt: at }]);
    return stored as StoredEvent;
  }

  userById(id: string): SimUser | undefined {
    const lower = id.toLowerCase();
    return this.tenant.users.find((u) => u.id === lower);
  }

  userByEmail(email: string): SimUser | undefined {
    return this.usersByEmail(email)[0];
  }

  /** DocuSign lets several users share an address (an active user and a pending invitation, say). */
  usersByEmail(email: string): SimUser[] {
    const lower = email.trim().toLowerCase();
    return this.tenant.users.filter((u) => u.email === lower);
  }

  account(id: string): SimAccount | undefined {
    const lower = id.toLowerCase();
    return this.tenant.accounts.find((a) => a.id === lower);
  }

  get demoUser(): SimUser {
    return this.tenant.users[this.tenant.demoUserIndex] as SimUser;
  }

  /** `active` unless every membership is closed (DocuSign's org-level user status). */
  userStatus(user: SimUser): 'active' | 'closed' | 'created' {
    if (user.memberships.length > 0 && user.memberships.every((m) => m.status === 'activation_required' || m.status === 'activation_sent')) return 'created';
    return user.memberships.length > 0 && user.memberships.every((m) => m.status === 'closed') ? 'closed' : 'active';
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }
}
