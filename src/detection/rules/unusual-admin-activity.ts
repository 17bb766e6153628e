import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at } from './example-helpers.js';
import { ADMIN_ACTIONS } from './shared.js';
import type { VolumeBaseline, VolumeParams } from './volume-baseline.js';
import { userVolumeParts } from './user-volume.js';

/** A user performs far more administrative actions in an hour than they ever did. */
export const unusualAdminActivity = defineRule<VolumeBaseline, VolumeParams>({
  id: 'detection.unusual-admin-activity',
  kind: 'builtin',
  title: 'Unusual administrative activity',
  description:
    "A user performed far more administrative actions (creating, suspending or deleting users, changing roles, groups, apps, credentials or the organisation's settings, exporting data) within an hour than in their own busiest hour so far. A compromised admin account, or an insider preparing something, often shows this burst.",
  severity: 'medium',
  runbook:
    'Review the administrative changes in the evidence with the admin. Undo the unauthorised ones, and if the account is not theirs to explain, suspend it and rotate its credentials and tokens.',
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/anomaly-detection-policy#unusual-administrative-activity-by-user',
  attack: [{ id: 'T1098', name: 'Account Manipulation' }, { id: 'T1078.004', name: 'Valid Accounts: Cloud Accounts' }],
  actions: ADMIN_ACTIONS,
  params: {
    low: { minCount: 40, multiplier: 5, windowMinutes: 60, learningFloor: 100 },
    medium: { minCount: 20, multiplier: 3, windowMinutes: 60, learningFloor: 50 },
    high: { minCount: 10, multiplier: 2, windowMinutes: 60, learningFloor: 25 },
  },
  ...userVolumeParts('administrative actions', (a, count, peak, minutes, ctx) =>
    `${actorLabel(a)} made ${count} administrative changes in ${a.app} within ${minutes} minutes (the latest: ${a.action}); ${peak === null ? `their baseline is still being learned, and that reaches the ${ctx.params.learningFloor} the policy alerts at meanwhile` : `their busiest ${minutes} minutes before held ${peak}`}.`,
  ),
  examples: [
    {
      name: 'fires: an admin who changes a setting now and then deletes 25 users in half an hour',
      activities: [
        ...Array.from({ length: 10 }, (_, d) => ({ action: 'admin.setting_changed' as const, actor: { email: 'root@example.com', type: 'admin' as const }, time: at(d, 11) })),
        ...Array.from({ length: 25 }, (_, i) => ({
          id: `del-${i}`,
          action: 'user.deleted' as const,
          actor: { email: 'root@example.com', type: 'admin' as const },
          targets: [{ type: 'user' as const, id: `u${i}`, name: null }],
          time: at(12, 23) + i * 60_000,
        })),
      ],
      expect: { alerts: 1, subjects: ['root@example.com'], activityIds: [['del-0', 'del-24']], explanationContains: 'administrative changes' },
    },
    {
      name: 'no alert for an admin who onboards a class of new hires every week',
      activities: [0, 7, 14].flatMap((d) =>
        Array.from({ length: 30 }, (_, i) => ({ action: 'user.created' as const, actor: { email: 'hr@example.com', type: 'admin' as const }, time: at(d, 9) + i * 60_000 })),
      ),
      expect: { alerts: 0 },
    },
    {
      name: 'no alert for ordinary, sparse admin work',
      activities: Array.from({ length: 20 }, (_, d) => ({ action: 'group.member_added' as const, actor: { email: 'it@example.com' }, time: at(d, 14) })),
      expect: { alerts: 0 },
    },
  ],
});
