import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { CORPORATE_VPN_IP, onHolidayOn, TRAVEL_IP, travellingOn, tripDayBegin } from '../../sdk/simulator/workforce-routine.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { buildEntry, userRef, type AuditEntry } from './entries.js';
import type { SimUser, Tenant } from './tenant.js';
import { leaverDisabledAt } from '../../sdk/simulator/local-time.js';

export const MOBILE_UAS = [
  'com.tinyspeck.chatlyio/24.04.10 (iPhone; iOS 17.4.1; Scale/3.00)',
  'Slack/24.04.10.0 (Google Pixel 7; Android 14)',
];

/**
 * When the leaver (person 9, disabled in the identity provider two days ago at 16:30 local, as the Microsoft
 * 365 simulator has it) is deactivated here: SCIM provisioning follows two minutes later.
 */
export function leaverDeactivatedAt(tenant: Tenant, builtAt: number): number {
  const leaver = tenant.users[tenant.leaverIndex] as SimUser;
  return leaverDisabledAt(builtAt, leaver.person.place) + 2 * MINUTE;
}

const FILES = ['engagement-letter.pdf', 'q3-billing.xlsx', 'deposition-notes.docx', 'case-timeline.pdf', 'nda-template.docx', 'board-minutes.pdf', 'expert-report.pdf'];
const CHANNELS = ['litigation', 'corporate', 'general', 'it-help', 'billing', 'emea-office', 'matter-2291', 'matter-2304'];

/**
 * Ordinary Slack activity of the demo organisation, one day at a time and the same for the same seed: log-ons
 * (desktop and phones, typos first now and then, a colleague abroad, Amsterdam staff through the corporate VPN),
 * file downloads and shares, channel work, and a few routine admin changes.
 */
export class HistoryGenerator {
  constructor(
    private readonly tenant: Tenant,
    private readonly seed: number,
    /** Epoch ms the tenant was built at ("now" of the scenarios). */
    private readonly builtAt: number,
  ) {}

  /** Activity of the UTC day `day` (days since the epoch). */
  day(day: number): AuditEntry[] {
    const out: AuditEntry[] = [];
    for (const user of this.tenant.users) {
      if (!this.activeOn(user, day)) continue;
      out.push(...this.personDay(user, day));
    }
    return out;
  }

  private activeOn(user: SimUser, day: number): boolean {
    if (user.person.index !== this.tenant.leaverIndex) return true;
    return (day + 1) * DAY <= leaverDeactivatedAt(this.tenant, this.builtAt);
  }

  private personDay(user: SimUser, day: number): AuditEntry[] {
    const { person } = user;
    if (onHolidayOn(person.index, day, this.builtAt)) return [];
    const rng = new SeededRandom(mixSeed(this.seed, day, person.index, 0x5a));
    const localMidnight = day * DAY - person.place.utcOffset * HOUR;
    const weekday = new Date(day * DAY).getUTCDay();
    const workday = weekday !== 0 && weekday !== 6;
    const out: AuditEntry[] = [];
    const entry = (at: number, action: string, entity: { type: string; value: Record<string, unknown> }, extra: { ip?: string; ua?: string; workspace?: boolean; details?: Record<string, unknown> } = {}) =>
      out.push(buildEntry(this.tenant, { at, action, actor: user, entity, ip: extra.ip ?? ip, ua: extra.ua ?? person.userAgent, workspace: extra.workspace ?? true, ...(extra.details ? { details: extra.details } : {}) }, rng));

    const start = localMidnight + person.workStartHour * HOUR + rng.int(0, 50) * MINUTE;
    const travelling = travellingOn(person.index, day, this.builtAt);
    // Amsterdam staff work through the corporate VPN now and then: its exit is in their own city (KPN), but a
    // different network from home every such day.
    const onVpn = person.place.city === 'amsterdam' && rng.chance(0.4);
    // Abroad, the day follows London's clock.
    const begin = travelling ? tripDayBegin(day, rng) : start;
    const ip = travelling ? TRAVEL_IP : onVpn ? CORPORATE_VPN_IP : person.ip;
    const self = { type: 'user', value: userRef(user, this.tenant) };

    if (!workday) {
      if (user.usesPhone && rng.chance(0.15)) entry(localMidnight + rng.int(10, 20) * HOUR, 'user_login', self, { ua: rng.pick(MOBILE_UAS), ip: travelling ? TRAVEL_IP : person.ip, workspace: false });
      return out;
    }
    if (rng.chance(0.5 * person.activityLevel) || travelling) {
      if (rng.chance(0.05)) entry(begin - rng.int(20, 90) * 1000, 'user_login_failed', self, { workspace: false });
      entry(begin, 'user_login', self, { workspace: false });
    }
    if (user.usesPhone && rng.chance(0.25)) entry(begin + rng.int(1, 7) * HOUR, 'user_login', self, { ua: rng.pick(MOBILE_UAS), ip: travelling ? TRAVEL_IP : person.ip, workspace: false });
    const downloads = Math.floor(rng.next() * 2.2 * person.activityLevel);
    for (let i = 0; i < downloads; i++) {
      const name = rng.pick(FILES);
      entry(begin + rng.int(20, 420) * MINUTE, 'file_downloaded', { type: 'file', value: { id: `F${rng.int(1e9, 9e9)}`, name, filetype: name.split('.').pop(), title: name } });
    }
    if (rng.chance(0.12)) {
      const name = rng.pick(FILES);
      entry(begin + rng.int(30, 400) * MINUTE, 'file_shared', { type: 'file', value: { id: `F${rng.int(1e9, 9e9)}`, name, filetype: name.split('.').pop(), title: name } });
    }
    if (rng.chance(0.1)) entry(begin + rng.int(5, 300) * MINUTE, 'user_channel_join', { type: 'channel', value: { id: `C${rng.int(1e9, 9e9)}`, name: rng.pick(CHANNELS), privacy: 'public', is_shared: false, is_org_shared: false } });
    if (rng.chance(0.02)) entry(begin + rng.int(5, 300) * MINUTE, 'channel_created', { type: 'channel', value: { id: `C${rng.int(1e9, 9e9)}`, name: `matter-${rng.int(2300, 2400)}`, privacy: 'private', is_shared: false, is_org_shared: false } });
    return out;
  }

