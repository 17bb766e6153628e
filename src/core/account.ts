import { z } from 'zod';

export const AccountStatusSchema = z.enum(['active', 'suspended', 'deleted']);
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

/** An account in one connected app, as a snapshot stream reports it. */
export const AccountRecordSchema = z.object({
  providerId: z.string().min(1),
  email: z.string().nullable(),
  name: z.string().nullable(),
  status: AccountStatusSchema,
  isAdmin: z.boolean().nullable(),
  /** Verified e-mail aliases (M365 proxyAddresses) used for identity linking. */
  aliases: z.array(z.string()).default([]),
  /** Provider facts kept for the entity page and posture (memberships, MFA flags, ...). */
  details: z.record(z.string(), z.unknown()).default({}),
  /**
   * Identity providers only: this account may anchor its person's identity (governance acts through it).
   * True only for a member — not a guest — of the tenant that owns the e-mail's verified domain. @default false
   */
  identityAnchor: z.boolean().default(false),
});
export type AccountRecord = z.input<typeof AccountRecordSchema>;

/** A stored account. */
export interface Account {
  id: string;
  connectorInstanceId: string;
  providerId: string;
  email: string | null;
  name: string | null;
  status: AccountStatus;
  isAdmin: boolean | null;
  identityId: string | null;
  details: Record<string, unknown>;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** What normalisers may look up about an actor: the inventory at ingest time. */
export interface AccountRef {
  email: string | null;
  name: string | null;
  isAdmin: boolean | null;
  status: AccountStatus;
}
