import { DAY } from '../../../core/clock.js';
import { defineCheck } from '../../sdk/define-check.js';
import { str } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';
import { items } from './settings-read.js';

const STALE_AFTER = 90 * DAY;
const GRACE_FOR_NEW = 30 * DAY;

export default defineCheck({
  id: 'M365-16',
  title: 'No enabled accounts unused for 90 days',
  severity: 'low',
  rationale: 'Dormant accounts (leavers, finished projects, forgotten guests) keep their access; nobody notices when someone else starts using them.',
  remediation: 'Review the listed accounts: disable or delete the ones no longer needed (guests via an access review), and document the few that must stay, such as emergency-access accounts.',
  reference: 'CIS Microsoft 365 hygiene',
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.signInActivity];
    if (!doc) return { status: 'not_applicable', evidence: 'Users\' last sign-in times were not collected.' };
    if (doc.available === false) return { status: 'not_applicable', evidence: str(doc.reason) ?? 'Last sign-in times are not available in this tenant.' };
    const at = Date.parse(str(doc.collectedAt) ?? '');
    if (Number.isNaN(at)) return { status: 'not_applicable', evidence: 'The sign-in activity snapshot has no collection time.' };
    const stale: string[] = [];
    let enabledCount = 0;
    for (const user of items(doc.value)) {
      if (user.accountEnabled === false) continue;
      enabledCount++;
      const last = Date.parse(str(user.lastSuccessfulSignInDateTime) ?? '');
      const created = Date.parse(str(user.createdDateTime) ?? '');
      const neverButOld = Number.isNaN(last) && !Number.isNaN(created) && at - created > GRACE_FOR_NEW;
      if ((!Number.isNaN(last) && at - last > STALE_AFTER) || neverButOld) stale.push(str(user.userPrincipalName) ?? str(user.id) ?? '?');
    }
    if (stale.length === 0) return { status: 'pass', evidence: `All ${enabledCount} enabled accounts signed in within 90 days (or are newer than 30 days).` };
    stale.sort();
    return {
      status: 'fail',
      evidence: `${stale.length} enabled account(s) have not signed in for 90 days: ${stale.slice(0, 10).join(', ')}${stale.length > 10 ? ', …' : ''}.`,
      details: { stale },
    };
  },
});
