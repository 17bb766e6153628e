import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { onHolidayOn, TRAVEL_IP, TRAVEL_PLACE, travellingOn } from '../../sdk/simulator/workforce-routine.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { buildEvent, type EventSpec, type StoredEvent } from './events.js';
import type { SimGithubUser, Tenant } from './tenant.js';
import { leaverDisabledAt, WORKFORCE_LEAVER_INDEX } from '../../sdk/simulator/local-time.js';

export interface QuietWindow {
  userId: number;
  from: number;
  to: number;
}

type NewEvent = Omit<StoredEvent, 'seq'>;

export const GIT_USER_AGENT = 'git/2.43.0';
export const MOBILE_USER_AGENT = 'GitHub/1.152.0 (com.github.stormbreaker.prod; build:1520; iOS 17.4.1) Alamofire/5.8.0';
/** The CI app's bot account (GitHub App server-to-server token). */
export const CI_BOT = { login: 'northwind-ci[bot]', id: 149_000_202 };
/** Hours Git events may trail their time before the audit log returns them (Git events arrive in batches). */
export const MAX_GIT_LATENESS_MS = 4 * MINUTE;

/**
 * Ordinary working life: each member signs in through SAML SSO at the start of the working day from home
 * (some also from GitHub Mobile in the evening), clones, fetches and pushes; owners make routine team
 * changes; the CI app clones on every push. One member works from New York for three days (a trip, same
 * country), and Git events show up to four minutes late. The same for the same seed and day.
 */
/** The organisation's profile repository (its `profile/README.md` shows on the organisation's page once public). */
export const PROFILE_REPOSITORY = '.github';
/** The owner who publishes it: Alex Morgan, the organisation's first owner. */
const PROFILE_PUBLISHER_INDEX = 0;

/** The weekday about twelve days before the newest day on which the profile repository is made public. */
export function profilePublishedDay(newestDay: number): number {
  let day = newestDay - 12;
  while ([0, 6].includes(new Date(day * DAY).getUTCDay())) day--;
  return day;
}

export class HistoryGenerator {
  constructor(
    private readonly tenant: Tenant,
    private readonly quiet: readonly QuietWindow[],
    private readonly newestDay: number,
    private readonly builtAt: number,
  ) {}

  day(day: number): NewEvent[] {
    const out: NewEvent[] = [];
    for (const user of this.tenant.users) if (user.person) out.push(...this.personDay(user, day));
    return out;
  }

  private personDay(user: SimGithubUser, day: number): NewEvent[] {
    const person = user.person;
    if (!person) return [];
    if (onHolidayOn(person.index, day, this.builtAt)) return [];
    const rng = new SeededRandom(mixSeed(this.tenant.seed, user.id, day));
    // The shared workforce's trip (London, as in every simulator): a GitHub-only trip would put the person in
    // two cities at once when apps are synced together.
    const travelling = travellingOn(person.index, day, this.builtAt);
    const place = travelling ? TRAVEL_PLACE : person.place;
    const ip = travelling ? TRAVEL_IP : person.ip;
    const localMidnight = day * DAY - place.utcOffset * HOUR;
    const weekday = new Date(day * DAY).getUTCDay();
    const specs: EventSpec[] = [];
    const actor = { login: user.login, id: user.id };
    const web = { actor, ip, place, userAgent: person.userAgent };
    const workday = weekday >= 1 && weekday <= 5;
    const publishesProfile = person.index === PROFILE_PUBLISHER_INDEX && day === profilePublishedDay(this.newestDay);
    if (!publishesProfile && (workday ? rng.chance(0.08) : !rng.chance(0.1))) return [];
    // The leaver stops working the day the identity provider disables them, as in every other app.
    if (person.index === WORKFORCE_LEAVER_INDEX && localMidnight + 24 * HOUR > leaverDisabledAt(this.newestDay * DAY, person.place)) return [];
    const start = localMidnight + (workday ? person.workStartHour : rng.int(10, 16)) * HOUR + rng.int(0, 50) * MINUTE + rng.int(0, 59_999);
    specs.push({ ...web, at: start, action: 'org.sso_response', fields: { issuer: 'https://idp.northwind-legal.example/saml', name_id: user.samlNameId ?? undefined } });
    const later = () => start + rng.int(3, 8 * 60) * MINUTE + rng.int(0, 59_999);
    for (let n = rng.int(1, Math.max(1, Math.round(3 * person.activityLevel))); n > 0; n--) {
      const repo = `${this.tenant.org.login}/${rng.pick(this.tenant.repos)}`;
      const kind = rng.pick(['git.fetch', 'git.fetch', 'git.push', 'git.clone'] as const);
      const at = later();
      specs.push({
        actor,
        ip,
        place,
        userAgent: GIT_USER_AGENT,
        at,
        action: kind,
        lateByMs: rng.chance(0.3) ? rng.int(5_000, MAX_GIT_LATENESS_MS) : 0,
        fields: { repo, repository: repo, repository_public: false, transport_protocol_name: rng.chance(0.7) ? 'ssh' : 'http', transport_protocol: rng.chance(0.7) ? 2 : 1 },
      });
      if (kind === 'git.push' && rng.chance(0.6)) {
        specs.push({ actor: CI_BOT, at: at + rng.int(20_000, 90_000), action: 'git.clone', userAgent: GIT_USER_AGENT, ip: '140.82.112.4', fields: { repo, repository: repo, programmatic_access_type: 'GitHub App server-to-server token', transport_protocol_name: 'http' } });
      }
    }
    if (user.usesMobile && rng.chance(0.3)) {
      specs.push({ actor, ip, place, userAgent: MOBILE_USER_AGENT, at: localMidnight + rng.int(19 * 60, 21 * 60) * MINUTE + rng.int(0, 59_999), action: 'org.sso_response', fields: { issuer: 'https://idp.northwind-legal.example/saml' } });
    }
    if (user.role === 'admin' && workday && rng.chance(0.25)) {
      const team = rng.pick(this.tenant.teams);
      const member = rng.pick(team.memberLogins);
      const target = this.tenant.users.find((u) => u.login === member);
      specs.push({ ...web, at: later(), action: rng.chance(0.7) ? 'team.add_member' : 'team.remove_member', fields: { team: `${this.tenant.org.login}/${team.slug}`, team_id: team.id, user: member, user_id: target?.id } });
    }
    if (publishesProfile) {
      // The approved publication: the owner drafts the organisation's profile README in `.github` and makes it
      // public, as GitHub requires for the profile to show (the benign counterpart of 'repository-made-public').
      const created = start + 2 * HOUR + rng.int(0, 59_999);
      const repo = `${this.tenant.org.login}/${PROFILE_REPOSITORY}`;
      specs.push({ ...web, at: created, action: 'repo.create', fields: { repo, repository: repo, visibility: 'private' } });
      specs.push({ ...web, at: created + 40 * MINUTE, action: 'repo.access', fields: { repo, repository: repo, visibility: 'public', previous_visibility: 'private' } });
    }
    if (workday && rng.chance(0.02)) {
      specs.push({ ...web, at: later(), action: 'repo.create', fields: { repo: `${this.tenant.org.login}/scratch-${rng.int(100, 999)}`, visibility: 'private' } });
    }
    return specs.filter((s) => !this.quiet.some((q) => q.userId === user.id && s.at >= q.from && s.at <= q.to)).map((s) => buildEvent(s, rng));
  }
}
