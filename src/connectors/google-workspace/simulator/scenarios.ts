import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { localTimeBetween } from '../../sdk/simulator/local-time.js';
import type { ExpectedAlert, ScenarioFact } from '../../sdk/simulator/simulator.js';
import { ATTACKER_PLACE, FOREIGN_PLACE } from '../../sdk/simulator/places.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { buildEvent, type EventSpec, type StoredEvent } from './events.js';
import type { QuietWindow } from './history.js';
import type { SimToken, SimUser, Tenant } from './tenant.js';

/** Scenario ids this simulator can inject, with the built-in policy meant to catch each. */
export const GOOGLE_SCENARIOS = {
  'suspicious-login': 'detection.impossible-travel',
  'oauth-drive-grant': 'detection.oauth-high-privilege',
  'mass-drive-download': 'detection.mass-download',
  'external-forwarding': 'detection.mail-forwarding',
  'leaver-still-active': 'detection.terminated-user',
  'password-guessed': 'detection.failed-logons',
} as const;
export type GoogleScenarioId = keyof typeof GOOGLE_SCENARIOS;
export const GOOGLE_SCENARIO_IDS = Object.keys(GOOGLE_SCENARIOS) as GoogleScenarioId[];

/** Who each scenario happens to: fixed people of the shared workforce, none of them an admin. */
export const SCENARIO_PEOPLE: Record<GoogleScenarioId, number> = {
  'suspicious-login': 3,
  'oauth-drive-grant': 12,
  'mass-drive-download': 5,
  'external-forwarding': 25,
  'leaver-still-active': 17,
  // The person whose mailbox the forwarding scenario sets: the attacker tried their password first (2-Step Verification held).
  'password-guessed': 25,
};

/** The app of the consent-phishing story: a "PDF converter" that asks for all of Drive. */
export const ROGUE_APP: SimToken = {
  clientId: '318845011470-pdfwizard.apps.googleusercontent.com',
  displayText: 'PDF Wizard Online',
  scopes: ['https://www.googleapis.com/auth/drive', 'openid', 'email'],
  nativeApp: false,
};

/** Where the forwarded mail goes: a free-mail address outside the organisation. */
export const FORWARD_TO = 'nw.invoices.archive@gmail.com';

export interface ScenarioPlan {
  facts: ScenarioFact[];
  events: StoredEvent[];
  quiet: QuietWindow[];
  /** Changes the scenarios make to the directory (the leaver is suspended, the rogue app holds a token). */
  apply(tenant: Tenant): void;
}

