import { createPublicKey, type KeyObject } from 'node:crypto';
import { DEFAULT_RECORDS_PER_BLOB } from './content-limits.js';
import { request } from 'undici';
import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { DEMO_ORGANISATION, WORKFORCE_SIZE } from '../../sdk/simulator/workforce.js';
import { BLOB_RETENTION, CONTENT_TYPES, ContentFeed, type ContentBlob } from './feed.js';
import { HistoryGenerator, addDirectoryChange, type Batch, type TimedGraphRecord } from './history.js';
import { fnv, mixSeed } from './ids.js';
import { TokenBucket } from './rate-limiter.js';
import type { AuditRecord, ContentType, GraphRecord, RecordContext } from './records.js';
import { MessageRuleStore } from './message-rules.js';
import { M365_SCENARIO_IDS, planScenarios } from './scenarios.js';
import { buildTenant, type SimUser, type Tenant } from './tenant.js';
import { TokenIssuer, thumbprintOf } from './tokens.js';
import { leaverDisabledAt } from '../../sdk/simulator/local-time.js';

/** Every Graph application permission Parapet's connector asks for (inventory, logs, posture, actions). */
export const CONNECTOR_GRAPH_ROLES = [
  'User.Read.All',
  'Group.Read.All',
  'Directory.Read.All',
  'RoleManagement.Read.Directory',
  'Application.Read.All',
  'AuditLog.Read.All',
  'Policy.Read.All',
  'Domain.Read.All',
  'User.EnableDisableAccount.All',
  'User.RevokeSessions.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'MailboxSettings.ReadWrite',
] as const;

/** Microsoft 365 simulator options: each prerequisite `testConnection` checks can be broken on purpose. */
export interface M365SimulatorOptions extends SimulatorOptions {
  /**
   * Primary e-mail domain of the tenant, everyone's e-mail domain. Other simulators of the demo organisation
   * use the same one, so the people's accounts link across apps. @default DEMO_ORGANISATION.domain ('northwind-legal.example')
   */
  domain?: string;
  /**
   * Member users, taken from the demo organisation's shared workforce (person i = member user i); the
   * break-glass account and three guests come on top. @default 40 (WORKFORCE_SIZE: the people every demo simulator shares)
   */
  users?: number;
  /**
   * Admin consent for the connector app's application permissions: `true` grants everything the connector
   * asks for, `false` nothing (tokens then carry no `roles`), or exactly the listed permissions. @default true
   */
  adminConsent?: boolean | { graph?: readonly string[]; manage?: readonly string[] };
  /** Unified audit logging is turned on (else starting a subscription fails as Microsoft's does). @default true */
  unifiedAuditLogging?: boolean;
  /** Entra ID licence: sign-in logs and `signInActivity` need P1 or P2. @default P2 */
  entraLicense?: 'free' | 'P1' | 'P2';
  /** The N oldest blobs still listed answer AF20051 (expired) when fetched. @default 0 */
  expiredBlobs?: number;
  /** Content blobs per listing page before `NextPageUri`. @default 100 */
  blobsPerPage?: number;
  /** Most records one content blob holds. @default `pageSize` up to 100 (the factory's `maxPageSize`) */
  recordsPerBlob?: number;
  /** Management API requests per minute with a PublisherIdentifier (the tenant's own pool). @default 2000 */
  manageRequestsPerMinute?: number;
  /**
   * Requests that pool lets through at once before its per-minute rate applies (Microsoft documents only the
   * rate; a smaller burst makes a benchmark's backfill outlast it). @default manageRequestsPerMinute (a minute's quota)
   */
  manageBurst?: number;
  /** Management API requests per minute without one (the shared pool). @default 120 */
  sharedPoolRequestsPerMinute?: number;
  /** Graph `/auditLogs/*` requests per 10 s per app and tenant. @default 5 */
  auditLogsRequestsPer10Seconds?: number;
  /** Content types whose subscriptions are already started. @default none */
  startedSubscriptions?: readonly ContentType[];
  /** The connector app holds Privileged Authentication Administrator (may disable admins). @default false */
  appCanManagePrivilegedUsers?: boolean;
  /** Days of history before "now". @default 30 */
  historyDays?: number;
  /** Share of content blobs listed 2 hours to `lateBlobMaxDelayMs` after their `contentCreated`. @default 0 */
  lateBlobShare?: number;
  /** The longest listing delay of a late blob. @default 2 days */
  lateBlobMaxDelayMs?: number;
  /** Content listings come back in no particular order. @default false */
  unsortedListings?: boolean;
  /**
   * Sign-ins become visible in Graph after the delay Microsoft documents (p95 about 2 minutes, p99 about
   * 5 minutes) rather than the moment they happen. @default true
   */
  signInLatency?: boolean;
  /** Share of sign-ins that become visible 30 minutes to `lateSignInMaxDelayMs` late. @default 0 */
  lateSignInShare?: number;
  /** The longest delay of a late sign-in. @default 6 hours */
  lateSignInMaxDelayMs?: number;
  /**
   * Every Nth Graph or Management API request is answered by a gateway: 503 or 504 (alternately) with an
   * HTML page and a long Retry-After. @default 0 (never)
   */
  gatewayErrorEvery?: number;
  /** The gateway's Retry-After. @default 3600 */
  gatewayRetryAfterSeconds?: number;
  /** Bodies are gzip-compressed whenever the request allows it (no Accept-Encoding, or one naming gzip). @default false */
  gzip?: boolean;
  /** Graph collections serve some short pages and some empty ones that still carry `@odata.nextLink`. @default false */
  shortPages?: boolean;
  /**
   * Directory reads (users, group members, Conditional Access policies) are throttled: every Nth answers
   * 429, every other one of those without Retry-After. @default 0 (never)
   */
  directoryThrottleEvery?: number;
  /**
   * Graph refuses `$select` of properties the type does not have, and advanced queries (`$count`,
   * `$search`, `$orderby` on directory objects) without `ConsistencyLevel: eventual`. @default false
   */
  strictOData?: boolean;
  /**
   * A subscription started after the simulator began lists nothing created before it started, and its
   * first content only this long after. @default 0
   */
  newSubscriptionDelayMs?: number;
}

