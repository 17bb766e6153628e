import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { onHolidayOn, TRAVEL_IP, TRAVEL_PLACE, TRAVELLER_INDEX, travellingOn } from '../../sdk/simulator/workforce-routine.js';
import { privateRelayDay, usesPrivateRelay } from '../../sdk/simulator/private-relay.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { Place } from '../../sdk/simulator/places.js';
import { buildEvent, type EventSpec, type ParamInput, type StoredEvent } from './events.js';
import { SCENARIO_PEOPLE } from './scenarios.js';
import { EVERYDAY_APPS, type SimUser, type Tenant } from './tenant.js';
import { leaverDisabledAt, WORKFORCE_LEAVER_INDEX } from '../../sdk/simulator/local-time.js';

/** A span where a scenario's person does nothing ordinary, so the attack reads cleanly. */
export interface QuietWindow {
  userIndex: number;
  from: number;
  to: number;
}

const DOC_TITLES = ['Engagement letter', 'Matter budget', 'Deposition outline', 'Board minutes', 'Client intake', 'Billing review', 'Case timeline', 'Research memo', 'NDA draft', 'Court filing'];

/** A Drive `access` event's parameters: one of `owner`'s private documents, titled `title` and a number. */
const ownDocument = (rng: SeededRandom, title: string, owner: string): Record<string, ParamInput> => ({
  primary_event: true,
  doc_id: `1${rng.uuid().replace(/-/g, '').slice(0, 32)}`,
  doc_title: `${title} ${rng.int(100, 999)}`,
  doc_type: 'document',
  owner,
  visibility: 'private',
  billable: true,
});

/**
 * People with no part in the organisation's story (the admins, the leaver, the traveller, the scenarios'
 * people): the personas are given among them, so every alert holds one story.
 */
const ordinary = (user: SimUser): boolean => !user.superAdmin && !user.delegatedAdmin && ![WORKFORCE_LEAVER_INDEX, TRAVELLER_INDEX, ...Object.values(SCENARIO_PEOPLE)].includes(user.index);

/**
 * Thirty days (or `historyDays`) of ordinary work up to `until`: morning sign-ins (the odd mistyped password
 * first, a phone prompt for the enrolled), Drive views, edits and the odd download, evening sign-outs, the
 * admins' routine console work and a few everyday app grants. The workforce's traveller works from the
 * London hotel on the shared trip days (`travellingOn`, counted from `builtAt`), as in every simulator, and
 * the workforce's Private Relay users open Google on their iPhone through relay egresses on most days.
 */
