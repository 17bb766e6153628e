import { z } from 'zod';
import { DAY } from '../../core/clock.js';
import type { AnonymizerKind, EnrichedActivity } from '../enrichment/enricher.js';
import { defineRule } from '../rule.js';
import { actorLabel, isPerson } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import { benignOf, boundedMap, dayOf, inBenignWindow, userStateKeys, volumeStateKeys, type BenignWindows } from './shared.js';

interface Params {
  /** Which kinds of anonymising address alert. */
  kinds: AnonymizerKind[];
  /** No alert when the user has used the same network on at least this many days (0: always alert). */
  usualAfterDays: number;
}

interface UserState {
  /**
   * Anonymising networks the user used without an alert (or whose alert was dismissed as benign): key -> distinct
   * days, the last day, and `l: 1` when it was used while the user was being learned (their habit already then).
   */
  nets: Record<string, { days: number; last: number; l?: 1 }>;
  /** Uses that raised an alert, learned once it is dismissed as benign: [network key, time]. */
  pend?: [string, number][];
}

type State = UserState | BenignWindows;

const KIND_WORDS: Record<AnonymizerKind, string> = {
  tor: 'a Tor exit node',
  proxy: 'an anonymous proxy',
  anonymous: 'an anonymising address',
  vpn: 'a commercial VPN exit',
  relay: 'a privacy relay',
  hosting: 'a hosting provider (a server, proxy or self-hosted VPN)',
};

function networkKey(e: EnrichedActivity): string {
  const a = e.activity;
  return e.intel.network ? `as${e.intel.network.asn}` : a.asn !== null ? `as${a.asn}` : `ip:${e.intel.ip}`;
}