export { DEFAULT_RECORDS_PER_BLOB };

export interface Subscription {
  contentType: ContentType;
  status: 'enabled' | 'disabled';
  webhook: { address: string; authId: string; expiration: string | null; status: 'enabled' | 'disabled' | 'expired'; failures: number } | null;
  /** Content created while the subscription was stopped stays hidden (it is lost). */
  hidden: [number, number][];
  stoppedAt: number | null;
  lastNotified: number;
  /** When a connector started it (null: it was on before the simulator started). */
  startedAt: number | null;
}

export interface NotificationAttempt {
  contentType: ContentType;
  contentId: string;
  contentCreated: number;
  notificationSent: number;
  notificationStatus: 'success' | 'failed';
}

const LOOKAHEAD = DAY;

/** Everything the simulator's routes read and change. */
export class SimulatorState {
  readonly tenant: Tenant;
  readonly feed: ContentFeed;
  readonly tokens = new TokenIssuer();
  readonly facts: ScenarioFact[];
  /** Every mailbox's inbox rules (Graph messageRules). */
  readonly messageRules: MessageRuleStore;
  readonly frozen: boolean;
  readonly byRoute = new Map<string, number>();
  readonly subscriptions = new Map<ContentType, Subscription>();
  readonly notifications: NotificationAttempt[] = [];
  readonly certificates = new Map<string, KeyObject>();
  readonly builtAt: number;
  readonly options: M365SimulatorOptions;
  unifiedAuditLogging: boolean;
  entraLicense: 'free' | 'P1' | 'P2';
  /** Requests to the Management API that came without a PublisherIdentifier. */
  missingPublisherIdentifier = 0;
  blobFetches = 0;
  /** Requests refused by the rate limits (not injected faults): Management API AF429s, Graph audit-log 429s. */
  readonly throttled = { manage: 0, auditLogs: 0, directory: 0, directoryWithoutRetryAfter: 0 };
  /** What the hardship options did: gateway pages sent, bodies gzipped, short and empty pages served, strict OData refusals. */
  readonly hardships = { gatewayErrors: 0, gzipped: 0, shortPages: 0, emptyPages: 0, strictRefusals: 0 };
  /** Skip tokens already answered with an empty page (each is answered empty once). */
  readonly emptyServed = new Set<string>();
  readonly managePool: TokenBucket;
  readonly sharedPool: TokenBucket;
  readonly auditLogsBucket: TokenBucket;
  /** Set once the server listens: `http://127.0.0.1:<port>`. */
  baseUrl = '';
  private readonly signInList: TimedGraphRecord[] = [];
  private readonly nonInteractiveList: TimedGraphRecord[] = [];
  private readonly directoryAuditList: TimedGraphRecord[] = [];
  private sorted = true;
  private readonly history: HistoryGenerator;
  private generatedUntil: number;
  private offset = 0;
  private readonly actionRandom: SeededRandom;
  private readonly seed: number;
  /** The `pageSize` option: sign-in pages and content blobs hold at most this many records. */
  readonly activityPageSize: number | undefined;

