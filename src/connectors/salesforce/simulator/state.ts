import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { csvCell } from '../../sdk/csv-stream.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { ScenarioFact, SimulatorOptions } from '../../sdk/simulator/simulator.js';
import { DEMO_ORGANISATION } from '../../sdk/simulator/workforce.js';
import { TenantClock } from '../../sdk/simulator/workforce-routine.js';
import { sfId, sfTime } from './ids.js';
import { HistoryGenerator } from './history.js';
import { auditRow, ELF_COLUMNS, type ElfEvent } from './records.js';
import { planScenarios, SALESFORCE_SCENARIO_IDS } from './scenarios.js';
import { buildTenant, directoryRows, type Row, type SimUser, type Tenant } from './tenant.js';

export interface SalesforceSimulatorOptions extends SimulatorOptions {
  emailDomain?: string;
  people?: number;
  /** Days of history before "now". @default 30 */
  historyDays?: number;
  /** The org has Event Monitoring: EventLogFile answers INVALID_TYPE without it. @default true */
  eventMonitoring?: boolean;
  /** The org's daily API allocation (Sforce-Limit-Info's max). @default 100000 */
  dailyApiRequests?: number;
}

export interface EventLogFileEntry {
  id: string;
  type: ElfEvent['type'];
  day: number;
  created: number;
  events: ElfEvent[];
}

/** Live mode keeps this much future activity generated, released as its time comes. */
const LOOKAHEAD = DAY;

/** Everything the simulator's routes read and change. */
export class SalesforceState {
  readonly tenant: Tenant;
  readonly facts: ScenarioFact[];
  readonly byRoute = new Map<string, number>();
  readonly options: SalesforceSimulatorOptions;
  readonly pageSize: number;
  readonly tokens = new Set<string>();
  readonly locators = new Map<string, { rows: Row[]; at: number }>();
  apiUsage = 0;
  private locatorSerial = 1;
  private logins: Row[] = [];
  private audit: Row[] = [];
  private files = new Map<string, EventLogFileEntry>();
  private readonly history: HistoryGenerator;
  private readonly frozenAt: number | null;
  private readonly historyStart: number;
  /** The tenant's time (frozen or the wall clock) and the live mode's day-by-day history. */
  private readonly clock: TenantClock;
  private auditSerial = 70_000;

  constructor(options: SalesforceSimulatorOptions) {
    this.options = options;
    const seed = options.seed ?? 1;
    this.frozenAt = options.frozenAt ?? null;
    const builtAt = this.frozenAt ?? Date.now();
    this.pageSize = Math.min(options.pageSize ?? 2000, 2000);
    this.tenant = buildTenant({ seed, now: builtAt, emailDomain: options.emailDomain ?? DEMO_ORGANISATION.domain, ...(options.people ? { people: options.people } : {}), eventMonitoring: options.eventMonitoring ?? true });
    const plan = planScenarios(this.tenant, seed, builtAt, options.scenarios ?? SALESFORCE_SCENARIO_IDS);
    this.facts = plan.facts;
    this.history = new HistoryGenerator(this.tenant, seed, builtAt);
    this.historyStart = builtAt - (options.historyDays ?? 30) * DAY;
    const firstDay = Math.floor(this.historyStart / DAY);
    const lastDay = Math.floor((builtAt + (this.frozenAt === null ? LOOKAHEAD : 0)) / DAY);
    this.audit.push(...this.history.adminEvents(), ...plan.audit);
    this.addEvents(plan.events, seed);
    for (let day = firstDay; day <= lastDay; day++) this.addDay(day, seed);
    this.clock = new TenantClock(this.frozenAt, lastDay, (day) => this.addDay(day, this.options.seed ?? 1), LOOKAHEAD);
  }

  private addDay(day: number, seed: number): void {
    const { logins, audit, events } = this.history.day(day);
    this.logins.push(...logins);
    this.audit.push(...audit);
    this.addEvents(events, seed);
  }

  /** Files each event into the Daily file of its type and UTC day, written 2–4 hours after the day ends. */
  private addEvents(events: readonly ElfEvent[], seed: number): void {
    for (const event of events) {
      if (event.at < this.historyStart) continue;
      const day = Math.floor(event.at / DAY);
      const key = `${event.type}:${day}`;
      let file = this.files.get(key);
      if (!file) {
        const typeIndex = Object.keys(ELF_COLUMNS).indexOf(event.type);
        const rng = new SeededRandom(mixSeed(seed, day, typeIndex, 0xe1f));
        file = { id: sfId('0AT', day * 8 + typeIndex), type: event.type, day, created: (day + 1) * DAY + 2 * HOUR + rng.int(0, 120) * MINUTE, events: [] };
        this.files.set(key, file);
      }
      file.events.push(event);
    }
  }

  now(): number {
    return this.clock.now();
  }

  get frozen(): boolean {
    return this.clock.frozen;
  }

  private ensureGenerated(): void {
    this.clock.ensureGenerated();
  }

