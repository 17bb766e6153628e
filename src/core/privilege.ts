import { z } from 'zod';

/**
 * One role held by one principal in one connected app (M365 directory role assignment, Okta admin role).
 * Unique per (accountProviderId, roleId, scope): direct and group-inherited holdings of the same role are
 * one record, with the way it is held in `details`.
 */
export const PrivilegeRecordSchema = z.object({
  /** Provider id of the principal holding the role: a user, or a group / app when the role is held that way. */
  accountProviderId: z.string().min(1),
  /** Display name of the role, e.g. `Global Administrator`. */
  role: z.string().min(1),
  /** Provider's stable role id (M365: the role definition / template id). */
  roleId: z.string().min(1),
  /** Where the role applies; `/` = the whole tenant. */
  scope: z.string().default('/'),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type PrivilegeRecord = z.input<typeof PrivilegeRecordSchema>;
