import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { CORPORATE_VPN_IP, onHolidayOn, TRAVEL_IP, travellingOn, tripDayBegin } from '../../sdk/simulator/workforce-routine.js';
import { leaverDisabledAt } from '../../sdk/simulator/local-time.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { buildEvent, userContext, type StoredEvent } from './events.js';
import type { SimUser, Tenant } from './tenant.js';

/** When the leaver's access is suspended here: two minutes after the identity provider disabled them. */
export function leaverSuspendedAt(tenant: Tenant, builtAt: number): number {
  const leaver = tenant.users[tenant.leaverIndex] as SimUser;
  return leaverDisabledAt(builtAt, leaver.person.place) + 2 * MINUTE;
}

/**
 * Ordinary org audit activity of the demo organisation, one UTC day at a time and the same for the same seed:
 * log-ins (typos first now and then, a colleague abroad, Amsterdam staff through the corporate VPN), a few
 * log-ins Atlassian processes hours late, and the admins' routine work.
 */
export class HistoryGenerator {
  constructor(
    private readonly tenant: Tenant,
    private readonly seed: number,
    private readonly builtAt: number,
  ) {}

  day(day: number): StoredEvent[] {
    const out: StoredEvent[] = [];
    for (const user of this.tenant.users) {
      if (user.person.index === this.tenant.leaverIndex && (day + 1) * DAY > leaverSuspendedAt(this.tenant, this.builtAt)) continue;
      out.push(...this.personDay(user, day));
    }
    return out;
  }

  private personDay(user: SimUser, day: number): StoredEvent[] {
    const { person } = user;
    if (onHolidayOn(person.index, day, this.builtAt)) return [];
    const rng = new SeededRandom(mixSeed(this.seed, day, person.index, 0xa7));
    const localMidnight = day * DAY - person.place.utcOffset * HOUR;
    const weekday = new Date(day * DAY).getUTCDay();
    const out: StoredEvent[] = [];
    const travelling = travellingOn(person.index, day, this.builtAt);
    const onVpn = person.place.city === 'amsterdam' && rng.chance(0.4);
    const ip = travelling ? TRAVEL_IP : onVpn ? CORPORATE_VPN_IP : person.ip;
    const self = [userContext(user)];
    if (weekday === 0 || weekday === 6) {
      if (rng.chance(0.1)) out.push(buildEvent(this.tenant, { at: localMidnight + rng.int(10, 20) * HOUR, action: 'user_logged_in', actor: user, context: self, ip: travelling ? TRAVEL_IP : person.ip }, rng));
      return out;
    }
    const begin = travelling ? tripDayBegin(day, rng) : localMidnight + person.workStartHour * HOUR + rng.int(0, 50) * MINUTE;
    if (rng.chance(Math.min(0.95, 0.8 * person.activityLevel)) || travelling) {
      if (rng.chance(0.05)) out.push(buildEvent(this.tenant, { at: begin - rng.int(20, 90) * 1000, action: 'user_login_failed', actor: user, context: self, ip }, rng));
      // Now and then Atlassian processes a log-in hours after it happened: it still comes after the stream's cursor.
      const late = rng.chance(0.04) ? { lagMs: rng.int(1, 5) * HOUR } : {};
      out.push(buildEvent(this.tenant, { at: begin, action: 'user_logged_in', actor: user, context: self, ip, ...late }, rng));
    }
    // A second sign-in later in the day (another browser, the Jira Cloud desktop app), and signing out at the end.
    if (rng.chance(0.5)) out.push(buildEvent(this.tenant, { at: begin + rng.int(2, 6) * HOUR, action: 'user_logged_in', actor: user, context: self, ip }, rng));
    if (rng.chance(0.4)) out.push(buildEvent(this.tenant, { at: begin + rng.int(6, 9) * HOUR, action: 'user_logged_out', actor: user, context: self, ip }, rng));
    return out;
  }

  /** The admins' routine work of the last 30 days: a leaver suspended, a site admin appointed, new joiners, a developer's API token. */
  adminEvents(): StoredEvent[] {
    const rng = new SeededRandom(mixSeed(this.seed, 0xad317));
    const t = this.tenant;
    const user = (i: number) => t.users[i] as SimUser;
    const owner = user(t.ownerIndex);
    const access = user(3);
    const at = (daysAgo: number, hour: number) => Math.floor((this.builtAt - daysAgo * DAY) / DAY) * DAY + hour * HOUR + rng.int(0, 59) * MINUTE;
    const role = (id: string) => ({ id, type: 'roles' });
    const group = (name: string) => ({ id: t.groups.find((g) => g.name === name)?.id ?? name, type: 'groups' });
    const dev = user(5);
    const devToken = dev.apiTokens[0];
    const out: StoredEvent[] = [
      buildEvent(t, { at: leaverSuspendedAt(t, this.builtAt), action: 'user_access_suspended', actor: access, context: [userContext(user(t.leaverIndex))] }, rng),
      buildEvent(t, { at: at(15, 15), action: 'user_granted_role', actor: owner, context: [userContext(user(21)), role('atlassian/site-admin')] }, rng),
      buildEvent(t, { at: at(15, 15) + 2 * MINUTE, action: 'user_added_to_group', actor: owner, context: [userContext(user(21)), group('site-admins')] }, rng),
      buildEvent(t, { at: at(11, 14), action: 'authentication_policy_updated', actor: owner, context: [{ id: rng.uuid(), type: 'auth-policies' }] }, rng),
      buildEvent(t, { at: at(6, 10), action: 'user_invited', actor: access, context: [{ id: `712020:${rng.uuid()}`, type: 'users' }] }, rng),
      buildEvent(t, { at: at(6, 10) + 3 * MINUTE, action: 'product_access_granted', actor: access, context: [{ id: `712020:${rng.uuid()}`, type: 'users' }, { id: 'jira-software', type: 'products' }] }, rng),
      buildEvent(t, { at: at(20, 9), action: 'user_removed_from_group', actor: access, context: [userContext(user(30)), group('litigation')] }, rng),
      buildEvent(t, { at: at(20, 9) + MINUTE, action: 'user_added_to_group', actor: access, context: [userContext(user(30)), group('corporate-law')] }, rng),
    ];
    // A developer rotates the API token of their Jira CLI, from home, as they do every few months.
    const token = { id: rng.uuid(), type: 'api-tokens' };
    out.push(buildEvent(t, { at: at(8, 16), action: 'api_token_created', actor: dev, context: [userContext(dev), token] }, rng));
    if (devToken) out.push(buildEvent(t, { at: at(8, 16) + 4 * MINUTE, action: 'api_token_revoked', actor: dev, context: [userContext(dev), { id: devToken.id, type: 'api-tokens' }] }, rng));
    return out;
  }
}
