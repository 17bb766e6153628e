import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { APP_IDS, fnv, graphKeyId, mixSeed } from './ids.js';
import { IPHONE_SAFARI, PHONE_USER_AGENT, US_CARRIER_GATEWAYS, type Place } from '../../sdk/simulator/places.js';
import { privateRelayDay, usesPrivateRelay } from '../../sdk/simulator/private-relay.js';
import { CONSUMER_VPN_PLACE, CORPORATE_VPN } from './places.js';
import { onHolidayOn, TRAVEL_PLACE, travellingOn } from '../../sdk/simulator/workforce-routine.js';
import {
  directoryChange,
  exchangeAdmin,
  fileOperation,
  generalRecord,
  mailboxItem,
  signIn,
  ualValue,
  type AuditRecord,
  type ContentType,
  type GraphRecord,
  type RecordContext,
} from './records.js';
import { PRIVILEGED_ROLE_TEMPLATES, UK_PAYROLL_CONTACT, type SimUser, type Tenant } from './tenant.js';

/** One UAL record and when it reaches the feed (records arrive late and out of order; some twice). */
export interface FeedEntry {
  contentType: ContentType;
  record: AuditRecord;
  /** When it happened. */
  time: number;
  /** When the service aggregated it into a blob. */
  arrival: number;
  /** The real API sometimes puts a record in a second, later blob too. */
  duplicateArrival: number | null;
}

export interface TimedGraphRecord {
  record: GraphRecord;
  time: number;
}

/** What happened in one slice of time, in both feeds. */
export interface Batch {
  feed: FeedEntry[];
  signIns: TimedGraphRecord[];
  nonInteractiveSignIns: TimedGraphRecord[];
  directoryAudits: TimedGraphRecord[];
}

export function emptyBatch(): Batch {
  return { feed: [], signIns: [], nonInteractiveSignIns: [], directoryAudits: [] };
}

export function mergeBatch(into: Batch, from: Batch): void {
  into.feed.push(...from.feed);
  into.signIns.push(...from.signIns);
  into.nonInteractiveSignIns.push(...from.nonInteractiveSignIns);
  into.directoryAudits.push(...from.directoryAudits);
}

/** How long after the event each workload's records typically reach the feed. */
const LATENCY: Record<ContentType, [number, number]> = {
  'Audit.AzureActiveDirectory': [2 * MINUTE, 12 * MINUTE],
  'Audit.Exchange': [5 * MINUTE, 30 * MINUTE],
  'Audit.SharePoint': [3 * MINUTE, 20 * MINUTE],
  'Audit.General': [10 * MINUTE, 60 * MINUTE],
};

export const CONTENT_TYPE_OF_RECORD_TYPE: Record<number, ContentType> = {
  1: 'Audit.Exchange',
  2: 'Audit.Exchange',
  6: 'Audit.SharePoint',
  14: 'Audit.SharePoint',
  8: 'Audit.AzureActiveDirectory',
  15: 'Audit.AzureActiveDirectory',
  20: 'Audit.General',
  25: 'Audit.General',
};

/** Adds UAL records to a batch with realistic latency, a few late ones and a few duplicated. */
export function addToFeed(batch: Batch, random: SeededRandom, record: AuditRecord, time: number, options: { lateProbability?: number; duplicateProbability?: number } = {}): void {
  const contentType = CONTENT_TYPE_OF_RECORD_TYPE[Number(record.RecordType)] ?? 'Audit.General';
  const [min, max] = LATENCY[contentType];
  let arrival = time + random.int(min, max);
  // A few records are hours late: a later blob then holds older events than an earlier one.
  if (random.chance(options.lateProbability ?? 0.03)) arrival += random.int(1, 6) * HOUR;
  const duplicateArrival = random.chance(options.duplicateProbability ?? 0.02) ? arrival + random.int(1, 8) * HOUR : null;
  batch.feed.push({ contentType, record, time, arrival, duplicateArrival });
}

export function addSignIn(batch: Batch, random: SeededRandom, pair: { audit: AuditRecord; graph: GraphRecord }, time: number, interactive: boolean): void {
  if (interactive) {
    addToFeed(batch, random, pair.audit, time);
    batch.signIns.push({ record: pair.graph, time });
  } else {
    batch.nonInteractiveSignIns.push({ record: pair.graph, time });
  }
}

export function addDirectoryChange(batch: Batch, random: SeededRandom, pair: { audit: AuditRecord; graph: GraphRecord }, time: number): void {
  addToFeed(batch, random, pair.audit, time);
  batch.directoryAudits.push({ record: pair.graph, time });
}

const SITES = (tenant: Tenant) => {
  const org = tenant.initialDomain.split('.')[0] ?? 'contoso';
  const site = (name: string, library = 'Shared Documents') => ({
    url: `https://${org}.sharepoint.com/sites/${name}/`,
    id: uuidFrom(`${tenant.id}:${name}:site`),
    webId: uuidFrom(`${tenant.id}:${name}:web`),
    listId: uuidFrom(`${tenant.id}:${name}:list`),
    library,
  });
  return { finance: site('Finance'), sales: site('Sales'), engineering: site('Engineering'), hr: site('HR'), company: site('Company') };
};

export type SiteInfo = ReturnType<typeof SITES>['finance'];

/** The team site a department works in. */
export function siteFor(tenant: Tenant, user: SimUser): SiteInfo {
  const sites = SITES(tenant);
  switch (user.department) {
    case 'Finance':
    case 'Executive':
      return sites.finance;
    case 'Sales':
    case 'Marketing':
      return sites.sales;
    case 'Engineering':
    case 'Security':
    case 'IT':
      return sites.engineering;
    case 'HR':
      return sites.hr;
    default:
      return sites.company;
  }
}

export function oneDriveFor(tenant: Tenant, user: SimUser): SiteInfo {
  const org = tenant.initialDomain.split('.')[0] ?? 'contoso';
  const personal = user.userPrincipalName.replace(/[@.]/g, '_');
  return {
    url: `https://${org}-my.sharepoint.com/personal/${personal}/`,
    id: uuidFrom(`${user.id}:od:site`),
    webId: uuidFrom(`${user.id}:od:web`),
    listId: uuidFrom(`${user.id}:od:list`),
    library: 'Documents',
  };
}

