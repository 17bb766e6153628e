import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { onHolidayOn, TRAVEL_IP, TRAVEL_PLACE, travellingOn } from '../../sdk/simulator/workforce-routine.js';
import { leaverDisabledAt } from '../../sdk/simulator/local-time.js';
import { US_PLACES } from '../../sdk/simulator/places.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { glideTime } from '../client.js';
import type { Row } from './query.js';
import { sysId, type ServiceNowTenant, type SimUser } from './tenant.js';

/** One change of the instance at `at`: inserting its rows and updating others, applied in time order. */
export interface Planned {
  at: number;
  run(): void;
}

const sys = (rng: SeededRandom, at: number, by: string): Row => ({ sys_id: sysId(rng), sys_created_on: glideTime(at), sys_created_by: by, sys_updated_on: glideTime(at), sys_updated_by: by, sys_mod_count: '0' });
const sessionId = (rng: SeededRandom) => sysId(rng).toUpperCase();
const userNameOf = (u: SimUser) => u.row.user_name as string;

/** A `login` / `login.failed` sysevent (KB1500674: parm1 user_name, parm2 client IP, instance session id; failures created by guest). */
export function loginEvent(t: ServiceNowTenant, rng: SeededRandom, u: SimUser, at: number, ip: string, ok: boolean): Row {
  const row: Row = { ...sys(rng, at, ok ? userNameOf(u) : 'guest'), name: ok ? 'login' : 'login.failed', parm1: userNameOf(u), parm2: ip, instance: sessionId(rng), state: 'processed', queue: '', table: '', uri: '', processed: glideTime(at + 1000) };
  t.tables.sysevent?.push(row);
  if (ok) {
    u.row.last_login_time = glideTime(at);
    t.tables.syslog_transaction?.push({ ...sys(rng, at + 2000, userNameOf(u)), url: '/navpage.do', type: 'form', response_time: String(rng.int(80, 900)), client_transaction: 'true', remote_ip: ip, session: row.instance as string });
  }
  return row;
}

/** Tables the workforce works in, and the URL of a list view, a record view and an export of one. */
const WORK_TABLES = ['incident', 'sc_req_item', 'change_request', 'kb_knowledge', 'problem', 'sc_task'] as const;

/** One client `syslog_transaction` row of `u` at `at` from `ip` (the columns the simulator names: url, type, response_time, remote_ip, session). */
export function transactionRow(t: ServiceNowTenant, rng: SeededRandom, u: SimUser, at: number, ip: string, url: string, type: string): Row {
  const row: Row = { ...sys(rng, at, userNameOf(u)), url, type, response_time: String(rng.int(60, 2400)), client_transaction: 'true', remote_ip: ip, session: sessionId(rng) };
  t.tables.syslog_transaction?.push(row);
  return row;
}

/**
 * A working day's transactions after a log-on: two to four list or record views of the tables the person
 * works in, and now and then (one day in 25) a single export of a list to CSV or Excel.
 */
function dayTransactions(t: ServiceNowTenant, rng: SeededRandom, u: SimUser, loginAt: number, workHours: number, ip: string, stillHere: (at: number) => boolean): Planned[] {
  const out: Planned[] = [];
  const n = rng.int(2, 4);
  for (let i = 0; i < n; i++) {
    const at = loginAt + rng.int(5, Math.max(6, workHours * 60 - 10)) * MINUTE + rng.int(0, 59) * 1000;
    const table = rng.pick(WORK_TABLES);
    const list = rng.chance(0.5);
    const url = list ? `/${table}_list.do?sysparm_query=active%3Dtrue&sysparm_first_row=1` : `/${table}.do?sys_id=${sysId(rng)}&sysparm_view=`;
    if (stillHere(at)) out.push({ at, run: () => void transactionRow(t, rng, u, at, ip, url, list ? 'list' : 'form') });
  }
  if (rng.chance(0.04)) {
    const at = loginAt + rng.int(30, Math.max(31, workHours * 60 - 30)) * MINUTE;
    const url = `/${rng.pick(WORK_TABLES)}_list.do?${rng.chance(0.5) ? 'CSV' : 'EXCEL'}&sysparm_query=active%3Dtrue&sysparm_orderby=number`;
    if (stillHere(at)) out.push({ at, run: () => void transactionRow(t, rng, u, at, ip, url, 'list') });
  }
  return out;
}

/** One `sys_audit` row of a `sys_user` field change (old/new as strings; user is the user_name). */
export function auditUser(t: ServiceNowTenant, rng: SeededRandom, target: SimUser, field: string, oldValue: string, newValue: string, at: number, by: string): Row {
  const row: Row = { sys_id: sysId(rng), sys_created_on: glideTime(at), sys_created_by: by, tablename: 'sys_user', documentkey: target.row.sys_id as string, fieldname: field, oldvalue: oldValue, newvalue: newValue, user: by, reason: '', record_checkpoint: String(Number(target.row.sys_mod_count ?? '0') + 1), internal_checkpoint: sysId(rng).slice(0, 18) };
  t.tables.sys_audit?.push(row);
  target.row[field] = newValue;
  touch(target.row, at, by);
  return row;
}

export function touch(row: Row, at: number, by: string): void {
  row.sys_updated_on = glideTime(at);
  row.sys_updated_by = by;
  row.sys_mod_count = String(Number(row.sys_mod_count ?? '0') + 1);
}

