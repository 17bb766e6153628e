import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { CORPORATE_VPN_IP, onHolidayOn, TRAVEL_IP, travellingOn, tripDayBegin } from '../../sdk/simulator/workforce-routine.js';
import { leaverDisabledAt } from '../../sdk/simulator/local-time.js';
import { EU_PLACES, type Place } from '../../sdk/simulator/places.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { auditRow, elfEvent, loginRow, randomKey, type ElfEvent } from './records.js';
import type { Row, SimUser, Tenant } from './tenant.js';

const LONDON = EU_PLACES.find((p) => p.city === 'london') as Place;

export interface DayOfHistory {
  logins: Row[];
  audit: Row[];
  events: ElfEvent[];
}

/** When the leaver (person 9) is deactivated here: the identity provider disables them, Salesforce follows 5 minutes later. */
export function leaverDeactivatedAt(t: Tenant, builtAt: number): number {
  const leaver = t.users[t.leaverIndex] as SimUser;
  return leaverDisabledAt(builtAt, leaver.person!.place) + 5 * MINUTE;
}

/**
 * Ordinary Salesforce use of the demo organisation, one UTC day at a time and the same for the same seed:
 * sign-ins (a typo first now and then, the mobile app, a colleague in London, Amsterdam staff on the
 * corporate VPN), reports run and exported (the sales-ops analyst exports a batch every Monday), log-outs,
 * and an admin's routine changes.
 */
export class HistoryGenerator {
  private serial = 100_000;

  constructor(
    private readonly tenant: Tenant,
    private readonly seed: number,
    private readonly builtAt: number,
  ) {}

  day(day: number): DayOfHistory {
    const out: DayOfHistory = { logins: [], audit: [], events: [] };
    for (const user of this.tenant.users) {
      if (!user.person) continue;
      if (user.person.index === this.tenant.leaverIndex && (day + 1) * DAY > leaverDeactivatedAt(this.tenant, this.builtAt)) continue;
      this.personDay(user, day, out);
    }
    return out;
  }

  private personDay(user: SimUser, day: number, out: DayOfHistory): void {
    const person = user.person!;
    const rng = new SeededRandom(mixSeed(this.seed, day, person.index, 0x5f));
    this.serial = 1_000_000 + (day % 10_000) * 1000 + person.index * 20;
    const weekday = new Date(day * DAY).getUTCDay();
    if (weekday === 0 || weekday === 6) return;
    if (onHolidayOn(person.index, day, this.builtAt)) return;
    const travelling = travellingOn(person.index, day, this.builtAt);
    const onVpn = person.place.city === 'amsterdam' && rng.chance(0.4);
    const place = travelling ? LONDON : person.place;
    const ip = travelling ? TRAVEL_IP : onVpn ? CORPORATE_VPN_IP : person.ip;
    const begin = travelling ? tripDayBegin(day, rng) : day * DAY - person.place.utcOffset * HOUR + person.workStartHour * HOUR + rng.int(0, 50) * MINUTE;
    if (!(rng.chance(0.6 * person.activityLevel) || travelling)) return;
    if (rng.chance(0.06)) out.logins.push(loginRow(this.tenant, { at: begin - rng.int(20, 90) * 1000, user, ip, place, status: 'Invalid Password' }, this.serial++));
    out.logins.push(loginRow(this.tenant, { at: begin, user, ip, place }, this.serial++));
    if (user.usesPhone && rng.chance(0.3)) {
      out.logins.push(loginRow(this.tenant, { at: begin + rng.int(1, 7) * HOUR, user, ip: travelling ? TRAVEL_IP : person.ip, place, loginType: 'Remote Access 2.0', application: 'Salesforce for iOS' }, this.serial++));
    }
    const session = randomKey(rng, 24);
    const views = Math.floor(rng.next() * 4 * person.activityLevel);
    for (let i = 0; i < views; i++) out.events.push(elfEvent(this.tenant, 'Report', user, begin + rng.int(10, 420) * MINUTE, ip, rng, session));
    const exports = person.index === 5 && weekday === 1 ? rng.int(12, 20) : Math.floor(rng.next() * 1.6 * person.activityLevel);
    const exportStart = begin + rng.int(30, 300) * MINUTE;
    for (let i = 0; i < exports; i++) out.events.push(elfEvent(this.tenant, 'ReportExport', user, exportStart + i * rng.int(40, 150) * 1000, ip, rng, session));
    out.events.push(elfEvent(this.tenant, 'Logout', user, begin + (person.workHours * 60 + rng.int(-30, 30)) * MINUTE, ip, rng, session));
  }

  /** Routine admin work of the last 30 days by the admin (person 2). */
  adminEvents(): Row[] {
    const rng = new SeededRandom(mixSeed(this.seed, 0xad317));
    const t = this.tenant;
    const admin = t.users[t.adminIndex] as SimUser;
    const user = (i: number) => t.users[i] as SimUser;
    const who = (u: SimUser) => `${u.name} (${u.username})`;
    const at = (daysAgo: number, hour: number) => Math.floor((this.builtAt - daysAgo * DAY) / DAY) * DAY + (hour - (admin.person?.place.utcOffset ?? 0)) * HOUR + rng.int(0, 59) * MINUTE;
    let serial = 50_000;
    const row = (when: number, action: string, section: string, display: string) => auditRow(admin, when, action, section, display, serial++);
    return [
      row(at(25, 10), 'PermSetCreate', 'Manage Users', 'Created permission set Report Builder: with user license Salesforce'),
      row(at(24, 11), 'PermSetAssign', 'Manage Users', `Permission set Report Builder: assigned to user ${who(user(12))}`),
      row(at(20, 15), 'resetpassword', 'Manage Users', `Reset password for ${who(user(16))}`),
      row(at(16, 9), 'connectedAppOAuthScopes', 'Connected Apps', 'Changed OAuth scopes for connected app DocuSign for Salesforce from api to api, refresh_token'),
      row(at(8, 14), 'createduser', 'Manage Users', `Created new user ${who(user(30))}`),
      row(at(5, 16), 'PermSetAssign', 'Manage Users', `Permission set Sales Ops: assigned to user ${who(user(5))}`),
      row(leaverDeactivatedAt(t, this.builtAt), 'deactivateduser', 'Manage Users', `Deactivated user ${who(user(t.leaverIndex))}`),
    ];
  }
}