export function buildHistory(tenant: Tenant, from: number, until: number, quiet: readonly QuietWindow[], builtAt: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  const isQuiet = (u: SimUser, t: number) => quiet.some((q) => q.userIndex === u.index && t >= q.from && t <= q.to);
  const firstDay = Math.floor(from / DAY);
  const lastDay = Math.floor(until / DAY);
  const actorOf = (u: SimUser) => ({ email: u.email, profileId: u.id });
  const base = { customerId: tenant.customerId, domain: tenant.domain };
  for (const user of tenant.users) {
    for (let day = firstDay; day <= lastDay; day++) {
      const weekday = new Date(day * DAY).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      if (onHolidayOn(user.index, day, builtAt)) continue;
      const rng = new SeededRandom(mixSeed(tenant.seed, user.index, day, 0x901e));
      if (rng.chance(0.05)) continue; // a day off
      const travelling = travellingOn(user.index, day, builtAt);
      const place = travelling ? TRAVEL_PLACE : user.place;
      const ip = travelling ? TRAVEL_IP : user.ip;
      const start = day * DAY - place.utcOffset * HOUR + user.workStartHour * HOUR + rng.int(0, 40) * MINUTE;
      // The leaver stops working the day the identity provider disables them, as in every other app.
      if (user.index === WORKFORCE_LEAVER_INDEX && start + 10 * HOUR > leaverDisabledAt(until, place)) continue;
      // Every event is drawn whether or not it is kept, so a day's events are the same whatever the window.
      const emitFrom = (where: { ip: string; place: Place }, random: SeededRandom) => (spec: Omit<EventSpec, 'customerId' | 'domain' | 'actor' | 'ip' | 'place'>) => {
        const event = buildEvent({ ...base, actor: actorOf(user), ...where, ...spec }, random);
        if (spec.at < from || spec.at > until || isQuiet(user, spec.at)) return;
        events.push(event);
      };
      const emit = emitFrom({ ip, place }, rng);
      const methods = user.enrolled2sv ? ['password', 'google_prompt'] : ['password'];
      if (rng.chance(0.08)) {
        emit({ application: 'login', at: start - rng.int(1, 3) * MINUTE, type: 'login', name: 'login_failure', params: { login_type: 'google_password', login_challenge_method: ['password'], login_failure_type: 'login_failure_invalid_password', is_suspicious: false } });
      }
      // Now and then a Google prompt goes unanswered (the phone in another room) before the sign-in that works:
      // the password was right, so failed log-ons must not take it for guessing. Its own random stream.
      const prompt = new SeededRandom(mixSeed(tenant.seed, user.index, day, 0x2f5c));
      if (user.enrolled2sv && prompt.chance(0.03)) {
        emitFrom({ ip, place }, prompt)({ application: 'login', at: start - MINUTE, type: 'login', name: 'login_failure', params: { login_type: 'google_password', login_challenge_method: methods, login_failure_type: 'login_failure_missing_second_factor', is_suspicious: false } });
      }
      emit({ application: 'login', at: start, type: 'login', name: 'login_success', params: { login_type: 'google_password', login_challenge_method: methods, is_suspicious: false, is_second_factor: user.enrolled2sv } });
      const docs = Math.round(user.activityLevel * 3);
      for (let i = 0; i < docs; i++) {
        const at = start + rng.int(10, user.workHours * 60 - 10) * MINUTE;
        const title = rng.pick(DOC_TITLES);
        const name = rng.chance(0.15) ? 'download' : rng.chance(0.5) ? 'edit' : 'view';
        emit({ application: 'drive', at, type: 'access', name, params: ownDocument(rng, title, user.email) });
      }
      if (usesPrivateRelay(user.index) && ordinary(user)) {
        // Safari on their own iPhone through iCloud Private Relay, any time of their day (its own random stream):
        // they sign in to Google from one egress and, after Safari rotates it, open one of their documents from
        // the next in the same browser session. Google reports each egress's address, network and country
        // (networkInfo), as it geolocates it.
        const relay = new SeededRandom(mixSeed(tenant.seed, user.index, day, 0x4e1a));
        let signedIn = false;
        for (const { egress, at } of privateRelayDay(relay, day * DAY, user.place)) {
          const viaRelay = emitFrom({ ip: egress.ips[0] as string, place: egress }, relay);
          if (signedIn) viaRelay({ application: 'drive', at, type: 'access', name: 'view', params: ownDocument(relay, relay.pick(DOC_TITLES), user.email) });
          else viaRelay({ application: 'login', at, type: 'login', name: 'login_success', params: { login_type: 'google_password', login_challenge_method: methods, is_suspicious: false, is_second_factor: user.enrolled2sv } });
          signedIn = true;
        }
      }
      if (rng.chance(0.04)) {
        const app = rng.pick(EVERYDAY_APPS);
        emit({ application: 'token', at: start + rng.int(30, 200) * MINUTE, type: 'auth', name: 'authorize', params: { client_id: app.clientId, app_name: app.displayText, client_type: 'WEB', scope: ['openid', 'email', 'profile'] } });
      }
      if (user.superAdmin && rng.chance(0.6)) {
        const other = tenant.users[rng.int(3, tenant.users.length - 1)] as SimUser;
        const group = rng.pick(tenant.groups);
        emit({ application: 'admin', at: start + rng.int(60, 240) * MINUTE, type: 'GROUP_SETTINGS', name: 'ADD_GROUP_MEMBER', params: { USER_EMAIL: other.email, GROUP_EMAIL: group.email } });
      }
      if (rng.chance(0.5)) emit({ application: 'login', at: start + user.workHours * HOUR + rng.int(0, 30) * MINUTE, type: 'logout', name: 'logout', params: { login_type: 'google_password' } });
    }
  }
  return events;
}
