import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { CORPORATE_VPN_IP, onHolidayOn, TRAVEL_IP, travellingOn, tripDayBegin } from '../../sdk/simulator/workforce-routine.js';
import { leaverDisabledAt } from '../../sdk/simulator/local-time.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { buildEvent, fileAsset, userInfo, type EventSpec, type SimEvent } from './events.js';
import type { SimMember, Tenant } from './tenant.js';

export const FILES = ['engagement-letter.pdf', 'q3-billing.xlsx', 'deposition-notes.docx', 'case-timeline.pdf', 'nda-template.docx', 'board-minutes.pdf', 'expert-report.pdf', 'client-intake.docx'];
export const FOLDERS = ['/Matters/2291', '/Matters/2304', '/Clients/Contoso', '/Finance/2026', '/Templates'];
/** Outside counsel and clients the firm shares with now and then. */
export const EXTERNAL_PEOPLE = [
  { name: 'Dana Whitfield', email: 'dana.whitfield@contoso-corp.example' },
  { name: 'Marc Lefebvre', email: 'm.lefebvre@avocats-lefebvre.example' },
  { name: 'Ines Okafor', email: 'ines@okafor-consulting.example' },
];

/** When the leaver (person 9) is suspended here: the admin follows the identity provider three minutes later. */
export function leaverSuspendedAt(tenant: Tenant, builtAt: number): number {
  const leaver = tenant.members[tenant.leaverIndex] as SimMember;
  return leaverDisabledAt(builtAt, leaver.person.place) + 3 * MINUTE;
}

export function nsIdOf(m: SimMember): string {
  return String(1_000_000 + m.person.index * 17);
}

export function externalParticipant(p: { name: string; email: string }, accountId: string): Record<string, unknown> {
  return { '.tag': 'user', user: { '.tag': 'non_team_member', account_id: accountId, display_name: p.name, email: p.email } };
}

/**
 * Ordinary Dropbox activity of the demo organisation, one day at a time and the same for the same seed:
 * sign-ins (typos now and then, phones, a colleague abroad, Amsterdam staff through the corporate VPN), file
 * downloads (some logged minutes late), shared links and shares with outside counsel, and routine admin work.
 */
export class HistoryGenerator {
  constructor(
    private readonly tenant: Tenant,
    private readonly seed: number,
    private readonly builtAt: number,
  ) {}

  day(day: number): SimEvent[] {
    const out: SimEvent[] = [];
    for (const m of this.tenant.members) {
      if (m.status === 'invited') continue;
      if (m.person.index === this.tenant.leaverIndex && (day + 1) * DAY > leaverSuspendedAt(this.tenant, this.builtAt) - 60 * MINUTE) continue;
      out.push(...this.memberDay(m, day));
    }
    return out;
  }

  private memberDay(m: SimMember, day: number): SimEvent[] {
    const { person } = m;
    if (onHolidayOn(person.index, day, this.builtAt)) return [];
    const rng = new SeededRandom(mixSeed(this.seed, day, person.index, 0xdb));
    const out: SimEvent[] = [];
    const localMidnight = day * DAY - person.place.utcOffset * HOUR;
    const weekday = new Date(day * DAY).getUTCDay();
    const travelling = travellingOn(person.index, day, this.builtAt);
    const onVpn = person.place.city === 'amsterdam' && rng.chance(0.4);
    const ip = travelling ? TRAVEL_IP : onVpn ? CORPORATE_VPN_IP : person.ip;
    const geo = travelling ? { city: 'London', region: 'England', country: 'GB' } : undefined;
    const web = m.sessions.find((s) => s.kind === 'web_session')?.sessionId ?? null;
    const desktop = m.sessions.find((s) => s.kind === 'desktop_client')?.sessionId ?? null;
    const mobile = m.sessions.find((s) => s.kind === 'mobile_client')?.sessionId ?? null;
    const push = (spec: Omit<EventSpec, 'actor'> & { actor?: EventSpec['actor'] }) => out.push(buildEvent(this.tenant, { actor: m, ip, ...(geo ? { geo } : {}), ...spec }, rng, 0));

    if (weekday === 0 || weekday === 6) {
      if (mobile && rng.chance(0.15)) push({ at: localMidnight + rng.int(10, 20) * HOUR, type: 'login_success', description: 'Signed in', category: 'logins', access: 'mobile', sessionId: mobile, ip: travelling ? TRAVEL_IP : person.ip, details: { is_emm_managed: false, login_method: { '.tag': 'password' } } });
      return out;
    }
    const begin = travelling ? tripDayBegin(day, rng) : localMidnight + person.workStartHour * HOUR + rng.int(0, 50) * MINUTE;
    if (rng.chance(0.5 * person.activityLevel) || travelling) {
      if (rng.chance(0.06)) {
        push({ at: begin - rng.int(20, 90) * 1000, type: 'login_fail', description: 'Failed to sign in', category: 'logins', sessionId: web, details: { is_emm_managed: false, login_method: { '.tag': 'password' }, error_details: { user_friendly_message: 'Incorrect password', technical_error_message: 'wrong_password' } } });
      }
      push({ at: begin, type: 'login_success', description: 'Signed in', category: 'logins', sessionId: web, details: { is_emm_managed: false, login_method: { '.tag': 'password' } } });
    }
    if (mobile && rng.chance(0.25)) push({ at: begin + rng.int(1, 7) * HOUR, type: 'login_success', description: 'Signed in', category: 'logins', access: 'mobile', sessionId: mobile, ip: travelling ? TRAVEL_IP : person.ip, details: { is_emm_managed: false, login_method: { '.tag': 'password' } } });
    const downloads = Math.floor(rng.next() * 3 * person.activityLevel);
    for (let i = 0; i < downloads; i++) {
      const name = rng.pick(FILES);
      const folder = rng.pick(FOLDERS);
      // The desktop client's downloads are sometimes logged a few minutes after they happened.
      const late = rng.chance(0.1) ? rng.int(3, 20) : 0;
      push({ at: begin + rng.int(20, 420) * MINUTE, type: 'file_download', description: 'Downloaded files and/or folders', category: 'file_operations', access: rng.chance(0.5) ? 'desktop' : 'web', sessionId: rng.chance(0.5) ? desktop : web, assets: [fileAsset(`${folder}/${name}`, `id:${rng.int(1e9, 9e9)}`, nsIdOf(m))], lateMinutes: late });
    }
    if (rng.chance(0.15)) {
      const name = rng.pick(FILES);
      push({ at: begin + rng.int(30, 400) * MINUTE, type: 'shared_link_create', description: 'Created shared link', category: 'sharing', sessionId: web, assets: [fileAsset(`${rng.pick(FOLDERS)}/${name}`, `id:${rng.int(1e9, 9e9)}`, nsIdOf(m))], details: { shared_link_access_level: { '.tag': 'reader' } } });
    }
    if (rng.chance(0.05)) {
      const outsider = rng.pick(EXTERNAL_PEOPLE);
      push({
        at: begin + rng.int(30, 400) * MINUTE, type: 'shared_content_add_member', description: 'Added users and/or groups to shared file/folder', category: 'sharing', sessionId: web, involveNonTeamMember: true,
        participants: [externalParticipant(outsider, `dbid:AAext${rng.int(1e6, 9e6)}`)],
        assets: [{ '.tag': 'folder', path: { contextual: rng.pick(FOLDERS), namespace_relative: { ns_id: nsIdOf(m), relative_path: '/', is_shared_namespace: true } }, display_name: 'Matter folder' }],
        details: { shared_content_access_level: { '.tag': 'viewer' } },
      });
    }
    if (rng.chance(0.04)) push({ at: begin + rng.int(60, 400) * MINUTE, type: 'logout', description: 'Signed out', category: 'logins', sessionId: web, details: {} });
    return out;
  }