/** A direct role grant (a `sys_user_has_role` insert by `by`). */
export function grantRole(t: ServiceNowTenant, rng: SeededRandom, u: SimUser, role: string, at: number, by: string): Row {
  const row: Row = { ...sys(rng, at, by), user: u.row.sys_id as string, role: t.roles[role]?.sys_id ?? '', inherited: 'false', granted_by: '', state: 'active' };
  t.tables.sys_user_has_role?.push(row);
  return row;
}

/** A system property set to `value` by `by`; returns the property's activity id (`sys_id@sys_mod_count`). */
export function setProperty(t: ServiceNowTenant, name: string, value: string, at: number, by: string): string {
  const row = t.tables.sys_properties?.find((p) => p.name === name) as Row;
  row.value = value;
  touch(row, at, by);
  return `${row.sys_id}@${row.sys_mod_count}`;
}

export function leaverGoneAt(t: ServiceNowTenant, builtAt: number): number {
  const leaver = t.users[t.leaverIndex] as SimUser;
  return leaverDisabledAt(builtAt, (leaver.person ?? { place: US_PLACES[0] }).place as (typeof US_PLACES)[number]) + 2 * MINUTE;
}

/**
 * Log-ons of the 30 days (each followed by the day's transactions): weekdays from home, typos, an evening
 * phone log-on, and the workforce's shared London trip (`travellingOn`), as in every simulator.
 */
export function benignLogons(t: ServiceNowTenant, seed: number, builtAt: number, from: number): Planned[] {
  const out: Planned[] = [];
  const gone = leaverGoneAt(t, builtAt);
  for (let day = Math.floor(from / DAY); day <= Math.floor(builtAt / DAY); day++) {
    const dayStart = day * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const u of t.users) {
      const p = u.person;
      if (!p) continue;
      if (onHolidayOn(p.index, day, builtAt)) continue;
      const rng = new SeededRandom(mixSeed(seed, 0x106, u.index, day));
      const trip = travellingOn(p.index, day, builtAt);
      const at = dayStart + (p.workStartHour - (trip ? TRAVEL_PLACE.utcOffset : p.place.utcOffset)) * HOUR + rng.int(0, 50) * MINUTE;
      // The leaver logs on no more from six hours before the identity provider disables them (the shared timeline).
      const stillHere = (when: number) => u.index !== t.leaverIndex || when < gone - 6 * HOUR;
      if (!stillHere(at)) continue;
      const ip = trip ? TRAVEL_IP : p.ip;
      if (rng.chance(0.08)) {
        const typos = rng.int(1, 2);
        for (let i = 0; i < typos; i++) out.push({ at: at - (typos - i) * 40_000, run: () => void loginEvent(t, rng, u, at - (typos - i) * 40_000, ip, false) });
      }
      out.push({ at, run: () => void loginEvent(t, rng, u, at, ip, true) });
      // Its own generator, so the log-ons stay those they were before transactions were served.
      out.push(...dayTransactions(t, new SeededRandom(mixSeed(seed, 0x7a5, u.index, day)), u, at, p.workHours, ip, stillHere));
      const evening = dayStart + (p.workStartHour + p.workHours + 2 - p.place.utcOffset) * HOUR + rng.int(0, 60) * MINUTE;
      if (rng.chance(0.15) && !trip && stillHere(evening)) {
        const phoneIp = p.place.ips.find((x) => x !== p.ip) ?? p.ip;
        out.push({ at: evening, run: () => void loginEvent(t, rng, u, evening, phoneIp, true) });
      }
    }
  }
  return out;
}

/** The admins' routine work: role grants to colleagues, a session-timeout change, MFA re-saved on, a lock-out and its undoing, the leaver's deactivation. */
export function adminHistory(t: ServiceNowTenant, seed: number, builtAt: number): Planned[] {
  const rng = new SeededRandom(mixSeed(seed, 0xad1));
  const admin = t.users[t.adminIndex] as SimUser;
  const by = userNameOf(admin);
  const day = (d: number, hourUtc: number) => Math.floor((builtAt - d * DAY) / DAY) * DAY + hourUtc * HOUR + rng.int(0, 40) * MINUTE;
  const user = (i: number) => t.users[i] as SimUser;
  const out: Planned[] = [];
  for (const [d, index, role] of [[20, 12, 'itil'], [11, 30, 'knowledge'], [8, 5, 'catalog_admin']] as const) {
    const at = day(d, 16);
    out.push({ at, run: () => void grantRole(t, rng, user(index), role, at, by) });
  }
  const timeout = day(10, 15);
  out.push({ at: timeout, run: () => void setProperty(t, 'glide.ui.session_timeout', '20', timeout, by) });
  const mfa = day(15, 17);
  out.push({ at: mfa, run: () => void setProperty(t, 'glide.authenticate.multifactor', 'true', mfa, by) });
  // A suspected phishing victim locked out in the evening and unlocked before work next morning.
  const victim = user(33);
  const lock = day(4, 20);
  const unlock = lock + 10 * HOUR;
  out.push({ at: lock, run: () => void auditUser(t, rng, victim, 'locked_out', 'false', 'true', lock, by) });
  out.push({ at: unlock, run: () => void auditUser(t, rng, victim, 'locked_out', 'true', 'false', unlock, by) });
  const gone = leaverGoneAt(t, builtAt);
  out.push({ at: gone, run: () => void auditUser(t, rng, user(t.leaverIndex), 'active', 'true', 'false', gone, by) });
  return out;
}