/** A stable GUID derived from text (FNV-based), for ids that must not depend on generation order. */
export function uuidFrom(text: string): string {
  const r = new SeededRandom(fnv(text));
  return r.uuid();
}

const FILE_STEMS: Record<string, string[]> = {
  Finance: ['Q2 Forecast', 'Budget 2025', 'Vendor Payments', 'Payroll Summary', 'Board Pack', 'Cash Flow', 'Invoice Register', 'Expense Policy', 'Audit Findings', 'Tax Provision'],
  Sales: ['Pipeline Review', 'Pricing Sheet', 'Customer List', 'Proposal Template', 'Territory Plan', 'QBR Deck', 'Discount Approvals'],
  Engineering: ['Architecture Overview', 'Release Plan', 'Incident Postmortem', 'Runbook', 'API Design', 'Sprint Notes', 'Threat Model'],
  HR: ['Org Chart', 'Offer Letter Template', 'Benefits Guide', 'Onboarding Checklist', 'Performance Calibration'],
  default: ['Team Meeting Notes', 'Project Plan', 'Status Report', 'Company Handbook', 'Travel Policy'],
};
const EXTENSIONS = ['docx', 'xlsx', 'pptx', 'pdf'];

export function fileName(random: SeededRandom, department: string | null): string {
  const stems = FILE_STEMS[department ?? 'default'] ?? FILE_STEMS.default ?? ['Document'];
  return `${random.pick(stems)}${random.chance(0.3) ? ` v${random.int(2, 9)}` : ''}.${random.pick(EXTENSIONS)}`;
}

/** UTC epoch ms of a local wall-clock time on the local calendar day that starts at UTC `dayStart`. */
export function localTime(dayStart: number, place: Place, hour: number, minute = 0): number {
  return dayStart + (hour - place.utcOffset) * HOUR + minute * MINUTE;
}