  /** Routine admin work of the last 30 days: the leaver suspended, a support admin appointed, a group change, a new phone, 2FA turned on. */
  adminEvents(): SimEvent[] {
    const rng = new SeededRandom(mixSeed(this.seed, 0xad317));
    const t = this.tenant;
    const admin = t.members[t.adminIndex] as SimMember;
    const umAdmin = t.members[1] as SimMember;
    const leaver = t.members[t.leaverIndex] as SimMember;
    const eu = t.members[21] as SimMember;
    const at = (daysAgo: number, hour: number) => Math.floor((this.builtAt - daysAgo * DAY) / DAY) * DAY + hour * HOUR + rng.int(0, 59) * MINUTE;
    const adminSpec = (by: SimMember) => ({ actor: by, asAdmin: true, ip: by.person.ip });
    const group = t.groups[5];
    const out: SimEvent[] = [
      buildEvent(t, { ...adminSpec(umAdmin), at: leaverSuspendedAt(t, this.builtAt), type: 'member_change_status', description: 'Changed member status (invited, joined, suspended, etc.)', category: 'members', context: leaver, participants: [{ '.tag': 'user', user: userInfo(leaver) }], details: { previous_value: { '.tag': 'active' }, new_value: { '.tag': 'suspended' } } }, rng, 0),
      buildEvent(t, { ...adminSpec(admin), at: at(15, 15), type: 'member_change_admin_role', description: 'Changed team member admin role', category: 'members', context: eu, participants: [{ '.tag': 'user', user: userInfo(eu) }], details: { new_value: { '.tag': 'support_admin' }, previous_value: { '.tag': 'member_only' } } }, rng, 0),
      buildEvent(t, { actor: eu, ip: eu.person.ip, at: at(10, 11), type: 'tfa_change_status', description: 'Enabled/disabled/changed two-step verification setting', category: 'tfa', details: { new_value: { '.tag': 'authenticator' }, previous_value: { '.tag': 'sms' }, used_rescue_code: false } }, rng, 0),
      buildEvent(t, { actor: eu, ip: eu.person.ip, at: at(10, 11) + 2 * MINUTE, access: 'mobile', type: 'device_link_success', description: 'Linked device', category: 'devices', details: { device_session_info: { '.tag': 'mobile_device_session', session_info: { session_id: 'dbmsid:100200300400500' }, device_name: 'iPhone 15', client_type: { '.tag': 'iphone' } } } }, rng, 0),
    ];
    if (group) {
      const joiner = t.members[30] as SimMember;
      out.push(buildEvent(t, { ...adminSpec(umAdmin), at: at(8, 10), type: 'group_add_member', description: 'Added team members to group', category: 'groups', context: joiner, participants: [{ '.tag': 'group', group_id: group.id, display_name: group.name }], details: { is_group_owner: false } }, rng, 0));
    }
    return out;
  }
}
