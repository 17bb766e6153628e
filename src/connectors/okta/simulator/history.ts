import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { logEvent, MOBILE_UA, OKTA_VERIFY_UA, userTarget, type LogEvent, type Where } from './events.js';
import { oktaId, SCENARIO_PEOPLE, type OktaTenant, type SimApp, type SimUser } from './tenant.js';
import { leaverDisabledAt } from '../../sdk/simulator/local-time.js';
import { IPHONE_SAFARI } from '../../sdk/simulator/places.js';
import { privateRelayDay, usesPrivateRelay } from '../../sdk/simulator/private-relay.js';
import { HOLIDAY_INDEX, onHolidayOn, TRAVEL_IP, TRAVEL_PLACE, TRAVELLER_INDEX, travellingOn, tripDayBegin } from '../../sdk/simulator/workforce-routine.js';

export interface Planned {
  at: number;
  record: LogEvent;
  /** Applied to the tenant when the event is generated (an admin change leaves the org in its new state). */
  apply?: () => void;
}

const home = (u: SimUser): Where => ({ place: u.person.place, ip: u.person.ip, userAgent: u.person.userAgent });
/** A phone on the carrier network at home: another address of the same city. */
const phone = (u: SimUser): Where => ({ place: u.person.place, ip: u.person.place.ips.find((ip) => ip !== u.person.ip) ?? u.person.ip, userAgent: MOBILE_UA, device: 'Mobile' });

/** A new Okta session's id, as the System Log writes it in `authenticationContext` (`idx` and 22 more characters). */
const newSessionId = (rng: SeededRandom): string => `idx${oktaId('', rng).slice(0, 22)}`;

/** Single sign-on to `app` in the Okta session `sessionId`. */
function sso(u: SimUser, app: SimApp, at: number, where: Where, sessionId: string, rng: SeededRandom): LogEvent {
  return logEvent({ at, eventType: 'user.authentication.sso', displayMessage: 'User single sign on to app', legacyEventType: 'app.auth.sso', actor: u, where, sessionId, targets: [{ id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: { signOnModeType: 'SAML_2_0' } }] }, rng);
}

