import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import type { VolumeBaseline, VolumeParams } from './volume-baseline.js';
import { userVolumeParts } from './user-volume.js';

/** A user deletes far more files in an hour than they ever did. */
export const massFileDeletion = defineRule<VolumeBaseline, VolumeParams>({
  id: 'detection.mass-file-deletion',
  kind: 'builtin',
  title: 'Mass file deletion',
  description:
    "A user deleted (or recycled) far more files within an hour than their own busiest hour so far, and more than a floor that ignores ordinary clean-ups. Sabotage by a leaver, or an attacker destroying data (or encrypting it and deleting the originals), looks like this.",
  severity: 'high',
  runbook:
    'Restore the files from the recycle bin (SharePoint and OneDrive keep them 93 days) before anything else, then ask the user what happened. If unexplained, suspend the account and look for other alerts on it (a sign-in from elsewhere, a new OAuth app).',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#unusual-file-deletion-activities-by-user',
  attack: [{ id: 'T1485', name: 'Data Destruction' }],
  actions: ['file.deleted'],
  params: {
    low: { minCount: 100, multiplier: 5, windowMinutes: 60, learningFloor: 200 },
    medium: { minCount: 50, multiplier: 3, windowMinutes: 60, learningFloor: 100 },
    high: { minCount: 25, multiplier: 2, windowMinutes: 60, learningFloor: 50 },
  },
  ...userVolumeParts('deletions', (a, count, peak, minutes, ctx) =>
    `${actorLabel(a)} deleted ${count} files in ${a.app} within ${minutes} minutes; ${peak === null ? `their baseline is still being learned, and that reaches the ${ctx.params.learningFloor} the policy alerts at meanwhile` : `their busiest ${minutes} minutes before held ${peak}`}.`,
  ),
  examples: [
    {
      name: 'fires: 120 deletions in 20 minutes from a user who deletes a few files a week',
      activities: [
        ...dailySignIns('lee@example.com', 10, PLACES.newYork).flatMap((s, d) => [s, ...(d % 3 === 0 ? [{ action: 'file.deleted' as const, actor: { email: 'lee@example.com' }, time: at(d, 11) }] : [])]),
        ...Array.from({ length: 120 }, (_, i) => ({ id: `del-${i}`, action: 'file.deleted' as const, actor: { email: 'lee@example.com' }, time: at(10, 17) + i * 10_000 })),
      ],
      expect: { alerts: 1, subjects: ['lee@example.com'], activityIds: [['del-0', 'del-49', 'del-119']], explanationContains: 'busiest 60 minutes before held 1' },
    },
    {
      name: 'no alert for a clean-up of 30 old drafts, nor for a user whose usual clean-up is as big',
      activities: [
        ...dailySignIns('kay@example.com', 10, PLACES.london),
        ...Array.from({ length: 30 }, (_, i) => ({ action: 'file.deleted' as const, actor: { email: 'kay@example.com' }, time: at(9, 15) + i * 20_000 })),
        ...[0, 7].flatMap((d) => Array.from({ length: 70 }, (_, i) => ({ action: 'file.deleted' as const, actor: { email: 'ops@example.com' }, time: at(d, 10) + i * 30_000 }))),
        ...Array.from({ length: 75 }, (_, i) => ({ action: 'file.deleted' as const, actor: { email: 'ops@example.com' }, time: at(14, 10) + i * 30_000 })),
      ],
      expect: { alerts: 0 },
    },
  ],
});
