import { z } from 'zod';
import { ApproverRoleSchema, PreferSchema } from '../core/governance-action.js';
import type { Db } from '../store/db.js';
import { getGovernanceRule } from '../store/repos/governance.js';

/**
 * How a policy's (or a person's) request of one action kind is handled. Stored per policy id (or `*`, any
 * request, and `manual`, requests made by a person) and per action kind (or `*`).
 */
export const GovernanceRuleSchema = z
  .object({
    /** `automatic` runs at once; `approval` waits for an allowed approver. @default approval (notify-user: automatic) */
    mode: z.enum(['automatic', 'approval']).optional(),
    /** Roles that may approve. @default ['admin'] */
    approverRoles: z.array(ApproverRoleSchema).min(1).optional(),
    /** Hours a pending request waits for a decision before it expires. @default 24 */
    expiresHours: z.number().positive().max(24 * 30).optional(),
    /** The requester may approve their own request. @default false */
    allowSelfApproval: z.boolean().optional(),
    /** Where to act on a person: wherever possible, in the app itself, or at the identity provider. @default auto */
    prefer: PreferSchema.optional(),
    /** Automatic requests of this kind a policy may make per hour before the rest are blocked. @default 5 */
    maxPerHour: z.number().int().min(0).optional(),
    /** Administrators are protected unless this is set. @default false */
    allowAdmins: z.boolean().optional(),
  })
  .strict();
export type GovernanceRuleSettings = z.infer<typeof GovernanceRuleSchema>;
export type GovernanceRule = { [K in keyof GovernanceRuleSettings]-?: Exclude<GovernanceRuleSettings[K], undefined> };

export const DEFAULT_POLICY_MAX_PER_HOUR = 5;

export function defaultRule(kind: string): GovernanceRule {
  return {
    mode: kind === 'notify-user' ? 'automatic' : 'approval',
    approverRoles: ['admin'],
    expiresHours: 24,
    allowSelfApproval: false,
    prefer: 'auto',
    maxPerHour: kind === 'notify-user' ? 50 : DEFAULT_POLICY_MAX_PER_HOUR,
    allowAdmins: false,
  };
}

/** The rule that applies: the most specific stored one field by field over the defaults ((policy, kind) first, then (policy, *), (*, kind), (*, *)). */
export async function resolveRule(db: Db, policyId: string | null, kind: string): Promise<GovernanceRule> {
  const scope = policyId ?? 'manual';
  const layers = [await getGovernanceRule(db, '*', '*'), await getGovernanceRule(db, '*', kind), await getGovernanceRule(db, scope, '*'), await getGovernanceRule(db, scope, kind)];
  let rule = defaultRule(kind);
  for (const layer of layers) {
    if (!layer) continue;
    const parsed = GovernanceRuleSchema.safeParse(layer);
    if (parsed.success) rule = { ...rule, ...(stripUndefined(parsed.data) as Partial<GovernanceRule>) };
  }
  return rule;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
