import type { Action } from '../../core/activity.js';
import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import type { VolumeBaseline, VolumeParams } from './shared.js';
import { userVolumeParts } from './user-volume.js';

const SHARES: readonly Action[] = ['file.shared', 'file.public_link_created'];

/** A user shares files or creates public links far more in an hour than they ever did. */
export const massSharing = defineRule<VolumeBaseline, VolumeParams>({
  id: 'detection.mass-sharing',
  kind: 'builtin',
  title: 'Mass sharing',
  description:
    'A user shared files or folders (with people, or through links) far more often within an hour than their own busiest hour so far, and more than a floor that ignores a normal day of collaboration. Exfiltration by an insider, or an attacker publishing a compromised account’s files through links, looks like this.',
  severity: 'high',
  runbook:
    'List the links and shares in the evidence and revoke those that reach outside the organisation (the app’s own admin console, or its shared-link governance), then ask the user what they were for. If unexplained, suspend the account and review its other alerts.',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#unusual-file-share-activity-by-user',
  attack: [{ id: 'T1567', name: 'Exfiltration Over Web Service' }],
  actions: SHARES,
  params: {
    low: { minCount: 60, multiplier: 5, windowMinutes: 60, learningFloor: 120 },
    medium: { minCount: 30, multiplier: 3, windowMinutes: 60, learningFloor: 60 },
    high: { minCount: 15, multiplier: 2, windowMinutes: 60, learningFloor: 30 },
  },
  ...userVolumeParts('shares or links', (a, count, peak, minutes, ctx) =>
    `${actorLabel(a)} shared files or created links ${count} times in ${a.app} within ${minutes} minutes; ${peak === null ? `their baseline is still being learned, and that reaches the ${ctx.params.learningFloor} the policy alerts at meanwhile` : `their busiest ${minutes} minutes before held ${peak}`}.`,
  ),
  examples: [
    {
      name: 'fires: 40 public links in 20 minutes from a user who shares a file or two a day',
      activities: [
        ...dailySignIns('ana@example.com', 10, PLACES.london).flatMap((s, d) => [s, { action: 'file.shared' as const, actor: { email: 'ana@example.com' }, time: at(d, 11) }]),
        ...Array.from({ length: 40 }, (_, i) => ({ id: `sh-${i}`, action: (i % 3 === 0 ? 'file.shared' : 'file.public_link_created') as Action, actor: { email: 'ana@example.com' }, time: at(10, 21) + i * 30_000 })),
      ],
      expect: { alerts: 1, subjects: ['ana@example.com'], activityIds: [['sh-0', 'sh-29', 'sh-39']], explanationContains: 'busiest 60 minutes before held 1' },
    },
    {
      name: 'no alert for a busy afternoon of 20 shares, nor for a user whose usual hand-over is as big',
      activities: [
        ...dailySignIns('bo@example.com', 10, PLACES.newYork),
        ...Array.from({ length: 20 }, (_, i) => ({ action: 'file.shared' as const, actor: { email: 'bo@example.com' }, time: at(9, 15) + i * 60_000 })),
        ...[0, 7].flatMap((d) => Array.from({ length: 35 }, (_, i) => ({ action: 'file.public_link_created' as const, actor: { email: 'pm@example.com' }, time: at(d, 10) + i * 30_000 }))),
        ...Array.from({ length: 40 }, (_, i) => ({ action: 'file.public_link_created' as const, actor: { email: 'pm@example.com' }, time: at(14, 10) + i * 30_000 })),
      ],
      expect: { alerts: 0 },
    },
  ],
});
