import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { leaverDisabledAt } from '../../sdk/simulator/local-time.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { CORPORATE_VPN_IP, onHolidayOn, TRAVEL_IP, travellingOn, tripDayBegin } from '../../sdk/simulator/workforce-routine.js';
import { operation, signIn, type StoredRecord } from './records.js';
import type { SimUser, Tenant } from './tenant.js';


/** When the leaver (person 9, disabled at the identity provider two days ago at 16:30 local) is deactivated here: by an admin, five minutes later. */
export function leaverDeactivatedAt(tenant: Tenant, builtAt: number): number {
  const leaver = tenant.users[tenant.leaverIndex] as SimUser;
  return leaverDisabledAt(builtAt, leaver.person.place) + 5 * MINUTE;
}

/** The desktop client a person uses, from their browser's platform. */
function desktopClient(user: SimUser): string {
  return /Macintosh/.test(user.person.userAgent) ? 'Mac' : 'Windows';
}

/**
 * Ordinary Zoom use, one UTC day at a time and the same for the same seed: morning sign-ins on the desktop
 * client (the web portal now and then), phones, evening sign-outs, a colleague abroad, Amsterdam staff on
 * the corporate VPN, and people deleting their own old cloud recordings.
 */
export class HistoryGenerator {
  constructor(
    private readonly tenant: Tenant,
    private readonly seed: number,
    private readonly builtAt: number,
  ) {}

  day(day: number): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (const user of this.tenant.users) {
      if (user.person.index === this.tenant.leaverIndex && (day + 1) * DAY > leaverDeactivatedAt(this.tenant, this.builtAt)) continue;
      out.push(...this.personDay(user, day));
    }
    return out;
  }

  private personDay(user: SimUser, day: number): StoredRecord[] {
    const { person } = user;
    if (onHolidayOn(person.index, day, this.builtAt)) return [];
    const rng = new SeededRandom(mixSeed(this.seed, day, person.index, 0x2001));
    const localMidnight = day * DAY - person.place.utcOffset * HOUR;
    const weekday = new Date(day * DAY).getUTCDay();
    const out: StoredRecord[] = [];
    const email = person.email;
    const phone = rng.chance(0.5) ? 'iOS' : 'Android';
    // The phone is where its owner is: in London on the shared trip days.
    const travelling = travellingOn(person.index, day, this.builtAt);
    const phoneIp = travelling ? TRAVEL_IP : person.ip;
    if (weekday === 0 || weekday === 6) {
      if (user.usesPhone && rng.chance(0.15)) out.push(signIn(localMidnight + rng.int(10, 20) * HOUR + rng.int(0, 3599) * 1000, email, 'Sign in', phoneIp, phone, rng.int(0, 90) * 1000));
      return out;
    }
    const onVpn = person.place.city === 'amsterdam' && rng.chance(0.4);
    const begin = travelling ? tripDayBegin(day, rng) : localMidnight + person.workStartHour * HOUR + rng.int(0, 50) * MINUTE + rng.int(0, 59) * 1000;
    const ip = travelling ? TRAVEL_IP : onVpn ? CORPORATE_VPN_IP : person.ip;
    const client = rng.chance(0.15) ? 'Browser' : desktopClient(user);
    if (rng.chance(0.6 * person.activityLevel) || travelling) {
      out.push(signIn(begin, email, 'Sign in', ip, client, rng.int(0, 90) * 1000));
      if (rng.chance(0.5)) out.push(signIn(begin + person.workHours * HOUR + rng.int(0, 50) * MINUTE, email, 'Sign out', ip, client, rng.int(0, 90) * 1000));
    }
    if (user.usesPhone && rng.chance(0.25)) out.push(signIn(begin + rng.int(1, 7) * HOUR + rng.int(0, 3599) * 1000, email, 'Sign in', phoneIp, phone, rng.int(0, 90) * 1000));
    if (rng.chance(0.04)) {
      const topic = rng.pick(['Weekly litigation sync', 'Client intake call', 'Matter 2291 review', 'All hands', 'Billing review']);
      out.push(operation(begin + rng.int(60, 400) * MINUTE, email, 'Recording', 'Delete', `Delete cloud recording - ${topic} (${rng.int(800, 899)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)})`, rng.int(2, 20) * MINUTE));
    }
    return out;
  }

  /** Routine admin work of the last 30 days, none of it an attack. */
  adminEvents(): StoredRecord[] {
    const rng = new SeededRandom(mixSeed(this.seed, 0xad3001));
    const t = this.tenant;
    const user = (i: number) => t.users[i] as SimUser;
    const owner = user(t.ownerIndex).person.email;
    const admin = user(2).person.email;
    const it = user(3).person.email;
    const at = (daysAgo: number, hour: number) => Math.floor((this.builtAt - daysAgo * DAY) / DAY) * DAY + hour * HOUR + rng.int(0, 59) * MINUTE + rng.int(0, 59) * 1000;
    const late = () => rng.int(2, 15) * MINUTE;
    const out: StoredRecord[] = [
      operation(leaverDeactivatedAt(t, this.builtAt), admin, 'User', 'Update', `Deactivate User ${user(t.leaverIndex).person.email}`, late()),
      // The owner makes the EMEA office manager an admin: a routine grant by the owner, to someone else.
      operation(at(15, 14), owner, 'Role', 'Add Member', `Role: Admin - Add member: ${user(21).person.email}`, late()),
      operation(at(13, 10), it, 'Account', 'Update', 'Account Settings - Security: Sign in with Two-Factor Authentication: from Specified roles to All users', late()),
      operation(at(13, 10) + 3 * MINUTE, it, 'Account', 'Update', 'Account Settings - Security: Minimum password length: from 8 to 10', late()),
      operation(at(9, 16), admin, 'Account', 'Update', 'Account Settings - In Meeting (Basic): File transfer: from On to Off', late()),
      operation(at(8, 11), it, 'Account', 'Update', 'Account Settings - Meeting > Security: Waiting Room: from Off to On', late()),
      operation(at(6, 15), admin, 'Account', 'Update', 'Account Settings - Recording: Automatically delete cloud recordings after days: from 180 to 90', late()),
      operation(at(4, 9), admin, 'User', 'Update', `Update User - ${user(11).person.email} - Department: from Corporate to Litigation`, late()),
      operation(at(3, 10), admin, 'User', 'Add', `Add User ${t.pending[0]?.email ?? 'new.associate@example.com'} (Licensed)`, late()),
      operation(at(2, 15), it, 'User', 'Update', `Sign out user from all devices ${user(23).person.email} (lost phone)`, late()),
    ];
    return out;
  }
}
