import { actionOutcome } from '../../../src/core/action-outcome.js';
import type { GovernanceRequest } from '../../../src/core/governance-action.js';

const STATUS_COLOR: Record<string, string> = { pending: 'yellow', approved: 'blue', running: 'blue', succeeded: 'teal', partial: 'orange', failed: 'red', blocked: 'red', rejected: 'gray', cancelled: 'gray', expired: 'gray', undone: 'grape' };

/** An action's status as the portal shows it: a change not seen when read back is orange, with why. */
export function actionBadge(r: Pick<GovernanceRequest, 'status' | 'verified'>): { label: string; color: string; hint: string | null } {
  const { label, warning } = actionOutcome(r);
  return { label, color: warning ? 'orange' : (STATUS_COLOR[r.status] ?? 'gray'), hint: warning };
}