  constructor(options: M365SimulatorOptions) {
    this.options = options;
    this.seed = options.seed ?? 1;
    this.activityPageSize = options.pageSize;
    this.frozen = options.frozenAt !== undefined;
    this.builtAt = options.frozenAt ?? Date.now();
    this.unifiedAuditLogging = options.unifiedAuditLogging ?? true;
    this.entraLicense = options.entraLicense ?? 'P2';
    const consent = options.adminConsent ?? true;
    const grantedRoles =
      consent === true
        ? { graph: [...CONNECTOR_GRAPH_ROLES], manage: ['ActivityFeed.Read'] }
        : consent === false
          ? { graph: [], manage: [] }
          : { graph: [...(consent.graph ?? [])], manage: [...(consent.manage ?? [])] };
    this.tenant = buildTenant({ seed: this.seed, now: this.builtAt, domain: options.domain ?? DEMO_ORGANISATION.domain, users: options.users ?? WORKFORCE_SIZE, grantedRoles });
    this.feed = new ContentFeed(this.tenant.id, this.builtAt, options.recordsPerBlob ?? Math.min(options.pageSize ?? DEFAULT_RECORDS_PER_BLOB, DEFAULT_RECORDS_PER_BLOB), {
      lateBlobShare: options.lateBlobShare ?? 0,
      lateBlobMaxDelayMs: options.lateBlobMaxDelayMs ?? 2 * DAY,
      unsortedListings: options.unsortedListings ?? false,
    });
    const managePerMinute = options.manageRequestsPerMinute ?? 2000;
    this.managePool = new TokenBucket(options.manageBurst ?? managePerMinute, managePerMinute / 60_000);
    this.sharedPool = TokenBucket.perWindow(options.sharedPoolRequestsPerMinute ?? 120, 60_000);
    this.auditLogsBucket = TokenBucket.perWindow(options.auditLogsRequestsPer10Seconds ?? 5, 10_000);
    this.actionRandom = new SeededRandom(mixSeed(this.seed, 0xac7));
    for (const ct of options.startedSubscriptions ?? []) this.subscriptions.set(ct, newSubscription(ct));

    // The leaver: disabled two days ago, in the afternoon, by the user administrator.
    const leaver = this.tenant.users.find((u) => u.personas.includes('leaver'));
    if (leaver) {
      leaver.accountEnabled = false;
      leaver.disabledAt = leaverDisabledAt(this.builtAt, leaver.place);
    }

    this.history = new HistoryGenerator(this.tenant, this.seed);
    const firstDay = Math.floor((this.builtAt - (options.historyDays ?? 30) * DAY) / DAY) * DAY;
    this.generatedUntil = firstDay;
    const plan = planScenarios(this.tenant, options.scenarios ?? M365_SCENARIO_IDS, this.builtAt, this.seed);
    this.facts = plan.facts;
    this.history.setQuiet(plan.quiet);
    this.history.setNow(this.builtAt);
    this.history.setFirstDay(firstDay);
    this.generateUntil(Math.floor(this.builtAt / DAY) * DAY + LOOKAHEAD);
    this.addBatch(this.history.milestones(this.builtAt));
    this.addBatch(plan.batch);
    plan.applyToInventory();
    this.messageRules = new MessageRuleStore(this.tenant, this.facts);
    this.applyExpiredBlobs(options.expiredBlobs ?? 0);
  }

  /** The tenant's "now": frozen, or the wall clock, plus any `advance()`. */
  now(): number {
    return (this.frozen ? this.builtAt : Date.now()) + this.offset;
  }

  /** Moves the tenant's clock forward (tests: let action audit records reach the feed). */
  advance(ms: number): void {
    this.offset += ms;
    this.ensureGenerated();
  }

  ensureGenerated(): void {
    const horizon = this.now() + LOOKAHEAD;
    if (horizon > this.generatedUntil) this.generateUntil(Math.floor(horizon / DAY) * DAY + DAY);
  }

  private generateUntil(end: number): void {
    for (let day = this.generatedUntil; day < end; day += DAY) this.addBatch(this.history.day(day));
    this.generatedUntil = Math.max(this.generatedUntil, end);
  }

  addBatch(batch: Batch): void {
    for (const entry of batch.feed) this.feed.add(entry);
    this.signInList.push(...batch.signIns);
    this.nonInteractiveList.push(...batch.nonInteractiveSignIns);
    this.directoryAuditList.push(...batch.directoryAudits);
    this.sorted = false;
  }

