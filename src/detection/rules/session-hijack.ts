import { z } from 'zod';
import { DAY, MINUTE } from '../../core/clock.js';
import { scopedStateKey, stateKey } from '../../core/state-key.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { DEFAULT_STATE_TTL_MS, defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at, PLACES } from './example-helpers.js';
import { benignKey, duration, inBenignWindow, type BenignWindows } from './shared.js';

/** The state of one sign-in session of an app (named once, for the keys asked for and the ones written). */
const sessionKey = (provider: string, sessionId: string): string => scopedStateKey('s:', provider, sessionId);

interface Params {
  /** The same session seen from two countries within this many minutes alerts (a flight takes longer). */
  maxMinutes: number;
  /** Leave out uses through a privacy relay (iCloud Private Relay, WARP): their egress's country is not the person's. */
  skipRelays: boolean;
}

/** Per session: where it was used [country, ip, time, activity id] (the latest few). */
interface SessionUse {
  user: string;
  uses: [string, string, number, string][];
}

const MAX_USES = 20;

/** The prefix of a person's VPNs' key (the rest are sessions'): kept as long as the other baselines. */
const PERSON = 'u:';

/** How long an untouched session is kept, and a VPN use waits for an analyst's verdict. */
const SESSION_TTL_MS = 14 * DAY;

/**
 * Per person, read only for their uses through a commercial VPN: the VPN networks they are known to use
 * (`nets`, learned from alerts dismissed as benign) and their recent VPN uses, [network, time], waiting for
 * such a verdict (`seen`).
 */
interface PersonVpns {
  nets: string[];
  seen: [string, number][];
}

type State = SessionUse | PersonVpns | BenignWindows;

/** The VPN network a use goes through (its ASN, else the list's name), when it goes through one. */
function vpnOf(e: EnrichedActivity): string | null {
  if (e.intel.anonymizer?.kind !== 'vpn') return null;
  return e.activity.asn ? `AS${e.activity.asn}` : (e.intel.network?.name ?? null);
}