  /** Routine admin work of the last 30 days: a leaver deactivated, an admin appointed, apps approved, a preference changed. */
  adminEvents(): AuditEntry[] {
    const rng = new SeededRandom(mixSeed(this.seed, 0xad317));
    const t = this.tenant;
    const owner = t.users[t.ownerIndex] as SimUser;
    const admin = t.users[2] as SimUser;
    const leaver = t.users[t.leaverIndex] as SimUser;
    const eu = t.users[21] as SimUser;
    const installer = t.users[8] as SimUser;
    const drive = t.apps[1];
    const at = (daysAgo: number, hour: number) => Math.floor((this.builtAt - daysAgo * DAY) / DAY) * DAY + hour * HOUR + rng.int(0, 59) * MINUTE;
    const at0 = (user: SimUser) => ({ ip: user.person.ip, ua: user.person.userAgent });
    const out = [
      buildEntry(t, { at: leaverDeactivatedAt(t, this.builtAt), action: 'user_deactivated', actor: { app: { id: 'A0SCIMPROV', name: 'Microsoft Entra SCIM provisioning', scopes: [], isDirectoryApproved: true, isInternal: false, status: 'approved', dateUpdated: 0 } }, entity: { type: 'user', value: userRef(leaver, t) }, ip: '40.126.0.1', ua: 'Microsoft.Identity.Provisioning' }, rng),
      buildEntry(t, { at: at(15, 15), action: 'role_change_to_admin', actor: owner, entity: { type: 'user', value: userRef(eu, t) }, ...at0(owner), details: { previous_role: 'member', new_role: 'admin' } }, rng),
      buildEntry(t, { at: at(11, 14), action: 'pref.allow_calls', actor: admin, entity: { type: 'enterprise', value: { id: t.enterprise.id, name: t.enterprise.name, domain: t.enterprise.domain } }, ...at0(admin), details: { new_value: 'true', previous_value: 'false' } }, rng),
      buildEntry(t, { at: at(6, 10), action: 'user_created', actor: admin, entity: { type: 'user', value: { id: 'W0NEWHIRE1', name: 'New Hire', email: `new.hire@${t.users[0]?.person.email.split('@')[1] ?? 'example.com'}`, team: t.enterprise.id } }, ...at0(admin) }, rng),
    ];
    if (drive) {
      out.push(
        buildEntry(t, { at: at(9, 13), action: 'app_installed', actor: installer, entity: { type: 'app', value: { id: drive.id, name: drive.name, is_distributed: true, is_directory_approved: true, scopes: drive.scopes.map((s) => s.name) } }, ...at0(installer), workspace: true, details: { scopes: drive.scopes.map((s) => s.name).join(','), is_internal_integration: false, app_owner_id: installer.id } }, rng),
        buildEntry(t, { at: at(9, 13) + 10 * MINUTE, action: 'app_approved', actor: admin, entity: { type: 'app', value: { id: drive.id, name: drive.name, is_distributed: true, is_directory_approved: true, scopes: drive.scopes.map((s) => s.name) } }, ...at0(admin) }, rng),
      );
    }
    return out;
  }
}
