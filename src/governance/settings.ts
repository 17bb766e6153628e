import { ACTION_IDS, PLAYBOOK_IDS } from '../core/governance-action.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { loadPolicies } from '../detection/policy-store.js';
import type { Db } from '../store/db.js';
import { addProtected, getGovernanceRule, listGovernanceRules, listProtected, removeProtected, saveGovernanceRule } from '../store/repos/governance.js';
import { GovernanceRuleSchema, resolveRule, type GovernanceRule, type GovernanceRuleSettings } from './rules.js';

/**
 * The settings an admin keeps for governance: the rules per policy and action kind (approval or automatic,
 * approvers, expiry, self-approval, where to act, rate limit, administrators) and the protected list. The CLI
 * (`parapet action rule`, `parapet action protect`) and the API (`/api/v1/governance/rules|protected`) come through here.
 */

/** Rule scopes besides policy ids: any request, and requests made by a person. */
const SPECIAL_SCOPES = ['*', 'manual'];

async function checkScope(db: Db, policyId: string, kind: string): Promise<void> {
  const kinds = ['*', ...ACTION_IDS, ...PLAYBOOK_IDS] as readonly string[];
  if (!kinds.includes(kind)) throw new ValidationError(`"${kind}" is not a governance action: use one of ${kinds.join(', ')}.`);
  if (SPECIAL_SCOPES.includes(policyId)) return;
  const { listings } = await loadPolicies(db);
  if (!listings.some((l) => l.rule.id === policyId)) {
    throw new NotFoundError(`No policy "${policyId}": name a policy id (\`parapet policy list\`), "manual" (requests made by a person) or "*" (every request).`);
  }
}

/**
 * Merges `patch` into the stored rule of (policy, kind). Returns what is stored and, for one policy (or
 * "manual") and one kind, the rule that now applies with the wider rules and the defaults under it.
 */
export async function setGovernanceRule(db: Db, policyId: string, kind: string, patch: GovernanceRuleSettings, now: number): Promise<{ stored: GovernanceRuleSettings; effective: GovernanceRule | null }> {
  await checkScope(db, policyId, kind);
  const merged = { ...((await getGovernanceRule(db, policyId, kind)) ?? {}), ...patch };
  const parsed = GovernanceRuleSchema.safeParse(merged);
  if (!parsed.success) throw new ValidationError(`The governance rule for ${policyId} / ${kind} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`).join('; ')}.`);
  await saveGovernanceRule(db, policyId, kind, parsed.data, now);
  const effective = policyId === '*' || kind === '*' ? null : await resolveRule(db, policyId === 'manual' ? null : policyId, kind);
  return { stored: parsed.data, effective };
}

export const listRules = listGovernanceRules;

/** Puts an e-mail, a provider id or `*@domain` on the protected list: no action may touch it. */
export async function protect(db: Db, entry: { match: string; reason: string; addedBy: string; now: number }): Promise<{ match: string; reason: string; addedBy: string; addedAt: number }> {
  const match = entry.match.trim();
  if (!/^(\*@[a-z0-9.-]+\.[a-z]{2,}|[^\s*]{1,320})$/i.test(match)) throw new ValidationError(`"${entry.match}" is not an e-mail, a provider id or *@domain.`);
  if (!entry.reason.trim()) throw new ValidationError('Say why it is protected (--reason), e.g. "break-glass account".');
  await addProtected(db, { ...entry, match, reason: entry.reason.trim() });
  return { match: match.toLowerCase(), reason: entry.reason.trim(), addedBy: entry.addedBy, addedAt: entry.now };
}

export async function unprotect(db: Db, match: string): Promise<void> {
  if (!(await removeProtected(db, match.trim()))) throw new NotFoundError(`"${match}" is not on the protected list: \`parapet action protected\` lists it.`);
}

export const listProtectedTargets = listProtected;
