import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { leaverDisabledAt } from '../../sdk/simulator/local-time.js';
import { CORPORATE_VPN_IP, onHolidayOn, TRAVEL_IP, travellingOn, tripDayBegin } from '../../sdk/simulator/workforce-routine.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { buildEvent, externalMini, fileSource, folderSource, userSource, type SimEvent } from './events.js';
import type { SimUser, Tenant } from './tenant.js';

/** The paralegal who pulls a whole matter's documents every Monday (about 40 downloads in an hour). */
export const BULK_DOWNLOADER_INDEX = 5;

const FILES = ['engagement-letter.pdf', 'q3-billing.xlsx', 'deposition-notes.docx', 'case-timeline.pdf', 'nda-template.docx', 'board-minutes.pdf', 'expert-report.pdf', 'witness-list.xlsx'];
const FOLDERS = ['Matter 2291 - Discovery', 'Matter 2304 - Due Diligence', 'Client Intake', 'Templates'];

/** When the leaver is deactivated here: SCIM-style provisioning follows the identity provider four minutes later. */
export function leaverDeactivatedAt(tenant: Tenant, builtAt: number): number {
  const leaver = tenant.users[tenant.leaverIndex] as SimUser;
  return leaverDisabledAt(builtAt, leaver.person.place) + 4 * MINUTE;
}

/**
 * Ordinary Box activity of the demo organisation, a day at a time and the same for the same seed: log-ons
 * (with a typo now and then, a colleague abroad, Amsterdam staff through the corporate VPN), previews, downloads, uploads, company-link shares, the
 * weekly collaboration with outside counsel, a paralegal's Monday bulk download, and routine admin work.
 */
export class HistoryGenerator {
  constructor(
    private readonly tenant: Tenant,
    private readonly seed: number,
    private readonly builtAt: number,
  ) {}

  day(day: number): SimEvent[] {
    const out: SimEvent[] = [];
    for (const user of this.tenant.users) {
      if (user.person.index === this.tenant.leaverIndex && (day + 1) * DAY > leaverDeactivatedAt(this.tenant, this.builtAt)) continue;
      out.push(...this.personDay(user, day));
    }
    return out;
  }

  private personDay(user: SimUser, day: number): SimEvent[] {
    const { person } = user;
    if (onHolidayOn(person.index, day, this.builtAt)) return [];
    const t = this.tenant;
    const rng = new SeededRandom(mixSeed(this.seed, day, person.index, 0xb0));
    const weekday = new Date(day * DAY).getUTCDay();
    if (weekday === 0 || weekday === 6) return [];
    const travelling = travellingOn(person.index, day, this.builtAt);
    const localMidnight = day * DAY - person.place.utcOffset * HOUR;
    const begin = travelling ? tripDayBegin(day, rng) : localMidnight + person.workStartHour * HOUR + rng.int(0, 50) * MINUTE;
    const onVpn = person.place.city === 'amsterdam' && rng.chance(0.4);
    const ip = travelling ? TRAVEL_IP : onVpn ? CORPORATE_VPN_IP : person.ip;
    const out: SimEvent[] = [];
    // Some events reach admin_logs late (Box favours completeness over latency).
    const lag = () => (rng.chance(0.04) ? rng.int(20, 240) : undefined);
    const ev = (at: number, type: string, extra: { source?: Record<string, unknown>; accessibleBy?: Record<string, unknown>; details?: Record<string, unknown> } = {}) => {
      const l = lag();
      out.push(buildEvent(t, { at, type, by: user, ip, ...extra, ...(l === undefined ? {} : { lagMinutes: l }) }, rng));
    };
    if (rng.chance(0.6 * person.activityLevel) || travelling) {
      if (rng.chance(0.06)) ev(begin - rng.int(20, 90) * 1000, 'FAILED_LOGIN', { source: userSource(user) });
      ev(begin, 'LOGIN', { source: userSource(user) });
    }
    for (let i = 0, n = rng.int(0, 4); i < n; i++) ev(begin + rng.int(10, 420) * MINUTE, 'PREVIEW', { source: fileSource(rng, rng.pick(FILES), user) });
    for (let i = 0, n = Math.floor(rng.next() * 4 * person.activityLevel); i < n; i++) ev(begin + rng.int(10, 420) * MINUTE, 'DOWNLOAD', { source: fileSource(rng, rng.pick(FILES), user) });
    if (rng.chance(0.3)) ev(begin + rng.int(10, 420) * MINUTE, 'UPLOAD', { source: fileSource(rng, rng.pick(FILES), user) });
    if (rng.chance(0.08)) ev(begin + rng.int(30, 400) * MINUTE, 'SHARE', { source: fileSource(rng, rng.pick(FILES), user), details: { shared_link_access: 'company' } });
    // Working with outside counsel: one or two invitations a week across the firm, to the allow-listed partner.
    if (person.index < 21 && rng.chance(0.02)) {
      const ext = rng.pick(t.externals.slice(0, 2));
      ev(begin + rng.int(30, 400) * MINUTE, 'COLLABORATION_INVITE', { source: folderSource(rng, rng.pick(FOLDERS), user), accessibleBy: externalMini(ext), details: { role: 'Viewer', is_performed_by_admin: false } });
    }
    if (person.index === BULK_DOWNLOADER_INDEX && weekday === 1) {
      const start = begin + 30 * MINUTE;
      for (let i = 0; i < 40; i++) ev(start + i * 80_000, 'DOWNLOAD', { source: fileSource(rng, `matter-2291-exhibit-${i + 1}.pdf`, user) });
    }
    return out;
  }

