import type { GovernanceAction } from '../core/governance-action.js';
import { loadPolicies, tunePolicy } from '../detection/policy-store.js';
import type { Db } from '../store/db.js';
import { getGovernanceRule, saveGovernanceRule } from '../store/repos/governance.js';

/**
 * The demo's two governance paths, so a newcomer sees both in the log: impossible travel notifies the
 * person at once (a safe automatic action); a forwarding rule to an outside address asks an admin to
 * approve suspending the account and removing the mailbox's forwarding rules.
 */
export const DEMO_GOVERNANCE: readonly { policyId: string; action: GovernanceAction; rule: Record<string, unknown> }[] = [
  { policyId: 'detection.impossible-travel', action: 'notify-user', rule: { mode: 'automatic' } },
  { policyId: 'detection.mail-forwarding', action: 'suspend-user', rule: { mode: 'approval', approverRoles: ['admin'], expiresHours: 24, allowSelfApproval: false } },
  { policyId: 'detection.mail-forwarding', action: 'remove-forwarding-rules', rule: { mode: 'approval', approverRoles: ['admin'], expiresHours: 24, allowSelfApproval: false } },
];

/** Applies DEMO_GOVERNANCE where the admin has not set the policy's actions or rule themselves. */
export async function seedDemoGovernance(db: Db, now: number): Promise<void> {
  const { listings } = await loadPolicies(db);
  const policyIds = [...new Set(DEMO_GOVERNANCE.map((e) => e.policyId))];
  for (const policyId of policyIds) {
    const listing = listings.find((l) => l.rule.id === policyId);
    if (!listing) continue;
    const entries = DEMO_GOVERNANCE.filter((e) => e.policyId === policyId);
    if (listing.settings.actions === undefined) await tunePolicy(db, policyId, { actions: entries.map((e) => e.action) }, now);
    for (const entry of entries) {
      if (!(await getGovernanceRule(db, policyId, entry.action))) await saveGovernanceRule(db, policyId, entry.action, entry.rule, now);
    }
  }
}
