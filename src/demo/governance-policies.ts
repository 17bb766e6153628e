import type { GovernanceAction } from '../core/governance-action.js';
import { loadPolicies, tunePolicy } from '../detection/policy-store.js';
import type { Db } from '../store/db.js';
import { getGovernanceRule, saveGovernanceRule } from '../store/repos/governance.js';

/**
 * The demo's two governance paths, so a newcomer sees both in the log: impossible travel notifies the
 * person at once (a safe automatic action); a forwarding rule to an outside address asks an admin to
 * approve suspending the account.
 */
export const DEMO_GOVERNANCE: readonly { policyId: string; action: GovernanceAction; rule: Record<string, unknown> }[] = [
  { policyId: 'detection.impossible-travel', action: 'notify-user', rule: { mode: 'automatic' } },
  { policyId: 'detection.mail-forwarding', action: 'suspend-user', rule: { mode: 'approval', approverRoles: ['admin'], expiresHours: 24, allowSelfApproval: false } },
];

/** Applies DEMO_GOVERNANCE where the admin has not set the policy's actions or rule themselves. */
export async function seedDemoGovernance(db: Db, now: number): Promise<void> {
  const { listings } = await loadPolicies(db);
  for (const entry of DEMO_GOVERNANCE) {
    const listing = listings.find((l) => l.rule.id === entry.policyId);
    if (!listing) continue;
    if (listing.settings.actions === undefined) await tunePolicy(db, entry.policyId, { actions: [entry.action] }, now);
    if (!(await getGovernanceRule(db, entry.policyId, entry.action))) await saveGovernanceRule(db, entry.policyId, entry.action, entry.rule, now);
  }
}