  /** Routine admin work of the month: the leaver deactivated, a new hire, group changes, the court reporter invited once. */
  adminEvents(): SimEvent[] {
    const t = this.tenant;
    const rng = new SeededRandom(mixSeed(this.seed, 0xad));
    const admin = t.users[t.adminIndex] as SimUser;
    const coadmin = t.users[21] as SimUser;
    const leaver = t.users[t.leaverIndex] as SimUser;
    const at = (daysAgo: number, hour: number, place = admin.person.place) => Math.floor((this.builtAt - daysAgo * DAY) / DAY) * DAY + (hour - place.utcOffset) * HOUR + rng.int(0, 50) * MINUTE;
    const group = t.groups[1];
    const newcomer = t.users[33] as SimUser;
    const apps = [
      { service_id: '612743', service_name: 'Box for Office' },
      { service_id: '418290', service_name: 'DocuSign for Box' },
    ];
    const grants = [3, 7, 12, 16, 24, 28].map((i, n) => {
      const who = t.users[i] as SimUser;
      return buildEvent(t, { at: at(27 - n * 4, 10, who.person.place), type: 'USER_AUTHENTICATE_OAUTH2_ACCESS_TOKEN_CREATE', by: who, source: userSource(who), details: apps[n % 2] ?? null }, rng);
    });
    const revoker = t.users[12] as SimUser;
    return [
      ...grants,
      buildEvent(t, { at: at(5, 15, revoker.person.place), type: 'OAUTH2_ACCESS_TOKEN_REVOKE', by: revoker, source: userSource(revoker), details: apps[0] ?? null }, rng),
      buildEvent(t, { at: at(26, 9), type: 'ENTERPRISE_APP_AUTHORIZATION_UPDATE', by: admin, source: null, details: { service_id: '997001', service_name: 'Parapet' } }, rng),
      buildEvent(t, { at: leaverDeactivatedAt(t, this.builtAt), type: 'EDIT_USER', by: admin, source: userSource(leaver), details: { status: 'inactive' } }, rng),
      buildEvent(t, { at: at(20, 10), type: 'NEW_USER', by: admin, source: userSource(newcomer) }, rng),
      buildEvent(t, { at: at(20, 10) + 3 * MINUTE, type: 'GROUP_ADD_USER', by: admin, source: { group_id: group?.id, group_name: group?.name, user_id: newcomer.id, user_name: `${newcomer.person.firstName} ${newcomer.person.lastName}`, user_login: newcomer.person.email } }, rng),
      buildEvent(t, { at: at(12, 11, coadmin.person.place), type: 'GROUP_CREATION', by: coadmin, source: { type: 'group', id: String(rng.int(1e8, 9e8)), name: 'Matter 2304 Team' } }, rng),
      buildEvent(t, { at: at(8, 15), type: 'COLLABORATION_INVITE', by: admin, source: folderSource(rng, 'Deposition Transcripts', admin), accessibleBy: externalMini(t.externals[2]!), details: { role: 'Uploader', is_performed_by_admin: true } }, rng),
    ];
  }
}
