import type { Activity } from '../../core/activity.js';
import { domainOf } from '../../core/email.js';
import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import type { VolumeBaseline, VolumeParams } from './volume-baseline.js';
import { userVolumeParts } from './user-volume.js';

/**
 * A share that leaves the organisation: a link open to anyone, or an item shared with a person whose
 * address is in neither the sharer's own domain nor the organisation's verified domains (`organisationDomains`:
 * the app's own list where its provider has one, then the sharer's identity provider's; a sister company's domain is inside).
 */
export function sharedOutside(a: Activity, organisationDomains: readonly string[] = []): boolean {
  if (a.action === 'file.public_link_created') return true;
  if (a.action !== 'file.shared') return false;
  const own = domainOf(a.actor.email);
  if (!own) return false;
  const inside = new Set([own, ...organisationDomains]);
  return a.targets.some((t) => {
    const domain = t.type === 'user' ? domainOf(t.email) : null;
    return domain !== null && !inside.has(domain);
  });
}

/** A user shares far more items outside the organisation in an hour than they ever did. */
export const massExternalSharing = defineRule<VolumeBaseline, VolumeParams>({
  id: 'detection.mass-external-sharing',
  kind: 'builtin',
  title: 'Burst of external shares',
  description:
    "A user shared far more files or folders outside the organisation within an hour — collaborations with addresses in other domains than the sharer's and the organisation's verified ones, or links open to anyone — than their own busiest hour so far, and more than a floor that ignores ordinary work with outside partners. Exfiltration through an app's own sharing (an attacker in a compromised account, or a leaver sending themselves the client files) looks like this.",
  severity: 'high',
  runbook:
    "Look at who received the shares (the evidence lists each one). If they are not known partners, remove the collaborations and shared links at once (Box: Admin Console → the user → Collaborations / Shared links), ask the user, and if unexplained suspend the account and revoke its sessions.",
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#unusual-file-share-activities-by-user',
  attack: [{ id: 'T1567', name: 'Exfiltration Over Web Service' }, { id: 'T1537', name: 'Transfer Data to Cloud Account' }],
  actions: ['file.shared', 'file.public_link_created'],
  params: {
    low: { minCount: 30, multiplier: 5, windowMinutes: 60, learningFloor: 40 },
    medium: { minCount: 15, multiplier: 3, windowMinutes: 60, learningFloor: 20 },
    high: { minCount: 8, multiplier: 2, windowMinutes: 60, learningFloor: 10 },
  },
  ...userVolumeParts(
    'external shares',
    (a, count, peak, minutes, ctx) =>
      `${actorLabel(a)} shared ${count} items outside the organisation in ${a.app} within ${minutes} minutes; ${peak === null ? `their baseline is still being learned, and that reaches the ${ctx.params.learningFloor} the policy alerts at meanwhile` : `their busiest ${minutes} minutes before held ${peak}`}.`,
    (a, ctx) => sharedOutside(a, ctx.directory(a)?.organisationDomains ?? []),
  ),
  needsDirectory: true,
  examples: [
    {
      name: 'fires: 25 folders shared with outside addresses in 20 minutes by a user who shares outside once a week',
      activities: [
        ...dailySignIns('ivy@acme.example', 10, PLACES.london).flatMap((s, d) => [s, ...(d % 5 === 0 ? [{ action: 'file.shared' as const, actor: { email: 'ivy@acme.example' }, targets: [{ type: 'user' as const, id: 'p1', name: 'Partner', email: 'dana@partner.example' }], time: at(d, 11) }] : [])]),
        ...Array.from({ length: 25 }, (_, i) => ({ id: `sh-${i}`, action: 'file.shared' as const, actor: { email: 'ivy@acme.example' }, targets: [{ type: 'user' as const, id: `x${i}`, name: 'Outside', email: `drop${i}@mailbox.example` }], time: at(10, 22) + i * 48_000 })),
      ],
      expect: { alerts: 1, subjects: ['ivy@acme.example'], activityIds: [['sh-0', 'sh-14', 'sh-24']], explanationContains: 'shared 25 items outside' },
    },
    {
      name: 'no alert for 40 shares inside the organisation, nor for company-wide links',
      activities: [
        ...dailySignIns('ned@acme.example', 10, PLACES.newYork),
        ...Array.from({ length: 40 }, (_, i) => ({ action: 'file.shared' as const, actor: { email: 'ned@acme.example' }, targets: [{ type: 'user' as const, id: `c${i}`, name: 'Colleague', email: `c${i}@acme.example` }], time: at(9, 15) + i * 20_000 })),
        ...Array.from({ length: 30 }, (_, i) => ({ action: 'file.shared' as const, actor: { email: 'ned@acme.example' }, time: at(9, 17) + i * 20_000 })),
      ],
      expect: { alerts: 0 },
    },
  ],
});