  private sortLists(): void {
    if (this.sorted) return;
    for (const list of [this.signInList, this.nonInteractiveList, this.directoryAuditList]) list.sort((a, b) => b.time - a.time);
    this.sorted = true;
  }

  /** Graph sign-ins (newest first) that have happened and become visible by now, within the 30-day retention. */
  signIns(interactive: boolean): GraphRecord[] {
    this.ensureGenerated();
    this.sortLists();
    const now = this.now();
    return (interactive ? this.signInList : this.nonInteractiveList).filter((s) => s.time <= now && s.time > now - 30 * DAY && s.time + this.signInDelay(s) <= now).map((s) => s.record);
  }

  private readonly signInDelays = new WeakMap<TimedGraphRecord, number>();

  /** How long after it happened a sign-in shows up in Graph: seeded per record, so every read agrees. */
  private signInDelay(entry: TimedGraphRecord): number {
    const known = this.signInDelays.get(entry);
    if (known !== undefined) return known;
    const random = new SeededRandom(mixSeed(this.seed, fnv(String(entry.record.id))));
    let delay = 0;
    if (this.options.signInLatency ?? true) {
      // Microsoft: p95 about 2 minutes, p99 about 5 minutes (Entra reporting latencies).
      const draw = random.next();
      delay = draw < 0.5 ? random.int(5, 45) * 1000 : draw < 0.95 ? random.int(45, 120) * 1000 : draw < 0.99 ? random.int(120, 300) * 1000 : random.int(300, 600) * 1000;
    }
    const lateShare = this.options.lateSignInShare ?? 0;
    if (lateShare > 0 && random.chance(lateShare)) delay = 30 * MINUTE + Math.floor(random.next() * Math.max(0, (this.options.lateSignInMaxDelayMs ?? 6 * HOUR) - 30 * MINUTE));
    this.signInDelays.set(entry, delay);
    return delay;
  }

  directoryAudits(): GraphRecord[] {
    this.ensureGenerated();
    this.sortLists();
    const now = this.now();
    return this.directoryAuditList.filter((s) => s.time <= now && s.time > now - 30 * DAY).map((s) => s.record);
  }

  /** `signInActivity` of a user as of now (absent when they never signed in). */
  signInActivity(user: SimUser): Record<string, unknown> | null {
    this.sortLists();
    const now = this.now();
    const latest = (list: TimedGraphRecord[], success: boolean) =>
      list.find((s) => s.time <= now && s.record.userId === user.id && (!success || (s.record.status as { errorCode?: number } | undefined)?.errorCode === 0));
    const interactive = latest(this.signInList, false);
    const nonInteractive = latest(this.nonInteractiveList, false);
    const successful = [latest(this.signInList, true), latest(this.nonInteractiveList, true)].filter((x): x is TimedGraphRecord => !!x).sort((a, b) => b.time - a.time)[0];
    if (!interactive && !nonInteractive) return null;
    const iso = (s: TimedGraphRecord | undefined) => (s ? new Date(s.time).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);
    return {
      lastSignInDateTime: iso(interactive),
      lastSignInRequestId: interactive?.record.id ?? null,
      lastNonInteractiveSignInDateTime: iso(nonInteractive),
      lastNonInteractiveSignInRequestId: nonInteractive?.record.id ?? null,
      lastSuccessfulSignInDateTime: iso(successful),
      lastSuccessfulSignInRequestId: successful?.record.id ?? null,
    };
  }

