import type { GovernanceRequest } from './governance-action.js';

/**
 * How an action's outcome reads, in the CLI and the portal alike. A change the provider accepted but does not
 * show when read back (`verified: false`) is not a plain success: the analyst must check it in the app.
 */
export function actionOutcome(r: Pick<GovernanceRequest, 'status' | 'verified'>): { label: string; warning: string | null } {
  if (r.status === 'succeeded' && r.verified === false) {
    return { label: 'succeeded, not verified', warning: 'The provider accepted the change but does not show it when read back. Parapet reads it again 1, 5 and 30 minutes after; until it shows, check it in the app (the log has what was read).' };
  }
  return { label: r.status, warning: null };
}
