import { z } from 'zod';

/** Response shapes shared by several routes. Request shapes live beside their routes. */

export const RoleSchema = z.enum(['admin', 'analyst', 'viewer']);

export const SessionUserSchema = z.object({ id: z.string(), username: z.string(), role: RoleSchema }).meta({ id: 'SessionUser' });

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    role: RoleSchema,
    sso: z.boolean(),
    disabled: z.boolean(),
    lockedUntil: z.number().int().nullable(),
    createdAt: z.number().int(),
    lastLoginAt: z.number().int().nullable(),
  })
  .meta({ id: 'User' });

export const IdParamsSchema = z.object({ id: z.string().min(1).max(200) });

export const OkSchema = z.object({ ok: z.literal(true) });

export const JsonObjectSchema = z.record(z.string(), z.unknown());