  user(idOrUpn: string): SimUser | undefined {
    const key = decodeURIComponent(idOrUpn).toLowerCase();
    return this.tenant.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  registerCertificate(publicKeyPem: string): string {
    const thumbprint = thumbprintOf(publicKeyPem);
    this.certificates.set(thumbprint, createPublicKey(publicKeyPem));
    return thumbprint;
  }

  /** Application permissions consented for the connector app on a resource (what its tokens' `roles` hold). */
  rolesFor(resource: 'graph' | 'manage'): string[] {
    const { tenant } = this;
    const resourceAppId = resource === 'graph' ? '00000003-0000-0000-c000-000000000000' : 'c5393580-f805-4401-95e8-94b7a6ef2fc2';
    const resourceSp = tenant.servicePrincipals.find((s) => s.appId === resourceAppId);
    if (!resourceSp) return [];
    return tenant.appRoleAssignments
      .filter((a) => a.principalId === tenant.connectorApp.servicePrincipalId && a.resourceId === resourceSp.id)
      .map((a) => resourceSp.appRoles.find((r) => r.id === a.appRoleId)?.value)
      .filter((v): v is string => !!v);
  }

  /** Blobs of a content type a listing shows now, with the subscription's lost intervals removed. */
  listable(contentType: ContentType, start: number, end: number): ContentBlob[] {
    this.ensureGenerated();
    const subscription = this.subscriptions.get(contentType);
    const hidden = [...(subscription?.hidden ?? [])];
    const delay = this.options.newSubscriptionDelayMs ?? 0;
    if (subscription && subscription.startedAt !== null && delay > 0) {
      // Microsoft: nothing from before a subscription started, and its first content only hours later.
      hidden.push([0, subscription.startedAt]);
      if (this.now() < subscription.startedAt + delay) hidden.push([0, Number.MAX_SAFE_INTEGER]);
    }
    return this.feed.listable(contentType, this.now(), start, end).filter((b) => !hidden.some(([from, to]) => b.contentCreated >= from && b.contentCreated < to));
  }

  private applyExpiredBlobs(count: number): void {
    if (count <= 0) return;
    const now = this.now();
    // The oldest blobs a sync can still list (an hour inside the 7-day edge), gone by the time they are fetched.
    const oldest = CONTENT_TYPES.flatMap((ct) => this.feed.listable(ct, now, now - BLOB_RETENTION + HOUR, now)).sort((a, b) => a.contentCreated - b.contentCreated);
    for (const blob of oldest.slice(0, count)) this.feed.forcedExpired.add(blob.contentId);
  }

  /** A record context for audit records the simulator writes itself (actions). */
  actionContext(): RecordContext {
    return { tenant: this.tenant, random: this.actionRandom };
  }

  /** Records an action's audit trail now: a directoryAudit, and its UAL twin reaching the feed shortly. */
  recordAction(pair: { audit: AuditRecord; graph: GraphRecord }): void {
    const now = this.now();
    const batch: Batch = { feed: [], signIns: [], nonInteractiveSignIns: [], directoryAudits: [] };
    addDirectoryChange(batch, this.actionRandom, pair, now);
    for (const entry of batch.feed) {
      entry.arrival = now + this.actionRandom.int(1, 3) * MINUTE;
      entry.duplicateArrival = null;
    }
    this.addBatch(batch);
  }

  /** Pushes notifications for blobs that became available since the last push (webhook subscriptions). */
  async pumpNotifications(): Promise<void> {
    const now = this.now();
    for (const subscription of this.subscriptions.values()) {
      const webhook = subscription.webhook;
      if (subscription.status !== 'enabled' || !webhook || webhook.status !== 'enabled') continue;
      const fresh = this.feed.allBlobs(subscription.contentType).filter((b) => b.availableAt > subscription.lastNotified && b.availableAt <= now);
      subscription.lastNotified = now;
      for (let i = 0; i < fresh.length; i += 20) {
        const chunk = fresh.slice(i, i + 20);
        const body = chunk.map((b) => ({ tenantId: this.tenant.id, clientId: this.tenant.connectorApp.clientId, ...contentEntry(b, this.baseUrl, this.tenant.id) }));
        let ok = false;
        try {
          const res = await request(webhook.address, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'webhook-authid': webhook.authId }, body: JSON.stringify(body) });
          await res.body.dump();
          ok = res.statusCode === 200;
        } catch {
          ok = false;
        }
        webhook.failures = ok ? 0 : webhook.failures + 1;
        if (webhook.failures >= 5) webhook.status = 'disabled';
        for (const b of chunk) this.notifications.push({ contentType: b.contentType, contentId: b.contentId, contentCreated: b.contentCreated, notificationSent: this.now(), notificationStatus: ok ? 'success' : 'failed' });
      }
    }
  }
}

export function newSubscription(contentType: ContentType): Subscription {
  return { contentType, status: 'enabled', webhook: null, hidden: [], stoppedAt: null, lastNotified: 0, startedAt: null };
}

/** `2015-05-23T17:35:00.000Z`: how the Management API writes content times. */
export function contentTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** One content listing entry (digest §2.3). */
export function contentEntry(blob: ContentBlob, origin: string, tenantId: string): Record<string, string> {
  return {
    contentType: blob.contentType,
    contentId: blob.contentId,
    contentUri: `${origin}/api/v1.0/${tenantId}/activity/feed/audit/${blob.contentId}`,
    contentCreated: contentTime(blob.contentCreated),
    contentExpiration: contentTime(blob.contentCreated + BLOB_RETENTION),
  };
}