function isWeekend(dayStart: number): boolean {
  const dow = new Date(dayStart).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The sign-in the app a person uses most hits, and the Microsoft resource behind it. */
const APPS = {
  officeHome: { app: { id: APP_IDS.officeHome, name: 'OfficeHome' }, resource: { id: APP_IDS.exchange, name: 'Office 365 Exchange Online' } },
  teams: { app: { id: APP_IDS.teams, name: 'Microsoft Teams Web Client' }, resource: { id: APP_IDS.teams, name: 'Microsoft Teams Services' } },
  office: { app: { id: APP_IDS.microsoftOffice, name: 'Microsoft Office' }, resource: { id: APP_IDS.exchange, name: 'Office 365 Exchange Online' } },
  sharepoint: { app: { id: APP_IDS.microsoftOffice, name: 'Microsoft Office' }, resource: { id: APP_IDS.sharepoint, name: 'Office 365 SharePoint Online' } },
  azurePortal: { app: { id: APP_IDS.azurePortal, name: 'Azure Portal' }, resource: { id: APP_IDS.aadGraph, name: 'Windows Azure Active Directory' } },
  outlookMobile: { app: { id: APP_IDS.outlookMobile, name: 'Outlook Mobile' }, resource: { id: APP_IDS.exchange, name: 'Office 365 Exchange Online' } },
} as const;

/**
 * A third of the people in the United States also read mail on a phone on T-Mobile: its address geolocates
 * to the carrier's gateway (Dallas, Atlanta...), not to where they sit, minutes after their desktop signed
 * in from home. The classic false impossible-travel; no policy may alert on it.
 */
const onCarrierPhone = (user: SimUser): boolean => user.place.countryIso === 'US' && fnv(`${user.id}:phone`) % 3 === 0;

/** People with no part in a scenario (their alerts are the scenarios'): the VPN users are chosen among them. */
const ordinary = (user: SimUser): boolean => user.personas.length === 0 && user.userType === 'Member';

/** About a third of the staff outside the United States switch the organisation's VPN on during the day (the session goes on through it). */
const onCorporateVpn = (user: SimUser): boolean => ordinary(user) && user.place.countryIso !== 'US' && fnv(`${user.id}:corporate-vpn`) % 3 === 0;

/** A few people read their mail at home in the evening on their own laptop, through Proton VPN (Zurich), most days. */
const onConsumerVpn = (user: SimUser): boolean => ordinary(user) && fnv(`${user.id}:consumer-vpn`) % 8 === 3;

/**
 * The workforce's Private Relay users open Office in Safari on their own iPhone: the sign-in leaves through a
 * relay egress the city database may place in another country or continent (Kabul, Guam) minutes after their
 * desktop signed in from home. Not an anonymiser to alert on, nor travel, nor a new country. The same people
 * as in the other apps.
 */
const onPrivateRelay = (user: SimUser): boolean => ordinary(user) && user.workforceIndex !== null && usesPrivateRelay(user.workforceIndex);

/** A personal MacBook: Safari, not registered with the organisation. */
const PERSONAL_LAPTOP = { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', os: 'MacOs', browser: 'Safari 17.4' } as const;

/** The CA policy that requires MFA of admins, when it applies to the user (it shows in their sign-ins). */
export function mfaPolicyFor(tenant: Tenant, user: SimUser): { id: string; displayName: string } | null {
  const privileged = tenant.roleAssignments.some((a) => PRIVILEGED_ROLE_TEMPLATES.includes(a.roleDefinitionId) && (a.principalId === user.id || tenant.groups.some((g) => g.id === a.principalId && g.members.includes(user.id))));
  if (!privileged) return null;
  const policies = (tenant.policies.conditionalAccessPolicies?.value ?? []) as { id: string; displayName: string }[];
  const policy = policies.find((p) => p.displayName === 'Require MFA for administrators');
  return policy ? { id: policy.id, displayName: policy.displayName } : null;
}

/** Generates the tenant's ordinary life: benign, repetitive, from each person's usual places. */

/** A stretch of time in which a scenario's person does nothing ordinary, so the attack's alerts hold only the attack. */
export interface QuietWindow {
  userId: string;
  from: number;
  to: number;
}

export class HistoryGenerator {
  private readonly departments = new Map<string | null, SimUser[]>();
  private quiet: readonly QuietWindow[] = [];

  private builtAt: number | null = null;

  /** The history's "now" (the trip is placed relative to it). */
  setNow(now: number): void {
    this.builtAt = now;
  }

  private firstDay = -Infinity;

  /** The first day of the simulated history: routine content before it is not generated (`historyDays`). */
  setFirstDay(dayStart: number): void {
    this.firstDay = dayStart;
  }

  /** Days of a person that overlap one of these windows are left empty. */
  setQuiet(windows: readonly QuietWindow[]): void {
    this.quiet = windows;
  }

  constructor(
    private readonly tenant: Tenant,
    private readonly seed: number,
  ) {}

  /** Members of a department with a mailbox (looked up once: a large tenant asks for every person-day). */
  private department(name: string | null): SimUser[] {
    let members = this.departments.get(name);
    if (!members) {
      members = this.tenant.users.filter((u) => u.userType === 'Member' && u.department === name && u.mail);
      this.departments.set(name, members);
    }
    return members;
  }

  /** Everything every person did on the (local) calendar day starting at UTC `dayStart`. */
  day(dayStart: number): Batch {
    const batch = emptyBatch();
    const dayIndex = Math.floor(dayStart / DAY);
    this.tenant.users.forEach((user, index) => {
      if (user.activity <= 0) return;
      const random = new SeededRandom(mixSeed(this.seed, index + 1, dayIndex));
      this.personDay(batch, { tenant: this.tenant, random }, user, dayStart);
    });
    this.adminDay(batch, dayStart);
    return batch;
  }

  private personDay(batch: Batch, ctx: RecordContext, user: SimUser, dayStart: number): void {
    const { random, tenant } = ctx;
    const weekend = isWeekend(dayStart);
    if (weekend && !random.chance(0.15 * user.activity)) return;
    if (!weekend && !random.chance(0.93)) return; // leave, sick days
    // Each person keeps their own working hours, the same in every app.
    const startHour = weekend ? random.int(10, 16) : user.workStartHour;
    const start = localTime(dayStart, user.place, startHour, random.int(0, 59));
    // People join before their first day's activity, and the leaver stops at being disabled.
    if (start < user.createdDateTime + DAY) return;
    if (this.quiet.some((q) => q.userId === user.id && start <= q.to && start + 14 * HOUR >= q.from)) return;
    if (user.disabledAt !== null && start + 10 * HOUR > user.disabledAt) return;
    if (user.workforceIndex !== null && this.builtAt !== null && onHolidayOn(user.workforceIndex, Math.floor(dayStart / DAY), this.builtAt)) return;
    // People sign in from their own address, as they do in every other app; the travelling salesperson
    // spends three days at a client in London mid-month (hotel Wi-Fi), a trip no policy should alert on twice.
    const away = user.workforceIndex !== null && this.builtAt !== null && travellingOn(user.workforceIndex, Math.floor(dayStart / DAY), this.builtAt) ? TRAVEL_PLACE : null;
    const ip = away?.ips[0] ?? user.homeIp;
    const d = user.device;
    // One session per device and day: the interactive sign-in starts it, the desktop apps' token refreshes carry it.
    const sessionId = uuidFrom(`${user.id}:session:${dayStart}`);
    const base = { user, ip, place: away ?? user.place, userAgent: d.userAgent, os: d.os, browser: d.browser, deviceId: d.deviceId, managed: d.managed, compliant: d.compliant, mfaPolicy: mfaPolicyFor(tenant, user), sessionId };

    let t = start;
    if (random.chance(0.05)) {
      // A mistyped password, then success: one failure, never a burst.
      addSignIn(batch, random, signIn(ctx, { ...base, time: t, errorCode: 50126, logonError: 'InvalidUserNameOrPassword', interactive: true, ...APPS.officeHome }), t, true);
      t += random.int(20, 150) * 1000;
    }
    addSignIn(batch, random, signIn(ctx, { ...base, time: t, errorCode: 0, interactive: true, ...APPS.officeHome }), t, true);
    const hours = weekend ? random.int(1, 2) : user.workHours - random.int(0, 1);
    const end = start + hours * HOUR;
    if (!weekend && random.chance(0.5)) {
      const at = start + random.int(4, 6) * HOUR + random.int(0, 59) * MINUTE;
      const app = user.department === 'IT' && random.chance(0.5) ? APPS.azurePortal : APPS.teams;
      addSignIn(batch, random, signIn(ctx, { ...base, time: at, errorCode: 0, interactive: true, ...app }), at, true);
    }
    if (!weekend && !away && onCarrierPhone(user)) {
      // Its own random stream: the rest of the person's day stays as it was.
      const phone = new SeededRandom(fnv(`${user.id}:phone:${dayStart}`));
      if (phone.chance(0.7)) {
        const gateway = phone.pick(US_CARRIER_GATEWAYS);
        const at = start + phone.int(20, 180) * MINUTE;
        const spec = { ...base, ip: gateway.ips[0] as string, place: gateway, userAgent: PHONE_USER_AGENT, os: 'Ios', browser: 'Mobile Safari', deviceId: '', managed: false, compliant: false, sessionId: uuidFrom(`${user.id}:phone:${dayStart}`) };
        addSignIn(batch, phone, signIn({ ...ctx, random: phone }, { ...spec, time: at, errorCode: 0, interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', ...APPS.outlookMobile }), at, true);
      }
    }
    if (!weekend && !away && onCorporateVpn(user)) {
      // The business VPN switched on mid-morning: the day's session goes on from the gateway's address in
      // Amsterdam (own random stream, so the rest of the day stays as it was).
      const vpn = new SeededRandom(fnv(`${user.id}:corporate-vpn:${dayStart}`));
      if (vpn.chance(0.4)) {
        const gateway = CORPORATE_VPN.place;
        const gatewayIp = gateway.ips[0] as string;
        const at = start + vpn.int(60, 200) * MINUTE;
        const vpnCtx = { ...ctx, random: vpn };
        addSignIn(batch, vpn, signIn(vpnCtx, { ...base, ip: gatewayIp, place: gateway, time: at, errorCode: 0, interactive: true, ...APPS.sharepoint }), at, true);
        const opened = at + vpn.int(2, 20) * MINUTE;
        addToFeed(batch, vpn, fileOperation(vpnCtx, { user, time: opened, ip: gatewayIp, operation: 'FileAccessed', site: siteFor(tenant, user), fileName: fileName(vpn, user.department), userAgent: d.userAgent }), opened);
      }
    }
    if (!away && onConsumerVpn(user)) {
      // The evening at home on their own laptop through Proton VPN: its own session, from the start of the history.
      const own = new SeededRandom(fnv(`${user.id}:consumer-vpn:${dayStart}`));
      if (own.chance(0.7)) {
        const exit = CONSUMER_VPN_PLACE;
        const at = localTime(dayStart, user.place, own.int(19, 21), own.int(0, 59));
        const ownCtx = { ...ctx, random: own };
        const laptop = { ...base, ...PERSONAL_LAPTOP, ip: exit.ips[0] as string, place: exit, deviceId: '', managed: false, compliant: false, sessionId: uuidFrom(`${user.id}:laptop:${dayStart}`) };
        addSignIn(batch, own, signIn(ownCtx, { ...laptop, time: at, errorCode: 0, interactive: true, ...APPS.officeHome }), at, true);
        const read = at + own.int(3, 25) * MINUTE;
        addToFeed(batch, own, fileOperation(ownCtx, { user, time: read, ip: laptop.ip, operation: 'FileAccessed', site: oneDriveFor(tenant, user), fileName: fileName(own, user.department), userAgent: PERSONAL_LAPTOP.userAgent, workload: 'OneDrive' }), read);
      }
    }
    if (!away && onPrivateRelay(user)) {
      // Safari on their iPhone through iCloud Private Relay, any time of their day: its own session and random
      // stream. Each use signs in to Office again in that session, from the egress Safari has rotated to.
      const relay = new SeededRandom(fnv(`${user.id}:private-relay:${dayStart}`));
      const phone = { ...base, ...IPHONE_SAFARI, deviceId: '', managed: false, compliant: false, sessionId: uuidFrom(`${user.id}:relay:${dayStart}`) };
      for (const { egress, at } of privateRelayDay(relay, dayStart, user.place)) {
        addSignIn(batch, relay, signIn({ ...ctx, random: relay }, { ...phone, ip: egress.ips[0] as string, place: egress, time: at, errorCode: 0, interactive: true, ...APPS.officeHome }), at, true);
      }
    }
    // Token refreshes by the desktop apps: non-interactive sign-ins every hour or two.
    for (let at = start + random.int(30, 90) * MINUTE; at < end; at += random.int(60, 120) * MINUTE) {
      addSignIn(batch, random, signIn(ctx, { ...base, time: at, errorCode: 0, interactive: false, clientAppUsed: 'Mobile Apps and Desktop clients', ...(random.chance(0.5) ? APPS.office : APPS.sharepoint) }), at, false);
    }

    const during = () => start + random.int(10 * MINUTE, Math.max(11 * MINUTE, end - start));
    const site = siteFor(tenant, user);
    const drive = oneDriveFor(tenant, user);
    const fileOps: [string, number][] = weekend
      ? [['FileAccessed', random.int(1, 3)]]
      : [
          ['FileAccessed', random.int(2, 8)],
          ['FileModified', random.int(0, 3)],
          ['FileUploaded', random.int(0, 2)],
          ['FileDownloaded', random.int(0, 3)],
        ];
    for (const [operation, count] of fileOps) {
      for (let i = 0; i < count; i++) {
        const personal = random.chance(0.3);
        const at = during();
        addToFeed(batch, random, fileOperation(ctx, { user, time: at, ip, operation, site: personal ? drive : site, fileName: fileName(random, user.department), userAgent: d.userAgent, workload: personal ? 'OneDrive' : 'SharePoint' }), at);
      }
    }
    const colleagues = this.department(user.department).filter((u) => u.id !== user.id);
    if (!weekend && colleagues.length > 0 && random.chance(0.04)) {
      const colleague = random.pick(colleagues);
      const at = during();
      addToFeed(batch, random, fileOperation(ctx, { user, time: at, ip, operation: 'SharingSet', site, fileName: fileName(random, user.department), userAgent: d.userAgent, sharedWith: { name: colleague.userPrincipalName, type: 'Member' } }), at);
    }
    if (!weekend) {
      for (let i = random.int(0, 3); i > 0; i--) {
        const at = during();
        addToFeed(batch, random, mailboxItem(ctx, { user, time: at, ip, operation: 'Send', subject: random.pick(['Re: weekly sync', 'Updated numbers', 'Follow-up', 'Meeting notes', 'Quick question', 'Re: proposal']), folder: '\\Sent Items', userAgent: d.userAgent }), at);
      }
      if (random.chance(0.7)) {
        const at = start + random.int(2, 20) * MINUTE;
        addToFeed(batch, random, generalRecord(ctx, { user, time: at, ip, workload: 'MicrosoftTeams', operation: 'TeamsSessionStarted', userAgent: d.userAgent }), at);
      }
      if ((user.department === 'Finance' || user.department === 'Sales') && random.chance(0.3)) {
        const at = during();
        addToFeed(batch, random, generalRecord(ctx, { user, time: at, ip, workload: 'PowerBI', operation: 'ViewReport', userAgent: d.userAgent, extra: { ItemName: `${user.department} Dashboard`, WorkSpaceName: user.department, ReportName: `${user.department} Dashboard` } }), at);
      }
    }
  }

  /** The admins' routine: password resets, title changes, a benign inbox rule, mailbox permissions. */
  private adminDay(batch: Batch, dayStart: number): void {
    const { tenant } = this;
    if (isWeekend(dayStart)) return;
    const dayIndex = Math.floor(dayStart / DAY);
    const random = new SeededRandom(mixSeed(this.seed, 0xad, dayIndex));
    const ctx: RecordContext = { tenant, random };
    const userAdmin = tenant.users.find((u) => u.personas.includes('userAdmin'));
    const exchangeAdminUser = tenant.users.find((u) => u.personas.includes('exchangeAdmin'));
    const members = tenant.users.filter((u) => u.userType === 'Member' && u.activity > 0 && u.accountEnabled);
    if (userAdmin && random.chance(0.25)) {
      const target = random.pick(members);
      const at = localTime(dayStart, userAdmin.place, random.int(9, 16), random.int(0, 59));
      addDirectoryChange(batch, random, directoryChange(ctx, { time: at, operation: 'Reset user password.', category: 'UserManagement', operationType: 'Update', actor: { kind: 'user', user: userAdmin, ip: userAdmin.homeIp }, targets: [{ kind: 'user', id: target.id, name: target.displayName, upn: target.userPrincipalName, puid: target.puid }], modified: [] }), at);
    }
    if (userAdmin && random.chance(0.15)) {
      const target = random.pick(members);
      const at = localTime(dayStart, userAdmin.place, random.int(9, 16), random.int(0, 59));
      addDirectoryChange(batch, random, directoryChange(ctx, { time: at, operation: 'Update user.', category: 'UserManagement', operationType: 'Update', actor: { kind: 'user', user: userAdmin, ip: userAdmin.homeIp }, targets: [{ kind: 'user', id: target.id, name: target.displayName, upn: target.userPrincipalName, puid: target.puid }], modified: [{ Name: 'JobTitle', OldValue: ualValue(target.jobTitle), NewValue: ualValue(`Senior ${target.jobTitle ?? 'Associate'}`) }, { Name: 'Included Updated Properties', OldValue: '', NewValue: 'JobTitle' }] }), at);
    }
    if (exchangeAdminUser && random.chance(0.08)) {
      const target = random.pick(members);
      const at = localTime(dayStart, exchangeAdminUser.place, random.int(9, 16), random.int(0, 59));
      addToFeed(batch, random, exchangeAdmin(ctx, { actor: exchangeAdminUser, time: at, ip: exchangeAdminUser.homeIp, cmdlet: 'Add-MailboxPermission', objectId: 'shared-accounts@' + tenant.domain, parameters: [{ Name: 'Identity', Value: `accounts-payable@${tenant.domain}` }, { Name: 'User', Value: target.userPrincipalName }, { Name: 'AccessRights', Value: 'FullAccess' }, { Name: 'InheritanceType', Value: 'All' }] }), at);
    }
    if (random.chance(0.12)) {
      // Someone files newsletters into a folder: an inbox rule that forwards nothing.
      const user = random.pick(members);
      const at = localTime(dayStart, user.place, random.int(9, 17), random.int(0, 59));
      addToFeed(batch, random, exchangeAdmin(ctx, { actor: user, time: at, ip: user.homeIp, cmdlet: 'New-InboxRule', objectId: `${user.displayName}\\Newsletters`, parameters: [{ Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' }, { Name: 'Force', Value: 'False' }, { Name: 'Name', Value: 'Newsletters' }, { Name: 'FromAddressContainsWords', Value: 'newsletter;digest' }, { Name: 'MoveToFolder', Value: 'Newsletters' }, { Name: 'StopProcessingRules', Value: 'True' }] }), at);
    }
    // Forwarding to the UK payroll bureau's mail contact, named rather than addressed: its address is at one of
    // the tenant's verified domains, so it stays inside (own random: the rest of the history is unchanged).
    const payroll = new SeededRandom(mixSeed(this.seed, 0xc0a7, dayIndex));
    const payrollCtx: RecordContext = { tenant, random: payroll };
    if (payroll.chance(0.15)) {
      const user = payroll.pick(members);
      const at = localTime(dayStart, user.place, payroll.int(9, 17), payroll.int(0, 59));
      addToFeed(batch, payroll, exchangeAdmin(payrollCtx, { actor: user, time: at, ip: user.homeIp, cmdlet: 'New-InboxRule', objectId: `${user.displayName}\\Payslips`, parameters: [{ Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' }, { Name: 'Force', Value: 'False' }, { Name: 'Name', Value: 'Payslip questions' }, { Name: 'SubjectContainsWords', Value: 'payslip;P60' }, { Name: 'ForwardTo', Value: UK_PAYROLL_CONTACT }, { Name: 'StopProcessingRules', Value: 'False' }] }), at);
    }
    if (exchangeAdminUser && payroll.chance(0.05)) {
      const at = localTime(dayStart, exchangeAdminUser.place, payroll.int(9, 16), payroll.int(0, 59));
      addToFeed(batch, payroll, exchangeAdmin(payrollCtx, { actor: exchangeAdminUser, time: at, ip: exchangeAdminUser.homeIp, cmdlet: 'Set-Mailbox', objectId: 'UK Payroll Queries', parameters: [{ Name: 'Identity', Value: `payroll-queries@${tenant.domain}` }, { Name: 'ForwardingAddress', Value: UK_PAYROLL_CONTACT }, { Name: 'DeliverToMailboxAndForward', Value: 'True' }] }), at);
    }
  }

  /** One-off events at fixed points: new hires joining, a guest invited, the leaver disabled, a benign consent. */
  milestones(now: number): Batch {
    const { tenant } = this;
    const batch = emptyBatch();
    const random = new SeededRandom(mixSeed(this.seed, 0x3e1e));
    const ctx: RecordContext = { tenant, random };
    const userAdmin = tenant.users.find((u) => u.personas.includes('userAdmin'));
    const globalAdmin = tenant.users.find((u) => u.personas.includes('globalAdmin'));
    if (!userAdmin || !globalAdmin) return batch;
    const adminActor = { kind: 'user' as const, user: userAdmin, ip: userAdmin.homeIp };
    for (const hire of tenant.users.filter((u) => u.personas.includes('newHire'))) {
      const at = hire.createdDateTime;
      const target = { kind: 'user' as const, id: hire.id, name: hire.displayName, upn: hire.userPrincipalName, puid: hire.puid };
      addDirectoryChange(batch, random, directoryChange(ctx, { time: at, operation: 'Add user.', category: 'UserManagement', operationType: 'Add', actor: adminActor, targets: [target], modified: [{ Name: 'AccountEnabled', OldValue: '[]', NewValue: ualValue(true) }, { Name: 'DisplayName', OldValue: '[]', NewValue: ualValue(hire.displayName) }, { Name: 'UserPrincipalName', OldValue: '[]', NewValue: ualValue(hire.userPrincipalName) }, { Name: 'Included Updated Properties', OldValue: '', NewValue: 'AccountEnabled, DisplayName, UserPrincipalName' }] }), at);
      const group = tenant.groups.find((g) => g.displayName === 'All Company');
      if (group) {
        const t2 = at + 3 * MINUTE;
        addDirectoryChange(batch, random, directoryChange(ctx, { time: t2, operation: 'Add member to group.', category: 'GroupManagement', operationType: 'Assign', actor: adminActor, targets: [target, { kind: 'group', id: group.id, name: group.displayName }], modified: [{ Name: 'Group.ObjectID', OldValue: '', NewValue: group.id }, { Name: 'Group.DisplayName', OldValue: '', NewValue: group.displayName }] }), t2);
      }
    }
    for (const guest of tenant.users.filter((u) => u.personas.includes('pendingGuest'))) {
      const at = guest.createdDateTime;
      const target = { kind: 'user' as const, id: guest.id, name: guest.displayName, upn: guest.userPrincipalName, puid: guest.puid };
      const inviter = tenant.users.find((u) => u.department === 'Sales' && u.userType === 'Member') ?? userAdmin;
      addDirectoryChange(batch, random, directoryChange(ctx, { time: at, operation: 'Invite external user.', category: 'UserManagement', operationType: 'Add', actor: { kind: 'user', user: inviter, ip: inviter.homeIp }, targets: [target], modified: [] }), at);
      addDirectoryChange(batch, random, directoryChange(ctx, { time: at + 2000, operation: 'Add user.', category: 'UserManagement', operationType: 'Add', actor: { kind: 'user', user: inviter, ip: inviter.homeIp }, targets: [target], modified: [{ Name: 'UserType', OldValue: '[]', NewValue: ualValue('Guest') }, { Name: 'Included Updated Properties', OldValue: '', NewValue: 'UserType' }] }), at + 2000);
    }
    const leaver = tenant.users.find((u) => u.personas.includes('leaver'));
    if (leaver?.disabledAt) {
      const at = leaver.disabledAt;
      const disabled = directoryChange(ctx, { time: at, operation: 'Update user.', category: 'UserManagement', operationType: 'Update', actor: adminActor, targets: [{ kind: 'user', id: leaver.id, name: leaver.displayName, upn: leaver.userPrincipalName, puid: leaver.puid }], modified: [{ Name: 'AccountEnabled', OldValue: ualValue(true), NewValue: ualValue(false) }, { Name: 'Included Updated Properties', OldValue: '', NewValue: 'AccountEnabled' }] });
      // A known id: the terminated-user scenario names this record as its alert's evidence.
      disabled.audit.Id = leaverDisabledRecordId(tenant);
      addDirectoryChange(batch, random, disabled, at);
    }
    // A benign consent: an engineer lets Slack read their basic profile.
    const slack = tenant.servicePrincipals.find((s) => s.displayName === 'Slack');
    const engineer = tenant.users.find((u) => u.department === 'Engineering' && !u.personas.includes('consenter') && u.activity > 0);
    if (slack && engineer) {
      const at = localTime(Math.floor((now - 12 * DAY) / DAY) * DAY, engineer.place, 10, 17);
      const existing = tenant.grants.find((g) => g.clientId === slack.id && g.principalId === engineer.id);
      const grantId = existing?.id ?? 'none';
      const graphSp = tenant.servicePrincipals.find((s) => s.appId === APP_IDS.graph);
      addDirectoryChange(batch, random, directoryChange(ctx, { time: at, operation: 'Consent to application.', category: 'ApplicationManagement', operationType: 'Assign', actor: { kind: 'user', user: engineer, ip: engineer.homeIp }, targets: [{ kind: 'servicePrincipal', id: slack.id, name: slack.displayName }], modified: consentProperties({ grantId, clientId: slack.id, principalId: engineer.id, resourceId: graphSp?.id ?? '', scope: 'openid profile email offline_access User.Read', appId: slack.appId, admin: false }) }), at);
    }
    this.adminRoutine(batch, now);
    return batch;
  }

  /**
   * Benign look-alikes of the attack scenarios, at fixed points of the history: what admins and people do
   * every month that a careless policy would alert on (a new hire's Temporary Access Pass, a secret
   * rotated by the app's maintainer, a shared mailbox delegated, a report-only policy edited, a domain
   * added, an app rolled out to a team, a clean-up of old files, people registering their own phones).
   */
  private adminRoutine(batch: Batch, now: number): void {
    const { tenant } = this;
    const random = new SeededRandom(mixSeed(this.seed, 0xbe9));
    const ctx: RecordContext = { tenant, random };
    const find = (p: (u: SimUser) => boolean) => tenant.users.find((u) => u.userType === 'Member' && u.accountEnabled && p(u));
    const userAdmin = find((u) => u.personas.includes('userAdmin'));
    const globalAdmin = find((u) => u.personas.includes('globalAdmin'));
    const exchangeAdminUser = find((u) => u.personas.includes('exchangeAdmin'));
    const maintainer = find((u) => u.jobTitle === 'Engineering Manager');
    if (!userAdmin || !globalAdmin || !exchangeAdminUser || !maintainer) return;
    const day = (daysAgo: number) => Math.floor((now - daysAgo * DAY) / DAY) * DAY;
    const asUser = (u: SimUser) => ({ kind: 'user' as const, user: u, ip: u.homeIp });
    const userTarget = (u: SimUser) => ({ kind: 'user' as const, id: u.id, name: u.displayName, upn: u.userPrincipalName, puid: u.puid });
    // Nothing before the history's first day: a tenant with 5 days of history has no 28-day-old routine.
    const within = (at: number) => at >= this.firstDay;
    const directory = (at: number, spec: Omit<Parameters<typeof directoryChange>[1], 'time'>) => {
      if (within(at)) addDirectoryChange(batch, random, directoryChange(ctx, { time: at, ...spec }), at);
    };
    const exchange = (at: number, actor: SimUser, cmdlet: string, objectId: string, parameters: { Name: string; Value: string }[]) => {
      if (within(at)) addToFeed(batch, random, exchangeAdmin(ctx, { actor, time: at, ip: actor.homeIp, cmdlet, objectId, parameters }), at);
    };

    // New hires get a Temporary Access Pass from the helpdesk on their first day.
    for (const hire of tenant.users.filter((u) => u.personas.includes('newHire'))) {
      const at = hire.createdDateTime + 40 * MINUTE;
      if (!within(at)) continue;
      const tap = directoryChange(ctx, { time: at, operation: 'Admin registered security info', category: 'UserManagement', operationType: 'Add', actor: asUser(userAdmin), targets: [userTarget(hire)], modified: [] });
      tap.graph.loggedByService = 'Authentication Methods';
      tap.graph.resultReason = 'Admin registered temporary access pass method for user';
      addDirectoryChange(batch, random, tap, at);
    }
    // People replace their own phone: one method deleted, one registered, by themselves.
    for (const [i, person] of tenant.users.filter((u) => u.userType === 'Member' && u.activity > 0 && u.accountEnabled && u.personas.length === 0).slice(3, 6).entries()) {
      const at = localTime(day(25 - i * 6), person.place, 11, 5);
      directory(at, { operation: 'User deleted security info', category: 'UserManagement', operationType: 'Delete', actor: asUser(person), targets: [userTarget(person)], modified: [] });
      directory(at + 4 * MINUTE, { operation: 'User registered security info', category: 'UserManagement', operationType: 'Add', actor: asUser(person), targets: [userTarget(person)], modified: [] });
    }
    // The expenses app's maintainer rotates its client secret every week.
    const app = tenant.servicePrincipals.find((sp) => sp.appOwnerOrganizationId === tenant.id && / Expenses$/.test(sp.displayName));
    if (app) {
      for (const daysAgo of [27, 20, 13, 6, 1]) {
        const at = localTime(day(daysAgo), maintainer.place, 10, 20);
        directory(at, {
          operation: 'Update application – Certificates and secrets management ',
          category: 'ApplicationManagement',
          operationType: 'Update',
          actor: asUser(maintainer),
          targets: [{ kind: 'application', id: uuidFrom(`${tenant.id}:application:${app.appId}`), name: app.displayName }],
          modified: [{ Name: 'KeyDescription', OldValue: '[]', NewValue: ualValue(`[KeyIdentifier=${random.uuid()},KeyType=Password,KeyUsage=Verify,DisplayName=rotation-${daysAgo}]`) }, { Name: 'Included Updated Properties', OldValue: '', NewValue: 'KeyDescription' }],
        });
      }
    }
    // A domain for the events brand: added and verified, authentication left managed.
    const events: { kind: 'domain'; id: string; name: string } = { kind: 'domain', id: `events.${tenant.domain}`, name: `events.${tenant.domain}` };
    const domainAt = localTime(day(16), globalAdmin.place, 14, 2);
    directory(domainAt, { operation: 'Add unverified domain.', category: 'DirectoryManagement', operationType: 'Add', actor: asUser(globalAdmin), targets: [events], modified: [] });
    directory(domainAt + 25 * MINUTE, { operation: 'Verify domain.', category: 'DirectoryManagement', operationType: 'Update', actor: asUser(globalAdmin), targets: [events], modified: [] });
    // Conditional Access: a new report-only policy, and an exclusion on a report-only one (nothing enforced is weakened).
    const policies = (tenant.policies.conditionalAccessPolicies?.value ?? []) as { id?: string; displayName?: string; state?: string; conditions?: { users?: Record<string, unknown> } }[];
    const reportOnly = policies.find((p) => p.displayName === 'Require MFA for all users');
    const breakGlassGroup = tenant.groups.find((g) => g.displayName === 'Break Glass Exclusions');
    if (reportOnly && breakGlassGroup) {
      const after = { ...reportOnly, conditions: { ...reportOnly.conditions, users: { ...reportOnly.conditions?.users, excludeGroups: [breakGlassGroup.id] } } };
      directory(localTime(day(9), globalAdmin.place, 15, 40), { operation: 'Update conditional access policy', category: 'Policy', operationType: 'Update', actor: asUser(globalAdmin), targets: [{ kind: 'policy', id: String(reportOnly.id), name: String(reportOnly.displayName) }], modified: [{ Name: 'ConditionalAccessPolicy', OldValue: JSON.stringify(reportOnly), NewValue: JSON.stringify(after) }] });
    }
    const pilot = { id: uuidFrom(`${tenant.id}:ca:pilot`), displayName: 'Require compliant device (pilot)', state: 'enabledForReportingButNotEnforced', conditions: { users: { includeGroups: [], includeUsers: [maintainer.id] } }, grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } };
    directory(localTime(day(15), globalAdmin.place, 10, 12), { operation: 'Add conditional access policy', category: 'Policy', operationType: 'Add', actor: asUser(globalAdmin), targets: [{ kind: 'policy', id: pilot.id, name: pilot.displayName }], modified: [{ Name: 'ConditionalAccessPolicy', OldValue: '', NewValue: JSON.stringify(pilot) }] });
    // Two Finance people join the accounts-payable team: the shared mailbox is delegated to them (later grants on it are routine).
    const finance = tenant.users.filter((u) => u.department === 'Finance' && u.userType === 'Member' && u.accountEnabled).slice(0, 2);
    for (const [i, person] of finance.entries()) {
      const at = localTime(day(6), exchangeAdminUser.place, 11, 15 + i * 20);
      exchange(at, exchangeAdminUser, 'Add-MailboxPermission', `accounts-payable@${tenant.domain}`, [{ Name: 'Identity', Value: `accounts-payable@${tenant.domain}` }, { Name: 'User', Value: person.userPrincipalName }, { Name: 'AccessRights', Value: 'FullAccess' }, { Name: 'InheritanceType', Value: 'All' }]);
      exchange(at + 2 * MINUTE, exchangeAdminUser, 'Add-RecipientPermission', `accounts-payable@${tenant.domain}`, [{ Name: 'Identity', Value: `accounts-payable@${tenant.domain}` }, { Name: 'Trustee', Value: person.userPrincipalName }, { Name: 'AccessRights', Value: 'SendAs' }, { Name: 'Confirm', Value: 'False' }]);
    }
    // A role that is not privileged, for a marketing lead who reads the Message center.
    const marketing = find((u) => u.jobTitle === 'Marketing Manager');
    if (marketing) {
      directory(localTime(day(18), userAdmin.place, 13, 30), { operation: 'Add member to role.', category: 'RoleManagement', operationType: 'Assign', actor: asUser(userAdmin), targets: [userTarget(marketing)], modified: [{ Name: 'Role.ObjectID', OldValue: '', NewValue: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b' }, { Name: 'Role.DisplayName', OldValue: '', NewValue: 'Message Center Reader' }, { Name: 'Role.TemplateId', OldValue: '', NewValue: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b' }] });
    }
    // Engineering rolls out Zoom: four people consent to sign-in scopes within the hour.
    const zoom = tenant.servicePrincipals.find((sp) => sp.displayName === 'Zoom');
    const graphSp = tenant.servicePrincipals.find((sp) => sp.appId === APP_IDS.graph);
    const engineers = tenant.users.filter((u) => u.department === 'Engineering' && u.userType === 'Member' && u.accountEnabled && u.personas.length === 0).slice(0, 4);
    if (zoom) {
      for (const [i, person] of engineers.entries()) {
        const at = localTime(day(7), person.place, 9, 10 + i * 12);
        directory(at, { operation: 'Consent to application.', category: 'ApplicationManagement', operationType: 'Assign', actor: asUser(person), targets: [{ kind: 'servicePrincipal', id: zoom.id, name: zoom.displayName }], modified: consentProperties({ grantId: graphKeyId(random), clientId: zoom.id, principalId: person.id, resourceId: graphSp?.id ?? '', scope: 'openid profile email offline_access User.Read', appId: zoom.appId, admin: false }) });
      }
    }
    // Everyday inbox rules with one hiding sign each: a vendor's promotions deleted, Jira mail archived.
    const [promo, jira] = tenant.users.filter((u) => u.userType === 'Member' && u.activity > 0 && u.accountEnabled && u.personas.length === 0).slice(8, 10);
    if (promo) exchange(localTime(day(19), promo.place, 9, 41), promo, 'New-InboxRule', `${promo.displayName}\\Vendor promos`, [{ Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' }, { Name: 'Force', Value: 'False' }, { Name: 'Name', Value: 'Vendor promos' }, { Name: 'From', Value: 'offers@vendor-mail.example' }, { Name: 'DeleteMessage', Value: 'True' }]);
    if (jira) exchange(localTime(day(12), jira.place, 16, 3), jira, 'New-InboxRule', `${jira.displayName}\\Jira`, [{ Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' }, { Name: 'Force', Value: 'False' }, { Name: 'Name', Value: 'Jira' }, { Name: 'FromAddressContainsWords', Value: 'jira@' }, { Name: 'MoveToFolder', Value: 'Archive' }]);
    // Files: a few deletions a week per person, and one clean-up of 30 old drafts.
    const people = tenant.users.filter((u) => u.userType === 'Member' && u.activity > 0 && u.accountEnabled && u.mail);
    for (let daysAgo = 28; daysAgo >= 1; daysAgo--) {
      for (const person of people) {
        if (!random.chance(0.15)) continue;
        const at = localTime(day(daysAgo), person.place, random.int(9, 16), random.int(0, 59));
        if (!within(at) || at < person.createdDateTime + DAY || (person.disabledAt !== null && at > person.disabledAt)) continue;
        addToFeed(batch, random, fileOperation(ctx, { user: person, time: at, ip: person.homeIp, operation: random.chance(0.5) ? 'FileRecycled' : 'FileDeleted', site: siteFor(tenant, person), fileName: fileName(random, person.department), userAgent: person.device.userAgent }), at);
      }
    }
    const tidy = find((u) => u.jobTitle === 'HR Director');
    const tidyStart = tidy ? localTime(day(10), tidy.place, 16, 5) : 0;
    if (tidy && within(tidyStart)) {
      const start = tidyStart;
      for (let i = 0; i < 30; i++) {
        const at = start + i * 25_000;
        addToFeed(batch, random, fileOperation(ctx, { user: tidy, time: at, ip: tidy.homeIp, operation: 'FileRecycled', site: oneDriveFor(tenant, tidy), fileName: `Draft ${i + 1}.docx`, userAgent: tidy.device.userAgent, workload: 'OneDrive' }), at);
      }
    }
  }
}

/** The ModifiedProperties Entra writes on `Consent to application.`. */
export function consentProperties(input: { grantId: string; clientId: string; principalId: string | null; resourceId: string; scope: string; appId: string; admin: boolean }): { Name: string; NewValue: string; OldValue: string }[] {
  const consentType = input.principalId ? 'Principal' : 'AllPrincipals';
  return [
    { Name: 'ConsentContext.IsAdminConsent', NewValue: input.admin ? 'True' : 'False', OldValue: '' },
    { Name: 'ConsentContext.IsAppOnly', NewValue: 'False', OldValue: '' },
    { Name: 'ConsentContext.OnBehalfOfAll', NewValue: input.principalId ? 'False' : 'True', OldValue: '' },
    { Name: 'ConsentContext.Tags', NewValue: 'WindowsAzureActiveDirectoryIntegratedApp', OldValue: '' },
    {
      Name: 'ConsentAction.Permissions',
      NewValue: `[] => [[Id: ${input.grantId}, ClientId: ${input.clientId}, PrincipalId: ${input.principalId ?? ''}, ResourceId: ${input.resourceId}, ConsentType: ${consentType}, Scope:  ${input.scope}, CreatedDateTime: , LastModifiedDateTime ]]; `,
      OldValue: '',
    },
    { Name: 'TargetId.ServicePrincipalNames', NewValue: input.appId, OldValue: '' },
  ];
}

/** The audit record id of the leaver being disabled (a milestone of every history). */
export function leaverDisabledRecordId(tenant: Tenant): string {
  return uuidFrom(`${tenant.id}:leaver-disabled`);
}