  private visibleBy<T>(rows: readonly T[], time: (r: T) => number): T[] {
    this.ensureGenerated();
    const now = this.now();
    return rows.filter((r) => time(r) <= now && time(r) >= this.historyStart);
  }

  visibleLogins(): Row[] {
    return this.visibleBy(this.logins, (r) => Date.parse(String(r.LoginTime).replace('+0000', 'Z')));
  }

  visibleAudit(): Row[] {
    return this.visibleBy(this.audit, (r) => Date.parse(String(r.CreatedDate).replace('+0000', 'Z')));
  }

  visibleFiles(): EventLogFileEntry[] {
    return this.visibleBy([...this.files.values()], (f) => f.created);
  }

  fileById(id: string): EventLogFileEntry | undefined {
    return this.visibleFiles().find((f) => f.id === id);
  }

  /** A file's CSV, as Salesforce serves it: a quoted header row then one quoted row per event, CRLF line ends. */
  fileCsv(file: EventLogFileEntry): string {
    const columns = ELF_COLUMNS[file.type];
    const lines = [columns.map(csvCell).join(',')];
    for (const e of [...file.events].sort((a, b) => a.at - b.at)) lines.push(columns.map((c) => csvCell(e.columns[c] ?? '')).join(','));
    return `${lines.join('\r\n')}\r\n`;
  }

  /** The queryable rows of every object the simulator knows. */
  objectRows(object: string, base: string): Row[] | null {
    const directory = directoryRows(this.tenant, base);
    switch (object.toLowerCase()) {
      case 'loginhistory':
        return this.visibleLogins();
      case 'setupaudittrail':
        return this.visibleAudit();
      case 'eventlogfile':
        return this.visibleFiles().map((f) => {
          const csv = this.fileCsv(f);
          return {
            attributes: { type: 'EventLogFile', url: `${base}/sobjects/EventLogFile/${f.id}` },
            Id: f.id, EventType: f.type, LogDate: sfTime(f.day * DAY), Interval: 'Daily', Sequence: 1, LogFileLength: Buffer.byteLength(csv), LogFileContentType: 'CSV',
            LogFileFieldNames: ELF_COLUMNS[f.type].join(','), LogFileFieldTypes: ELF_COLUMNS[f.type].map(() => 'String').join(','), LogFile: `${base}/sobjects/EventLogFile/${f.id}/LogFile`, ApiVersion: 62.0, CreatedDate: sfTime(f.created),
          };
        });
      default: {
        const key = Object.keys(directory).find((k) => k.toLowerCase() === object.toLowerCase());
        return key ? (directory[key] as Row[]) : null;
      }
    }
  }

  /** Records an admin change made through the API (a freeze, a deactivation): readable at once. */
  appendAudit(by: SimUser, action: string, display: string): void {
    this.audit.push(auditRow(by, this.now(), action, 'Manage Users', display, this.auditSerial++));
  }

  newLocator(rows: Row[]): string {
    const id = `01g5g0000${String(this.locatorSerial++).padStart(6, '0')}`;
    this.locators.set(id, { rows, at: Date.now() });
    return id;
  }

  /** Checks a JWT bearer assertion against the connected app (RS256 with the certificate's public key). */
  verifyAssertion(assertion: string, audiences: readonly string[]): { user: SimUser } | { error: string; description: string } {
    const parts = assertion.split('.');
    if (parts.length !== 3) return { error: 'invalid_grant', description: 'invalid assertion' };
    const [h, c, s] = parts as [string, string, string];
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
      claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return { error: 'invalid_grant', description: 'invalid assertion' };
    }
    if (header.alg !== 'RS256') return { error: 'invalid_grant', description: 'invalid assertion' };
    if (claims.iss !== this.tenant.app.consumerKey) return { error: 'invalid_client_id', description: 'client identifier invalid' };
    const ok = verify('RSA-SHA256', Buffer.from(`${h}.${c}`, 'utf8'), createPublicKey(this.tenant.app.publicKey), Buffer.from(s, 'base64url'));
    if (!ok) return { error: 'invalid_grant', description: 'invalid assertion' };
    if (!audiences.includes(String(claims.aud))) return { error: 'invalid_grant', description: 'audience is invalid' };
    const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
    const wall = Date.now();
    if (exp < wall || exp > wall + 5 * MINUTE) return { error: 'invalid_grant', description: 'expired authorization code' };
    const user = this.tenant.users.find((u) => u.username.toLowerCase() === String(claims.sub).toLowerCase());
    if (!user || !user.active || user.frozen) return { error: 'invalid_grant', description: 'user hasn\'t approved this consumer' };
    if (!this.tenant.app.preAuthorisedUserIds.includes(user.id)) return { error: 'invalid_grant', description: 'user hasn\'t approved this consumer' };
    return { user };
  }

  issueToken(): string {
    const token = `${this.tenant.orgId.slice(0, 15)}!AQ0AQ${randomBytes(40).toString('base64url')}`;
    this.tokens.add(token);
    return token;
  }

  userById(id: string): SimUser | undefined {
    return this.tenant.users.find((u) => u.id === id || u.id.slice(0, 15) === id);
  }

  countRoute(route: string): void {
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }
}