/** One sign-in session (or token) used from two countries within minutes: a stolen session cookie or token replay (AiTM). */
export const sessionHijack = defineRule<State, Params>({
  id: 'detection.session-hijack',
  kind: 'builtin',
  title: 'Session used from two countries (stolen session or token)',
  description:
    "The same sign-in session (Entra `sessionId`, Okta `rootSessionId`) was used from two different countries within minutes. A session does not travel faster than its owner: an adversary-in-the-middle phishing kit (Evilginx, Tycoon) or an infostealer replays the victim's session cookie or refresh token from its own server, with MFA already satisfied. Addresses in ranges tagged corporate or VPN are left out (the organisation's VPN switched on mid-session is not a theft), and so is a commercial VPN the person is known to use (learned from an alert an analyst dismissed as benign); a phone moving between Wi-Fi and its carrier stays in one country, and uses through a privacy relay are left out below high sensitivity (Safari rotates its iCloud Private Relay egress within a session, and the city database may place an egress on another continent).",
  severity: 'high',
  runbook:
    "Revoke the user's sessions and refresh tokens at once (governance: require re-sign-in), reset the password, and check the foreign address's activity in the evidence: inbox rules, consents, MFA methods added. Find the phishing mail that proxied the sign-in.",
  reference: 'https://learn.microsoft.com/en-us/entra/identity/monitoring-health/concept-sign-in-log-activity-details',
  attack: [{ id: 'T1550.004', name: 'Use Alternate Authentication Material: Web Session Cookie' }, { id: 'T1557', name: 'Adversary-in-the-Middle' }],
  actions: ['user.login', 'user.sso_login'],
  params: { low: { maxMinutes: 30, skipRelays: true }, medium: { maxMinutes: 60, skipRelays: true }, high: { maxMinutes: 240, skipRelays: false } },
  paramDocs: {
    maxMinutes: 'The same session seen from two countries within this many minutes alerts.',
    skipRelays: "Leave out uses through a privacy relay (iCloud Private Relay, Cloudflare WARP): Safari rotates its relay egress within a session, and the city database may place an egress in another country or continent than the person.",
  },
  paramsSchema: z.object({ maxMinutes: z.number().positive(), skipRelays: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org', scope: { excludeIpTags: ['corporate', 'vpn'] } },
  learnsFromBenign:
    "the commercial VPN the session moved to or from is one the person uses: their sessions going through it alert no more while they keep using it (after 120 days without, it is judged again; another VPN, or any other country, still alerts)",
  stateKeys(e) {
    const s = e.activity.sessionId;
    if (!s) return [];
    // The person's VPNs only for a use through one: the rest of their sign-ins read the session alone.
    return e.userKey && vpnOf(e) ? [sessionKey(e.activity.provider, s), stateKey(PERSON, e.userKey), benignKey(e.userKey)] : [sessionKey(e.activity.provider, s)];
  },
  // A session is kept well past its life (a backfill replays sessions days after they happened); a person's
  // VPNs as long as the other baselines.
  stateTtlMs: (key) => (key.startsWith(PERSON) ? DEFAULT_STATE_TTL_MS : SESSION_TTL_MS),
  evaluate(e, state, ctx) {
    const a = e.activity;
    const country = a.geo.country;
    const ip = e.intel.ip;
    if (!a.sessionId || !country || !ip || a.outcome === 'failure') return {};
    // Neither judged nor remembered: a later use from home must not be compared with the relay's country.
    if (ctx.params.skipRelays && e.intel.anonymizer?.kind === 'relay') return {};
    const key = sessionKey(a.provider, a.sessionId);
    const vpn = vpnOf(e);
    const personKey = e.userKey ? stateKey(PERSON, e.userKey) : null;
    let person: Record<string, PersonVpns> = {};
    if (vpn && personKey) {
      // VPN uses inside a window an analyst dismissed as benign teach the person's VPNs; the rest wait 14 days
      // for such a verdict. A VPN learned is kept while the person uses it (120 days without, it is forgotten).
      const stored = (state[personKey] as PersonVpns | undefined) ?? { nets: [], seen: [] };
      const benign = state[benignKey(e.userKey as string)] as BenignWindows | undefined;
      const nets = new Set(stored.nets);
      for (const [net, t] of stored.seen) if (inBenignWindow(benign, t)) nets.add(net);
      const seen = stored.seen.filter(([net, t]) => !nets.has(net) && t > a.time - SESSION_TTL_MS);
      // A VPN they use is neither judged nor remembered in the session: switching it on or off is theirs to do.
      if (nets.has(vpn)) return { state: { [personKey]: { nets: [...nets].slice(-10), seen } } };
      person = { [personKey]: { nets: [...nets].slice(-10), seen: [...seen, [vpn, a.time] as [string, number]].slice(-20) } };
    }
    const known = state[key] as SessionUse | undefined;
    const uses = [...(known?.uses ?? []).filter((u) => u[2] > a.time - 24 * 60 * MINUTE), [country, ip, a.time, a.id] as [string, string, number, string]].slice(-MAX_USES);
    const next: SessionUse = { user: known?.user ?? actorLabel(a), uses };
    const elsewhere = uses.filter((u) => u[0] !== country && Math.abs(a.time - u[2]) <= ctx.params.maxMinutes * MINUTE);
    const before = elsewhere.at(-1);
    if (!before) return { state: { [key]: next, ...person } };
    return {
      state: { [key]: next, ...person },
      findings: [
        {
          explanation: `${actorLabel(a)}'s session ${a.sessionId} was used from ${before[1]} (${before[0]}) and, ${duration(Math.abs(a.time - before[2]))} later, from ${ip} (${country}): one session cannot be in two countries that fast, so someone else holds it (a stolen cookie or token).`,
          baseline: { sessionUses: uses.map((u) => ({ country: u[0], ip: u[1], time: u[2] })) },
          details: { sessionId: a.sessionId, countries: [...new Set(uses.map((u) => u[0]))], ips: [...new Set(uses.map((u) => u[1]))] },
          related: elsewhere.map((u) => ({ id: u[3], time: u[2] })),
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: a Seattle session replayed from Amsterdam 20 minutes after the sign-in',
      activities: [
        { id: 'home', provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'kim@example.com' }, sessionId: 'sess-1', time: at(3, 16), ...PLACES.seattle },
        { id: 'replay', provider: 'microsoft365', app: 'Entra ID', action: 'user.login', eventType: 'nonInteractiveSignIn', actor: { email: 'kim@example.com' }, sessionId: 'sess-1', time: at(3, 16, 20), ...PLACES.vpnAmsterdam },
      ],
      expect: { alerts: 1, subjects: ['kim@example.com'], activityIds: [['home', 'replay']], explanationContains: 'was used from 50.175.0.111 (US) and, 20 minutes later, from 169.150.223.181 (NL)' },
    },
    {
      name: 'no alert for a phone hopping between Wi-Fi and its carrier, a flight with the same session, or a corporate VPN switched on',
      intel: { ranges: [{ cidr: '169.150.223.0/24', tag: 'vpn', label: 'Corporate VPN' }] },
      activities: [
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'ann@example.com' }, sessionId: 'phone', time: at(1, 9), ...PLACES.newYork },
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'ann@example.com' }, sessionId: 'phone', time: at(1, 9, 10), srcIp: '172.56.21.89', geo: { country: 'US', city: 'New York', lat: 40.71, lon: -74.0 }, asn: 21928, asOrg: 'T-Mobile USA' },
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'bob@example.com' }, sessionId: 'laptop', time: at(1, 18), ...PLACES.newYork },
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'bob@example.com' }, sessionId: 'laptop', time: at(2, 8), ...PLACES.london },
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'cat@example.com' }, sessionId: 'vpn', time: at(1, 10), ...PLACES.seattle },
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'cat@example.com' }, sessionId: 'vpn', time: at(1, 10, 15), ...PLACES.vpnAmsterdam },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for a Paris session that goes on through iCloud Private Relay, whose egress the city database places in London',
      activities: [
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'eve@example.com' }, sessionId: 'safari', time: at(1, 9), ...PLACES.paris },
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'eve@example.com' }, sessionId: 'safari', time: at(1, 9, 20), ...PLACES.relayLondon },
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'eve@example.com' }, sessionId: 'safari', time: at(1, 9, 40), ...PLACES.paris },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'high sensitivity: the same relay hop is judged',
      settings: { sensitivity: 'high' },
      activities: [
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'eve@example.com' }, sessionId: 'safari', time: at(1, 9), ...PLACES.paris },
        { provider: 'microsoft365', app: 'Entra ID', action: 'user.login', actor: { email: 'eve@example.com' }, sessionId: 'safari', time: at(1, 9, 20), ...PLACES.relayLondon },
      ],
      expect: { alerts: 1, subjects: ['eve@example.com'] },
    },
  ],
});