/** Plans the scenarios in the last ~2 days before `tenant.builtAt`; events and directory changes only for the enabled ones. */
export function planScenarios(tenant: Tenant, enabled: readonly string[]): ScenarioPlan {
  const rng = new SeededRandom(mixSeed(tenant.seed, 0x5ce9a7));
  const now = tenant.builtAt;
  const earliest = now - 44 * HOUR;
  const latest = now - 7 * HOUR;
  const plan: ScenarioPlan = { facts: [], events: [], quiet: [], apply: () => undefined };
  const changes: ((t: Tenant) => void)[] = [];
  const person = (id: GoogleScenarioId) => tenant.users[SCENARIO_PEOPLE[id]] as SimUser;
  const base = { customerId: tenant.customerId, domain: tenant.domain };
  const ev = (user: SimUser, spec: Omit<EventSpec, 'customerId' | 'domain' | 'actor'>) =>
    buildEvent({ ...base, actor: { email: user.email, profileId: user.id }, ...spec, at: spec.at + rng.int(0, 9_999) }, rng);
  const ids = (events: StoredEvent[]) => events.map((e) => e.sourceId);
  const when = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const doc = () => ({ primary_event: true, doc_id: `1${rng.uuid().replace(/-/g, '').slice(0, 32)}`, doc_title: `Client file ${rng.int(1000, 9999)}`, doc_type: 'document', owner: '', visibility: 'private' });
  const add = (id: GoogleScenarioId, user: SimUser, events: StoredEvent[], attack: StoredEvent[], description: string, alerts?: ExpectedAlert[]) => {
    if (!enabled.includes(id)) return false;
    plan.events.push(...events);
    plan.facts.push({ id, policy: GOOGLE_SCENARIOS[id], user: user.email, eventIds: ids(attack), description, ...(alerts ? { alerts } : {}) });
    return true;
  };

  // Suspicious login: home sign-in, then 42 minutes later a sign-in from Lagos Google flags as suspicious, then downloads.
  {
    const user = person('suspicious-login');
    const t = localTimeBetween(user.place, 8, 50, earliest, latest - 2 * HOUR);
    plan.quiet.push({ userIndex: user.index, from: t - 12 * HOUR, to: t + 10 * HOUR });
    const foreignIp = FOREIGN_PLACE.ips[0] as string;
    const home = ev(user, { application: 'login', at: t, ip: user.ip, place: user.place, type: 'login', name: 'login_success', params: { login_type: 'google_password', login_challenge_method: ['password', 'google_prompt'], is_suspicious: false } });
    const away = ev(user, { application: 'login', at: t + 42 * MINUTE, ip: foreignIp, place: FOREIGN_PLACE, type: 'login', name: 'login_success', params: { login_type: 'google_password', login_challenge_method: ['password'], is_suspicious: true } });
    const downloads = [47, 49].map((m) => ev(user, { application: 'drive', at: t + m * MINUTE, ip: foreignIp, place: FOREIGN_PLACE, type: 'access', name: 'download', params: { ...doc(), owner: user.email } }));
    add('suspicious-login', user, [home, away, ...downloads], [home, away],
      `${user.firstName} ${user.lastName} signed in from home (${user.ip}) at ${when(t)} and 42 minutes later from Lagos, Nigeria (${foreignIp}) with a password alone; Google marked that sign-in suspicious. Two Drive downloads followed from Lagos.`, [
        { policy: GOOGLE_SCENARIOS['suspicious-login'], subject: user.email, eventIds: ids([home, away]) },
        { policy: 'detection.infrequent-country', subject: user.email, eventIds: ids([away, ...downloads]) },
      ]);
  }

  // OAuth app granted all of Drive.
  {
    const user = person('oauth-drive-grant');
    const t = localTimeBetween(user.place, 14, 5, earliest, latest);
    const grant = ev(user, { application: 'token', at: t, ip: user.ip, place: user.place, type: 'auth', name: 'authorize', params: { client_id: ROGUE_APP.clientId, app_name: ROGUE_APP.displayText, client_type: 'WEB', scope: ROGUE_APP.scopes } });
    if (add('oauth-drive-grant', user, [grant], [grant], `${user.firstName} ${user.lastName} granted "${ROGUE_APP.displayText}" (${ROGUE_APP.clientId}) full access to Drive at ${when(t)}; no one in the organisation had used the app before.`, [
      { policy: GOOGLE_SCENARIOS['oauth-drive-grant'], subject: user.email, eventIds: ids([grant]) },
    ])) changes.push((tn) => tn.tokens.set(user.id, [...(tn.tokens.get(user.id) ?? []), { ...ROGUE_APP, scopes: [...ROGUE_APP.scopes] }]));
  }

  // Mass Drive download: 70 files in 25 minutes in the evening.
  {
    const user = person('mass-drive-download');
    const t = localTimeBetween(user.place, 20, 10, earliest, latest);
    plan.quiet.push({ userIndex: user.index, from: t - 3 * HOUR, to: t + 3 * HOUR });
    const downloads: StoredEvent[] = [];
    for (let i = 0; i < 70; i++) downloads.push(ev(user, { application: 'drive', at: t + Math.floor((i * 25 * MINUTE) / 70), ip: user.ip, place: user.place, type: 'access', name: 'download', params: { ...doc(), owner: user.email } }));
    add('mass-drive-download', user, downloads, downloads, `${user.firstName} ${user.lastName} downloaded 70 Drive files in 25 minutes from ${when(t)}, from home (${user.ip}); their busiest hour before held a handful.`);
  }

  // External forwarding: the mailbox forwards to a Gmail address outside the organisation.
  {
    const user = person('external-forwarding');
    const t = localTimeBetween(user.place, 11, 30, earliest, latest);
    const forward = ev(user, { application: 'login', at: t, ip: user.ip, place: user.place, type: 'email_forwarding_change', name: 'email_forwarding_out_of_domain', params: { email_forwarding_destination_address: FORWARD_TO } });
    add('external-forwarding', user, [forward], [forward], `${user.firstName} ${user.lastName}'s mailbox was set at ${when(t)} to forward all mail to ${FORWARD_TO}, outside the organisation.`);
  }

  // Leaver still active: suspended by an administrator, yet Drive for desktop keeps downloading hours later.
  {
    const user = person('leaver-still-active');
    const admin = tenant.users[tenant.adminIndex] as SimUser;
    // A day and more before now, so the leaver's next working day in the other apps falls after it.
    const t = localTimeBetween(admin.place, 16, 40, earliest, now - 30 * HOUR);
    plan.quiet.push({ userIndex: user.index, from: t - 20 * HOUR, to: now + 3 * DAY });
    // Their last working day's sign-in, well before the suspension (an earlier history sign-in would otherwise stand in).
    const signIn = ev(user, { application: 'login', at: t - 8 * HOUR, ip: user.ip, place: user.place, type: 'login', name: 'login_success', params: { login_type: 'google_password', login_challenge_method: ['password', 'google_prompt'], is_suspicious: false } });
    const suspend = buildEvent({ ...base, actor: { email: admin.email, profileId: admin.id }, application: 'admin', at: t, ip: admin.ip, place: admin.place, type: 'USER_SETTINGS', name: 'SUSPEND_USER', params: { USER_EMAIL: user.email } }, rng);
    const after = [150, 153, 158].map((m) => ev(user, { application: 'drive', at: t + m * MINUTE, ip: user.ip, place: user.place, type: 'access', name: 'download', params: { ...doc(), owner: user.email, originating_app_id: '691301496089' } }));
    if (add('leaver-still-active', user, [signIn, suspend, ...after], [suspend, ...after],
      `${admin.firstName} ${admin.lastName} suspended ${user.firstName} ${user.lastName} at ${when(t)}, yet 2½ hours later Drive for desktop downloaded three files as them from their home address (${user.ip}): their sessions were never signed out.`)) {
      changes.push((tn) => {
        const u = tn.users[user.index];
        if (u) {
          u.suspended = true;
          u.suspensionReason = 'ADMIN';
        }
      });
    }
  }
  // Password guessed: eight wrong passwords in four minutes at night from a home broadband address in Manchester,
  // then the right one, and 2-Step Verification stops the attacker (a wrong code). Last, so the scenarios
  // before it draw the same random numbers as without it.
  {
    const user = person('password-guessed');
    const t = localTimeBetween(user.place, 3, 10, earliest, latest);
    plan.quiet.push({ userIndex: user.index, from: t - 3 * HOUR, to: t + 3 * HOUR });
    const ip = ATTACKER_PLACE.ips[0] as string;
    const attempt = (at: number, failure: string, methods: string[]) =>
      ev(user, { application: 'login', at, ip, place: ATTACKER_PLACE, type: 'login', name: 'login_failure', params: { login_type: 'google_password', login_challenge_method: methods, login_failure_type: failure, is_suspicious: true } });
    const guesses = Array.from({ length: 8 }, (_, i) => attempt(t + i * 30_000, 'login_failure_invalid_password', ['password']));
    const secondStep = attempt(t + 4 * MINUTE + 30_000, 'login_failure_invalid_second_factor', ['password', 'google_prompt']);
    const attack = [...guesses, secondStep];
    add('password-guessed', user, attack, attack,
      `Someone tried eight wrong passwords for ${user.firstName} ${user.lastName} in four minutes from ${when(t)}, from a home broadband address in Manchester (${ip}); the ninth was right, and 2-Step Verification stopped them with a wrong code: nobody got in, but the password is known.`, [
        { policy: GOOGLE_SCENARIOS['password-guessed'], subject: user.email, eventIds: ids(attack) },
      ]);
  }
  plan.apply = (tn) => {
    for (const change of changes) change(tn);
  };
  return plan;
}
