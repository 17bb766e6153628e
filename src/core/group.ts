import { z } from 'zod';

/**
 * A group in one connected app, as a snapshot stream reports it. `kind` is the provider's own category in
 * plain words (M365: `microsoft365`, `security`, `mail-enabled-security`, `distribution`).
 */
export const GroupRecordSchema = z.object({
  providerId: z.string().min(1),
  name: z.string().nullable(),
  kind: z.string().min(1),
  /** Provider ids of the direct members (accounts, nested groups, apps, devices). */
  members: z.array(z.string()).default([]),
  /** Provider facts: member types, dynamic rule, visibility, role-assignable, ... */
  details: z.record(z.string(), z.unknown()).default({}),
});
export type GroupRecord = z.input<typeof GroupRecordSchema>;