/** Signing in to Okta as Okta logs it: the sign-on policy, the session, the second factor, then SSO to a few apps. */
export function signIn(tenant: OktaTenant, u: SimUser, at: number, where: Where, rng: SeededRandom, apps: number, sessionId = newSessionId(rng)): LogEvent[] {
  const out: LogEvent[] = [
    logEvent({ at, eventType: 'policy.evaluate_sign_on', displayMessage: 'Evaluation of sign-on policy', actor: u, where, result: 'ALLOW', sessionId, targets: [{ id: '00pnorthwindsignon01', type: 'PolicyEntity', alternateId: 'unknown', displayName: 'Default Policy', detailEntry: { policyType: 'OktaSignOn' } }] }, rng),
    logEvent({ at: at + 2000, eventType: 'user.session.start', displayMessage: 'User login to Okta', legacyEventType: 'core.user_auth.login_success', actor: u, where, sessionId, credentialType: 'PASSWORD' }, rng),
    logEvent({ at: at + 9000, eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', legacyEventType: 'core.user.factor.attempt_success', actor: u, where, sessionId, credentialType: u.factors.some((f) => f.factorType === 'token:software:totp') ? 'OTP' : 'OKTA_VERIFY_PUSH' }, rng),
  ];
  for (let i = 0; i < apps; i++) {
    const app = rng.pick(tenant.apps.slice(0, 3));
    out.push(sso(u, app, at + 20_000 + i * rng.int(5, 90) * MINUTE, where, sessionId, rng));
  }
  return out;
}

export function failedSignIn(u: SimUser, at: number, where: Where, rng: SeededRandom): LogEvent {
  return logEvent({ at, eventType: 'user.session.start', displayMessage: 'User login to Okta', legacyEventType: 'core.user_auth.login_failed', actor: u, where, result: 'FAILURE', reason: 'INVALID_CREDENTIALS', severity: 'WARN', credentialType: 'PASSWORD' }, rng);
}

/**
 * People with no part in the org's story (the admin, the leavers, the holiday-maker, the suspended and the staged,
 * the traveller, the scenarios' people): the personas are given among them, so every alert holds one story.
 */
function ordinary(tenant: OktaTenant, u: SimUser): boolean {
  const storied = [tenant.adminIndex, tenant.leaverIndex, HOLIDAY_INDEX, tenant.suspendedIndex, tenant.stagedIndex, TRAVELLER_INDEX, ...Object.values(SCENARIO_PEOPLE)];
  return !storied.includes(u.index);
}

/** Is `u` at work on `dayStart` (UTC midnight)? Weekdays only; the leaver stops at their deactivation, the holiday-maker takes the last four days off. */
function working(tenant: OktaTenant, u: SimUser, dayStart: number, builtAt: number, leaverGoneAt: number): boolean {
  const weekday = new Date(dayStart).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  if (u.index === tenant.suspendedIndex || u.index === tenant.stagedIndex) return false;
  if (u.index === tenant.leaverIndex && dayStart >= leaverGoneAt - DAY) return dayStart + 8 * HOUR < leaverGoneAt - 6 * HOUR;
  if (onHolidayOn(u.index, dayStart / DAY, builtAt)) return false;
  return true;
}

/** The benign activity of one UTC day: sign-ins with their typos, phones (some through iCloud Private Relay) and new laptops. */
export function benignDay(tenant: OktaTenant, seed: number, dayStart: number, builtAt: number): LogEvent[] {
  const out: LogEvent[] = [];
  const leaverGoneAt = leaverDeactivatedAt(tenant, builtAt);
  for (const u of tenant.users) {
    if (!working(tenant, u, dayStart, builtAt, leaverGoneAt)) continue;
    const rng = new SeededRandom(mixSeed(seed, 0x10c, u.index, Math.floor(dayStart / DAY)));
    const p = u.person;
    // The workforce's traveller works from the London hotel on the shared trip days, as in every simulator.
    const day = Math.floor(dayStart / DAY);
    const travelling = travellingOn(p.index, day, builtAt);
    const at = travelling ? tripDayBegin(day, rng) : dayStart + (p.workStartHour - p.place.utcOffset) * HOUR + rng.int(0, 50) * MINUTE;
    const where: Where = travelling ? { place: TRAVEL_PLACE, ip: TRAVEL_IP, userAgent: p.userAgent } : home(u);
    // A typo or two before the password goes in right.
    if (rng.chance(0.08)) {
      const typos = rng.int(1, 2);
      for (let i = 0; i < typos; i++) out.push(failedSignIn(u, at - (typos - i) * 40_000, where, rng));
    }
    out.push(...signIn(tenant, u, at, where, rng, Math.max(1, Math.round(p.activityLevel * rng.int(1, 3)))));
    // The same person on their phone in the evening, from the carrier's address in the same city.
    if (rng.chance(0.2)) {
      const evening = dayStart + (p.workStartHour + p.workHours + 2 - p.place.utcOffset) * HOUR + rng.int(0, 60) * MINUTE;
      out.push(...signIn(tenant, u, evening, { ...(travelling ? { ...where, device: 'Mobile' } : phone(u)), userAgent: rng.chance(0.5) ? MOBILE_UA : OKTA_VERIFY_UA }, rng, 1));
    }
    if (usesPrivateRelay(p.index) && ordinary(tenant, u)) {
      // Safari on their own iPhone through iCloud Private Relay, any time of their day: its own Okta session and
      // random stream. It signs in from the first egress; after Safari rotates it, the same session (same
      // rootSessionId) signs on to an app from the next. The provider geolocates each egress where the
      // city database does. securityContext.isProxy stays false as for any address: Okta does not document
      // what it reports for Private Relay, and Parapet's network list knows the egresses' networks as relays.
      const relay = new SeededRandom(mixSeed(seed, 0x4e1a, u.index, day));
      const sessionId = newSessionId(relay);
      let signedIn = false;
      for (const { egress, at: time } of privateRelayDay(relay, dayStart, p.place)) {
        const safari: Where = { place: egress, ip: egress.ips[0] as string, userAgent: IPHONE_SAFARI.userAgent };
        out.push(...(signedIn ? [sso(u, relay.pick(tenant.apps.slice(0, 3)), time, safari, sessionId, relay)] : signIn(tenant, u, time, safari, relay, 1, sessionId)));
        signedIn = true;
      }
    }
    if (rng.chance(0.3)) {
      const end = dayStart + (p.workStartHour + p.workHours - p.place.utcOffset) * HOUR + rng.int(0, 40) * MINUTE;
      out.push(logEvent({ at: end, eventType: 'user.session.end', displayMessage: 'User logout from Okta', legacyEventType: 'core.user_auth.logout_success', actor: u, where }, rng));
    }
  }
  // Someone a scenario deactivated signs in to Okta no more (their sessions in other apps are another matter).
  const goneAt = new Map(tenant.users.filter((u) => u.goneAt !== undefined).map((u) => [u.person.email, u.goneAt as number]));
  return goneAt.size ? out.filter((e) => Date.parse(e.published) < (goneAt.get(String((e.actor as { alternateId?: unknown }).alternateId)) ?? Infinity)) : out;
}

/** When the admins deactivate the leaver in Okta: two minutes after the identity provider disabled them (the shared timeline). */
export function leaverDeactivatedAt(tenant: OktaTenant, builtAt: number): number {
  return leaverDisabledAt(builtAt, (tenant.users[tenant.leaverIndex] as SimUser).person.place) + 2 * MINUTE;
}

/** The admins' routine work in the 30 days: each event also changes the org as it would. */
export function adminHistory(tenant: OktaTenant, seed: number, builtAt: number): Planned[] {
  const rng = new SeededRandom(mixSeed(seed, 0xad1));
  const admin = tenant.users[tenant.adminIndex] as SimUser;
  const day = (d: number, hourUtc: number) => Math.floor((builtAt - d * DAY) / DAY) * DAY + hourUtc * HOUR + rng.int(0, 40) * MINUTE;
  const where = home(admin);
  const out: Planned[] = [];
  const by = (at: number, eventType: string, displayMessage: string, targets: Record<string, unknown>[], debugData: Record<string, unknown> = {}, apply?: () => void) =>
    out.push({ at, record: logEvent({ at, eventType, displayMessage, actor: admin, where, targets, debugData, sessionId: newSessionId(rng) }, rng), ...(apply ? { apply } : {}) });

  // The sync token Parapet's predecessor used: its creator is the org's token maintainer.
  const tokenId = oktaId('00T', rng);
  by(day(28, 15), 'system.api_token.create', 'Create API token', [{ id: tokenId, type: 'Token', alternateId: 'unknown', displayName: 'SIEM export', detailEntry: null }], {}, () => {
    tenant.apiTokens.push({ id: tokenId, name: 'SIEM export', userId: admin.id, created: day(28, 15) });
  });
  // A routine delegation: a report admin (not a tenant-controlling role).
  const reporter = tenant.users[8] as SimUser;
  by(day(20, 16), 'user.account.privilege.grant', 'Grant user privilege', [userTarget(reporter)], { privilegeGranted: 'Report administrator' }, () => {
    reporter.roles.push({ id: oktaId('ra1', rng), type: 'REPORT_ADMIN', created: day(20, 16) });
  });
  const finance = tenant.groups.find((g) => g.name === 'Finance');
  for (const [d, index] of [[18, 16], [11, 24]] as const) {
    const member = tenant.users[index] as SimUser;
    by(day(d, 17), 'group.user_membership.add', 'Add user to group membership', [userTarget(member), { id: finance?.id, type: 'UserGroup', alternateId: 'unknown', displayName: 'Finance', detailEntry: null }], {}, () => finance?.members.add(member.id));
  }
  by(day(10, 15), 'policy.rule.update', 'Update policy rule', [{ id: '0prnorthwindsignon01', type: 'Rule', alternateId: 'unknown', displayName: 'Default Rule', detailEntry: null }, { id: '00pnorthwindsignon01', type: 'PolicyEntity', alternateId: 'unknown', displayName: 'Default Policy', detailEntry: { policyType: 'OktaSignOn' } }]);
  const app = tenant.apps[2];
  for (const index of [4, 30]) {
    by(day(7, 16), 'application.user_membership.add', 'Add user to application membership', [{ id: app?.id, type: 'AppUser', alternateId: (tenant.users[index] as SimUser).person.email, displayName: 'Slack', detailEntry: null }, userTarget(tenant.users[index] as SimUser), { id: app?.id, type: 'AppInstance', alternateId: 'Slack', displayName: 'Slack', detailEntry: null }]);
  }
  // Self-service: two people replace their phone (new factor, old one removed by themselves).
  for (const [d, index] of [[16, 6], [5, 25]] as const) {
    const u = tenant.users[index] as SimUser;
    const at = Math.floor((builtAt - d * DAY) / DAY) * DAY + (u.person.workStartHour + 2 - u.person.place.utcOffset) * HOUR;
    const w = home(u);
    out.push({ at, record: logEvent({ at, eventType: 'user.mfa.factor.deactivate', displayMessage: 'Reset factor for user', actor: u, where: w, targets: [userTarget(u)], debugData: { factor: 'OKTA_VERIFY_PUSH' } }, rng) });
    out.push({ at: at + 3 * MINUTE, record: logEvent({ at: at + 3 * MINUTE, eventType: 'user.mfa.factor.activate', displayMessage: 'Activate factor for user', actor: u, where: { ...w, userAgent: OKTA_VERIFY_UA, device: 'Mobile' }, targets: [userTarget(u)], debugData: { factor: 'OKTA_VERIFY_PUSH' } }, rng) });
  }
  // The new joiner is created (not yet activated).
  const joiner = tenant.users[tenant.stagedIndex] as SimUser;
  by(day(2, 15), 'user.lifecycle.create', 'Create Okta user', [userTarget(joiner)]);
  // The leaver's account is deactivated at the end of their last day.
  const leaver = tenant.users[tenant.leaverIndex] as SimUser;
  const goneAt = leaverDeactivatedAt(tenant, builtAt);
  out.push({
    at: goneAt,
    record: logEvent({ at: goneAt, eventType: 'user.lifecycle.deactivate', displayMessage: 'Deactivate Okta user', legacyEventType: 'core.user.config.user_deactivated', actor: admin, where, targets: [userTarget(leaver)] }, rng),
    apply: () => {
      leaver.status = 'DEPROVISIONED';
      leaver.statusChanged = goneAt;
      leaver.sessions = 0;
    },
  });
  return out;
}
