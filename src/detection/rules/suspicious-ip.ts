import { z } from 'zod';
import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';

interface Params {
  /** Alert on failed activities too (an attacker probing), not only on what succeeded. */
  includeFailures: boolean;
  /** Count Tor exit nodes as suspicious as well (normally `detection.anonymous-ip`'s job). */
  includeTor: boolean;
}

/** Activity from an address on an imported threat feed, or in a range the admin tagged `risky`. */
export const suspiciousIp = defineRule<never, Params>({
  id: 'detection.suspicious-ip',
  kind: 'builtin',
  title: 'Activity from a suspicious IP address',
  description:
    'Someone acted from an address listed on a threat feed the admin imported (`parapet intel import --kind threat`) or inside a range the admin tagged `risky`. Feeds list addresses seen in attacks: password spraying, botnets, command and control.',
  severity: 'high',
  runbook:
    'Look at what was done from the address (the evidence). If it succeeded, treat the account as compromised: require a new sign-in and reset the password. Block the address at the identity provider if the provider allows it. A feed that lists your own addresses can be removed with `parapet intel remove-feed <name>`.',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#activity-from-suspicious-ip-addresses',
  attack: [{ id: 'T1078.004', name: 'Valid Accounts: Cloud Accounts' }],
  actions: null,
  params: {
    low: { includeFailures: false, includeTor: false },
    medium: { includeFailures: true, includeTor: false },
    high: { includeFailures: true, includeTor: true },
  },
  paramDocs: {
    includeFailures: "Alert on failed activities too, not only on what succeeded.",
    includeTor: "Count Tor exit nodes as suspicious too (normally the anonymous-IP policy’s job).",
  },
  paramsSchema: z.object({ includeFailures: z.boolean(), includeTor: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  evaluate(e, _state, ctx) {
    const a = e.activity;
    if (a.outcome === 'failure' && !ctx.params.includeFailures) return {};
    const feeds = e.intel.threatFeeds;
    const risky = e.intel.rangeTags.includes('risky');
    const tor = ctx.params.includeTor && e.intel.anonymizer?.kind === 'tor';
    if (feeds.length === 0 && !risky && !tor) return {};
    const why = [
      feeds.length ? `listed on the imported threat feed${feeds.length > 1 ? 's' : ''} ${feeds.join(', ')}` : null,
      risky ? `inside a range tagged risky${e.intel.rangeLabels.length ? ` (${e.intel.rangeLabels.join(', ')})` : ''}` : null,
      tor ? 'a Tor exit node' : null,
    ].filter(Boolean);
    const outcome = a.outcome === 'failure' ? ' (it failed)' : '';
    return {
      findings: [
        {
          severity: feeds.length ? 'high' : 'medium',
          explanation: `${actorLabel(a)} did ${a.action}${outcome} from ${e.intel.ip}, ${why.join(' and ')}; the organisation's users are not expected to act from known-bad addresses.`,
          details: { ip: e.intel.ip, feeds, rangeTags: e.intel.rangeTags, rangeLabels: e.intel.rangeLabels, country: a.geo.country, asn: a.asn, asOrg: a.asOrg },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: a sign-in from an address on an imported threat feed',
      intel: { indicators: [{ feed: 'spamhaus-drop', value: '45.95.0.0/16', kind: 'threat' }] },
      activities: [...dailySignIns('ann@example.com', 2, PLACES.london), { id: 'bad', action: 'user.login', actor: { email: 'ann@example.com' }, time: at(2, 3), srcIp: '45.95.3.3' }],
      expect: { alerts: 1, severity: 'high', activityIds: [['bad']], explanationContains: 'spamhaus-drop' },
    },
    {
      name: 'fires medium for a range the admin tagged risky, even with no user (subject: the address)',
      intel: { ranges: [{ cidr: '203.0.113.0/24', tag: 'risky', label: 'contractor NAT' }] },
      activities: [{ action: 'data.exported', actor: { type: 'app', appId: 'script' }, time: at(0, 3), srcIp: '203.0.113.50' }],
      expect: { alerts: 1, severity: 'medium', subjects: ['203.0.113.50'] },
    },
    {
      name: 'no alert for ordinary addresses',
      intel: { indicators: [{ feed: 'spamhaus-drop', value: '45.95.0.0/16', kind: 'threat' }] },
      activities: dailySignIns('ann@example.com', 5, PLACES.london),
      expect: { alerts: 0 },
    },
    {
      name: 'low sensitivity: a failed attempt from a listed address does not alert',
      settings: { sensitivity: 'low' },
      intel: { indicators: [{ feed: 'abuse', value: '45.95.3.3', kind: 'threat' }] },
      activities: [{ action: 'user.login_failed', actor: { email: 'ann@example.com' }, time: at(0, 3), srcIp: '45.95.3.3' }],
      expect: { alerts: 0 },
    },
  ],
});
