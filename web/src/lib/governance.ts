import { actionOutcome } from '../../../src/core/action-outcome.js';
import type { GovernanceRequest } from '../../../src/core/governance-action.js';

const ACTION_STATUS_COLOR: Record<string, string> = { pending: 'yellow', approved: 'blue', running: 'blue', succeeded: 'teal', partial: 'orange', failed: 'red', blocked: 'red', rejected: 'gray', cancelled: 'gray', expired: 'gray', undone: 'grape' };

/**
 * An action's status as the portal shows it: a change not seen when read back is orange, with why. `tone` is the
 * colour of the notification after a request or a decision: red when it failed or was blocked, orange when it
 * did not show when read back, else teal.
 */
export function actionBadge(r: Pick<GovernanceRequest, 'status' | 'verified'>): { label: string; color: string; hint: string | null; tone: 'red' | 'orange' | 'teal' } {
  const { label, warning } = actionOutcome(r);
  const tone = r.status === 'failed' || r.status === 'blocked' ? 'red' : warning ? 'orange' : 'teal';
  return { label, color: warning ? 'orange' : (ACTION_STATUS_COLOR[r.status] ?? 'gray'), hint: warning, tone };
}