/** Activity from anonymous IP addresses: Tor, anonymous proxies, commercial VPNs (and more at high sensitivity). */
export const anonymousIp = defineRule<State, Params>({
  id: 'detection.anonymous-ip',
  kind: 'builtin',
  title: 'Activity from an anonymous IP address',
  description:
    "A person used Parapet-monitored apps through an address that hides where they are: a Tor exit node, an anonymous proxy or a commercial VPN (the provider's own flag, an imported list, or the curated VPN network list). Attackers use them to hide their origin and to get past location-based access rules.",
  severity: 'medium',
  runbook:
    'Ask the user whether they use this VPN or proxy. If not, treat the account as compromised: require a new sign-in, reset the password and review what was done from the address (the evidence lists every activity). If the organisation approves a VPN, add its ranges with `parapet intel range add <cidr> --tag vpn` so it is no longer alerted.',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#activity-from-anonymous-ip-addresses',
  attack: [{ id: 'T1090.003', name: 'Proxy: Multi-hop Proxy' }, { id: 'T1078.004', name: 'Valid Accounts: Cloud Accounts' }],
  learnsFromBenign:
    "the days the person used the alert's anonymising network (the VPN, relay or hosting provider it names) were ordinary use: once they reach the days that make a network usual (the usualAfterDays parameter), it alerts no more for them",
  actions: null,
  params: {
    low: { kinds: ['tor', 'proxy', 'anonymous'], usualAfterDays: 3 },
    medium: { kinds: ['tor', 'proxy', 'anonymous', 'vpn'], usualAfterDays: 3 },
    high: { kinds: ['tor', 'proxy', 'anonymous', 'vpn', 'relay', 'hosting'], usualAfterDays: 0 },
  },
  paramDocs: {
    kinds: "Kinds of anonymising address that alert: tor, proxy and anonymous (provider flags, imported lists), vpn (curated VPN networks), relay (iCloud Private Relay, WARP), hosting (VPS providers).",
    usualAfterDays: "No alert when the user used the same anonymising network on at least this many earlier days (0: always alert).",
  },
  paramsSchema: z.object({ kinds: z.array(z.enum(['tor', 'proxy', 'anonymous', 'vpn', 'relay', 'hosting'])), usualAfterDays: z.number().int().min(0) }).partial().strict(),
  defaults: { enabled: true, learningDays: 7 },
  usesLocation: true,
  // Only activities from anonymising addresses of the alerting kinds read state (what evaluate judges).
  stateKeys: (e, ctx) => {
    const anonymizer = e.intel.anonymizer;
    return anonymizer && isPerson(e.activity) && (!ctx.params || ctx.params.kinds.includes(anonymizer.kind)) ? volumeStateKeys(e) : [];
  },
  evaluate(e, state, ctx) {
    const anonymizer = e.intel.anonymizer;
    const a = e.activity;
    if (!anonymizer || !isPerson(a) || !ctx.params.kinds.includes(anonymizer.kind)) return {};
    const [key] = userStateKeys(e);
    if (!key) return {};
    const stored = (state[key] as UserState | undefined) ?? { nets: {} };
    const net = networkKey(e);
    const day = dayOf(a.time);
    // Uses that alerted teach the baseline only once their alert is dismissed as benign.
    const benign = benignOf(state, e);
    const learned = { ...stored.nets };
    const pend: [string, number][] = [];
    for (const [k, t] of stored.pend ?? []) {
      if (inBenignWindow(benign, t)) learned[k] = { days: (learned[k]?.days ?? 0) + (learned[k]?.last === dayOf(t) ? 0 : 1), last: Math.max(dayOf(t), learned[k]?.last ?? 0) };
      else if (t > a.time - 90 * DAY) pend.push([k, t]);
    }
    const current = { nets: learned };
    const seen = current.nets[net];
    // Usual: used on enough days, or already used while the person was being learned (a consumer VPN they had
    // before detection started is their habit, as every country seen while learning is for infrequent-country).
    const usual = ctx.params.usualAfterDays > 0 && seen !== undefined && (seen.days >= ctx.params.usualAfterDays || seen.l === 1);
    if (usual || ctx.learning) {
      const learnedWhileLearning = ctx.learning || seen?.l === 1 ? { l: 1 as const } : {};
      const nets = boundedMap({ ...current.nets, [net]: { days: (seen?.days ?? 0) + (seen?.last === day ? 0 : 1), last: Math.max(day, seen?.last ?? day), ...learnedWhileLearning } }, 10, (v) => v.last);
      return { state: { [key]: { nets, pend } } };
    }
    const next = { [key]: { nets: current.nets, pend: [...pend, [net, a.time] as [string, number]].slice(-20) } };
    const network = e.intel.network ? `${e.intel.network.name}, AS${e.intel.network.asn}` : a.asOrg ? `${a.asOrg}${a.asn ? `, AS${a.asn}` : ''}` : null;
    const by = anonymizer.source.startsWith('parapet:')
      ? "Parapet's network list"
      : anonymizer.source.startsWith('feed:')
        ? `the imported ${anonymizer.source.slice(5)} list`
        : `${anonymizer.source === 'provider' ? a.provider : anonymizer.source}'s own flag`;
    const history = seen ? `they used it on ${seen.days} earlier day(s), fewer than the ${ctx.params.usualAfterDays} that make it usual` : 'it is not among the anonymising networks in their history';
    return {
      state: next,
      findings: [
        {
          severity: anonymizer.kind === 'tor' ? 'high' : 'medium',
          explanation: `${actorLabel(a)} did ${a.action} from ${e.intel.ip}${network ? ` (${network})` : ''}, ${KIND_WORDS[anonymizer.kind]} according to ${by}; ${history}.`,
          baseline: { usualAnonymousNetworks: Object.entries(current.nets).map(([k, v]) => ({ network: k, days: v.days })) },
          details: { ip: e.intel.ip, kind: anonymizer.kind, source: anonymizer.source, network, country: a.geo.country },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: sign-in through a commercial VPN exit after two weeks at home',
      activities: [
        ...dailySignIns('ana@example.com', 14, PLACES.amsterdam),
        { id: 'vpn-login', action: 'user.login', actor: { email: 'ana@example.com' }, time: at(14, 20), ...PLACES.vpnAmsterdam },
        { id: 'vpn-download', action: 'file.downloaded', actor: { email: 'ana@example.com' }, time: at(14, 20, 5), ...PLACES.vpnAmsterdam },
      ],
      expect: { alerts: 1, severity: 'medium', subjects: ['ana@example.com'], activityIds: [['vpn-login', 'vpn-download']], explanationContains: 'commercial VPN exit' },
    },
    {
      name: "fires: the provider's own proxy flag, even on a network the list does not know",
      activities: [
        ...dailySignIns('ben@example.com', 10, PLACES.london),
        { id: 'proxied', action: 'user.login', actor: { email: 'ben@example.com' }, time: at(10, 22), srcIp: '81.2.69.160', geo: PLACES.london.geo, ipFlags: { proxy: true, source: 'okta' } },
      ],
      expect: { alerts: 1, explanationContains: "okta's own flag" },
    },
    {
      name: 'fires high for a Tor exit from an imported list',
      intel: { indicators: [{ feed: 'tor', value: '185.220.101.1', kind: 'tor' }] },
      activities: [...dailySignIns('cy@example.com', 10, PLACES.paris), { id: 'tor', action: 'user.login', actor: { email: 'cy@example.com' }, time: at(10, 3), srcIp: '185.220.101.1' }],
      expect: { alerts: 1, severity: 'high' },
    },
    {
      name: 'a VPN sign-in, then a Tor exit the same evening: one alert, raised to high by the worse evidence',
      intel: { indicators: [{ feed: 'tor', value: '185.220.101.1', kind: 'tor' }] },
      activities: [
        ...dailySignIns('ana@example.com', 14, PLACES.amsterdam),
        { id: 'vpn-login', action: 'user.login', actor: { email: 'ana@example.com' }, time: at(14, 20), ...PLACES.vpnAmsterdam },
        { id: 'tor-login', action: 'user.login', actor: { email: 'ana@example.com' }, time: at(14, 21), srcIp: '185.220.101.1' },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['ana@example.com'], activityIds: [['vpn-login', 'tor-login']] },
    },
    {
      name: 'a VPN whose every use alerted does not become usual by use alone: the fourth use on a fourth day still alerts (each day its own alert)',
      activities: [
        ...dailySignIns('ana@example.com', 14, PLACES.amsterdam),
        ...[14, 16, 18, 20].map((d) => ({ id: `vpn-${d}`, action: 'user.login' as const, actor: { email: 'ana@example.com' }, time: at(d, 20), ...PLACES.vpnAmsterdam })),
      ],
      expect: { alerts: 4, subjects: ['ana@example.com', 'ana@example.com', 'ana@example.com', 'ana@example.com'], activityIds: [['vpn-14'], ['vpn-16'], ['vpn-18'], ['vpn-20']] },
    },
    {
      name: 'no alert while the user is still being learned',
      activities: [...dailySignIns('dee@example.com', 3, PLACES.amsterdam), { action: 'user.login', actor: { email: 'dee@example.com' }, time: at(3, 20), ...PLACES.vpnAmsterdam }],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for a VPN the user habitually uses',
      activities: [
        ...dailySignIns('eve@example.com', 12, PLACES.vpnAmsterdam),
        { action: 'user.login', actor: { email: 'eve@example.com' }, time: at(12, 9), ...PLACES.vpnAmsterdam },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for a consumer VPN the person already used while being learned (two evenings), used again weeks later',
      activities: [
        ...dailySignIns('hal@example.com', 21, PLACES.london),
        ...[1, 4, 12, 19].map((d) => ({ action: 'user.login' as const, actor: { email: 'hal@example.com' }, time: at(d, 21), ...PLACES.vpnAmsterdam })),
      ],
      expect: { alerts: 0 },
    },
    {
      name: "no alert from the organisation's own VPN range",
      intel: { ranges: [{ cidr: '169.150.223.0/24', tag: 'vpn', label: 'Corporate VPN' }] },
      activities: [...dailySignIns('fay@example.com', 10, PLACES.amsterdam), { action: 'user.login', actor: { email: 'fay@example.com' }, time: at(10, 20), ...PLACES.vpnAmsterdam }],
      expect: { alerts: 0 },
    },
    {
      name: "no alert for iCloud Private Relay or WARP at medium sensitivity, also as the sync stores them (the network list's flags on the row)",
      activities: [
        ...dailySignIns('ida@example.com', 10, PLACES.london),
        { action: 'user.login', actor: { email: 'ida@example.com' }, time: at(10, 20), ...PLACES.relayLondon },
        { action: 'user.login', actor: { email: 'ida@example.com' }, time: at(10, 21), ...PLACES.relayLondon, ipFlags: { proxy: true, anonymous: true, source: 'parapet:network-list' } },
      ],
      expect: { alerts: 0 },
    },
    {
      name: "no alert for a commercial VPN at low sensitivity, also as the sync stores it (the network list's flags on the row)",
      settings: { sensitivity: 'low' },
      activities: [
        ...dailySignIns('ana@example.com', 14, PLACES.amsterdam),
        { action: 'user.login', actor: { email: 'ana@example.com' }, time: at(14, 20), ...PLACES.vpnAmsterdam, ipFlags: { proxy: true, anonymous: true, source: 'parapet:network-list' } },
      ],
      expect: { alerts: 0 },
    },
    {
      name: "fires, naming the commercial VPN, for a VPN exit stored with the network list's flags",
      activities: [
        ...dailySignIns('ana@example.com', 14, PLACES.amsterdam),
        { id: 'stored-vpn', action: 'user.login', actor: { email: 'ana@example.com' }, time: at(14, 20), ...PLACES.vpnAmsterdam, ipFlags: { proxy: true, anonymous: true, source: 'parapet:network-list' } },
      ],
      expect: { alerts: 1, activityIds: [['stored-vpn']], explanationContains: 'commercial VPN exit' },
    },
    {
      name: 'no alert for a hosting provider at medium sensitivity, but one at high',
      activities: [
        ...dailySignIns('gus@example.com', 10, PLACES.london),
        { action: 'user.login', actor: { email: 'gus@example.com' }, time: at(10, 20), srcIp: '95.216.1.1', asn: 24940, geo: { country: 'FI' } },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'high sensitivity: a sign-in from a hosting provider alerts',
      settings: { sensitivity: 'high' },
      activities: [
        ...dailySignIns('gus@example.com', 10, PLACES.london),
        { action: 'user.login', actor: { email: 'gus@example.com' }, time: at(10, 20), srcIp: '95.216.1.1', asn: 24940, geo: { country: 'FI' } },
      ],
      expect: { alerts: 1, explanationContains: 'hosting provider' },
    },
  ],
});
