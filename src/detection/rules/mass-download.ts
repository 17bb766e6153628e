import type { Action } from '../../core/activity.js';
import { MINUTE } from '../../core/clock.js';
import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at, dailySignIns, PLACES } from './example-helpers.js';
import type { VolumeBaseline, VolumeParams } from './volume-baseline.js';
import { userVolumeParts } from './user-volume.js';

const DOWNLOADS: readonly Action[] = ['file.downloaded', 'file.synced'];

/** A user downloads (or syncs down) far more files in an hour than they ever did. */
export const massDownload = defineRule<VolumeBaseline, VolumeParams>({
  id: 'detection.mass-download',
  kind: 'builtin',
  title: 'Mass download',
  description:
    "A user downloaded or synced far more files within an hour than their own busiest hour so far (and more than a floor that ignores small numbers). Data theft before leaving, or an attacker emptying a compromised account, look like this.",
  severity: 'medium',
  runbook:
    "Ask the user what they needed the files for. If unexplained, or if the account shows other alerts, suspend it and review the downloaded files' sensitivity (the evidence lists the downloads). A legitimate migration can be scoped out for its duration.",
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#unusual-file-download-by-user',
  attack: [{ id: 'T1530', name: 'Data from Cloud Storage' }],
  actions: DOWNLOADS,
  params: {
    low: { minCount: 100, multiplier: 5, windowMinutes: 60, learningFloor: 200 },
    medium: { minCount: 50, multiplier: 3, windowMinutes: 60, learningFloor: 100 },
    high: { minCount: 25, multiplier: 2, windowMinutes: 60, learningFloor: 50 },
  },
  ...userVolumeParts('downloads or syncs', (a, count, peak, minutes, ctx, e) =>
    `${actorLabel(a)} downloaded or synced ${count} files in ${a.app} within ${minutes} minutes${e.intel.ip ? ` (last from ${e.intel.ip})` : ''}; ${peak === null ? `their baseline is still being learned, and that reaches the ${ctx.params.learningFloor} the policy alerts at meanwhile` : `their busiest ${minutes} minutes before held ${peak}`}.`,
  ),
  examples: [
    {
      name: 'fires: 80 downloads in half an hour from a user who downloads a handful a day',
      activities: [
        ...dailySignIns('dot@example.com', 10, PLACES.london).flatMap((s, d) => [s, ...[1, 2, 3].map((k) => ({ action: 'file.downloaded' as const, actor: { email: 'dot@example.com' }, time: at(d, 10 + k) }))]),
        ...Array.from({ length: 80 }, (_, i) => ({ id: `dl-${i}`, action: (i % 4 === 0 ? 'file.synced' : 'file.downloaded') as Action, actor: { email: 'dot@example.com' }, time: at(10, 22) + i * 20_000 })),
      ],
      expect: { alerts: 1, subjects: ['dot@example.com'], activityIds: [['dl-0', 'dl-49', 'dl-79']], explanationContains: 'busiest 60 minutes before held 1' },
    },
    {
      name: 'fires while the baseline is still learned for a blatant burst: 150 downloads in 12 minutes from a user seen for 3 days',
      activities: [
        ...dailySignIns('mat@example.com', 3, PLACES.seattle),
        ...Array.from({ length: 150 }, (_, i) => ({ id: `b-${i}`, action: 'file.downloaded' as const, actor: { email: 'mat@example.com' }, time: at(3, 2, 40) + i * 4_800 })),
      ],
      expect: { alerts: 1, activityIds: [['b-0', 'b-99', 'b-149']], explanationContains: 'still being learned' },
    },
    {
      name: "no alert for a user whose usual busy hour is as big (a weekly export they always do)",
      activities: [
        ...[0, 7].flatMap((d) => Array.from({ length: 70 }, (_, i) => ({ action: 'file.downloaded' as const, actor: { email: 'ops@example.com' }, time: at(d, 10) + i * 30_000 }))),
        ...Array.from({ length: 80 }, (_, i) => ({ action: 'file.downloaded' as const, actor: { email: 'ops@example.com' }, time: at(14, 10) + i * 30_000 })),
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert below the floor, and none while learning',
      activities: [
        ...Array.from({ length: 40 }, (_, i) => ({ action: 'file.downloaded' as const, actor: { email: 'new@example.com' }, time: at(0, 10) + i * 10_000 })),
        ...Array.from({ length: 30 }, (_, i) => ({ action: 'file.downloaded' as const, actor: { email: 'new@example.com' }, time: at(9, 10) + i * MINUTE })),
      ],
      expect: { alerts: 0 },
    },
  ],
});
