import { z } from 'zod';

/**
 * A connector id, the Activity's `provider` field: lower-case words joined by `-` (`microsoft365`,
 * `google-workspace`). Which ids exist is the connector registry's business (src/connectors/registry.ts);
 * core only checks the form, and the edges (config, CLI, API) check the id against the registry.
 */
export const ProviderIdSchema = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a connector id: lower-case letters and digits, words joined by "-"');
export type ProviderId = string;

/**
 * The closed action list of ACTIVITY-SCHEMA.md §3, each with its OCSF 1.8 class and activity.
 * Detections key on `action`; anything a connector cannot place is `other`.
 */
export const ACTION_OCSF = {
  'user.login': [3002, 1],
  'user.login_failed': [3002, 1],
  'user.logout': [3002, 2],
  'user.sso_login': [3002, 1],
  'user.mfa_challenge': [3002, 99],
  'user.impersonation_started': [3002, 7],
  'user.sessions_revoked': [3002, 2],
  'user.locked_out': [3001, 9],
  'user.created': [3001, 1],
  'user.invited': [3001, 1],
  'user.updated': [3004, 3],
  'user.suspended': [3001, 5],
  'user.unsuspended': [3001, 2],
  'user.deleted': [3001, 6],
  'user.password_changed': [3001, 3],
  'user.password_reset': [3001, 4],
  'admin.role_assigned': [3005, 1],
  'admin.role_removed': [3005, 2],
  'group.member_added': [3006, 3],
  'group.member_removed': [3006, 4],
  'group.created': [3006, 6],
  'group.deleted': [3006, 5],
  'app.user_assigned': [3005, 1],
  'mfa.enabled': [3001, 10],
  'mfa.disabled': [3001, 11],
  'security.mfa_requirement_disabled': [3004, 3],
  'security.sso_changed': [3004, 3],
  'security.policy_changed': [3004, 3],
  'credential.created': [3004, 1],
  'credential.revoked': [3004, 4],
  'oauth.consent_granted': [3005, 1],
  'oauth.consent_revoked': [3005, 2],
  'app.installed': [3004, 1],
  'app.removed': [3004, 4],
  'app.permissions_expanded': [3005, 1],
  'file.downloaded': [6006, 2],
  'file.synced': [6006, 15],
  'file.viewed': [6006, 14],
  'file.uploaded': [6006, 1],
  'file.modified': [6006, 3],
  'file.deleted': [6006, 4],
  'file.shared': [6006, 12],
  'file.public_link_created': [6006, 12],
  'file.unshared': [6006, 13],
  'mail.inbox_rule_created': [6003, 1],
  'mail.inbox_rule_changed': [6003, 3],
  'mail.forwarding_set': [6003, 3],
  'mail.permission_granted': [3005, 1],
  'admin.setting_changed': [3004, 3],
  'data.exported': [6001, 7],
  'provider.alert': [2004, 1],
  other: [6003, 99],
} as const satisfies Record<string, readonly [number, number]>;

export type Action = keyof typeof ACTION_OCSF;
export const ACTIONS = Object.keys(ACTION_OCSF) as [Action, ...Action[]];
export const ActionSchema = z.enum(ACTIONS);

/** OCSF category of a class uid: the thousands digit (3002 -> 3 IAM). */
export function ocsfFor(action: Action): { classUid: number; activityId: number; categoryUid: number } {
  const [classUid, activityId] = ACTION_OCSF[action];
  return { classUid, activityId, categoryUid: Math.floor(classUid / 1000) };
}

/**
 * `interrupted`: the identity provider stopped a sign-in for one more step (MFA, "stay signed in?", device
 * registration; src/core/sign-in-outcomes.ts) — not a failure, not yet a success.
 */
export const OutcomeSchema = z.enum(['success', 'failure', 'interrupted', 'unknown']);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const ActorTypeSchema = z.enum(['user', 'admin', 'service', 'app', 'system', 'unknown']);
export const TargetTypeSchema = z.enum([
  'user',
  'group',
  'role',
  'app',
  'file',
  'setting',
  'policy',
  'mailbox',
  'envelope',
  'token',
  'other',
]);

const nullableString = z.string().nullable();

export const TargetChangeSchema = z.object({
  field: z.string(),
  old: z.unknown().optional(),
  new: z.unknown().optional(),
});

export const TargetSchema = z.object({
  type: TargetTypeSchema,
  id: nullableString,
  name: nullableString,
  email: nullableString.optional(),
  changes: z.array(TargetChangeSchema).optional(),
});
export type Target = z.infer<typeof TargetSchema>;

export const PersonRefSchema = z.object({ userId: nullableString, email: nullableString, name: nullableString });

export const IpFlagsSchema = z.object({
  proxy: z.boolean().optional(),
  tor: z.boolean().optional(),
  anonymous: z.boolean().optional(),
  hosting: z.boolean().optional(),
  source: z.string(),
});
export type IpFlags = z.infer<typeof IpFlagsSchema>;

export const GeoSchema = z.object({
  country: nullableString,
  region: nullableString,
  city: nullableString,
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  source: z.enum(['provider', 'lookup']).nullable(),
});
export type Geo = z.infer<typeof GeoSchema>;

/** Parapet's normalised audit record (ACTIVITY-SCHEMA.md §2). */
export const ActivitySchema = z.object({
  id: z.string(),
  connectorInstanceId: z.string(),
  provider: ProviderIdSchema,
  app: z.string(),
  tenantId: nullableString,
  sourceId: z.string().min(1),
  time: z.number().int(),
  originalTime: z.string(),
  ingestedAt: z.number().int(),
  ocsf: z.object({ classUid: z.number().int(), activityId: z.number().int(), categoryUid: z.number().int() }),
  severityId: z.number().int(),
  action: ActionSchema,
  eventType: z.string(),
  message: nullableString,
  outcome: OutcomeSchema,
  outcomeReason: nullableString,
  outcomeCode: nullableString,
  actor: z.object({
    userId: nullableString,
    email: nullableString,
    name: nullableString,
    type: ActorTypeSchema,
    isAdmin: z.boolean().nullable(),
    appId: nullableString,
    appName: nullableString,
  }),
  impersonator: PersonRefSchema.nullable(),
  service: z.object({ id: nullableString, name: nullableString }).nullable(),
  targets: z.array(TargetSchema),
  srcIp: nullableString,
  srcPort: z.number().int().nullable(),
  ipVersion: z.union([z.literal(4), z.literal(6)]).nullable(),
  geo: GeoSchema,
  asn: z.number().int().nullable(),
  asOrg: nullableString,
  isp: nullableString,
  ipFlags: IpFlagsSchema.nullable(),
  userAgent: nullableString,
  ua: z.object({ os: nullableString, browser: nullableString, device: nullableString }),
  device: z
    .object({
      id: nullableString.optional(),
      name: nullableString.optional(),
      managed: z.boolean().nullable().optional(),
      compliant: z.boolean().nullable().optional(),
    })
    .nullable(),
  sessionId: nullableString,
  correlationId: nullableString,
  auth: z.object({
    mfa: z.boolean().nullable(),
    protocol: z.enum(['saml', 'oidc', 'oauth2', 'basic', 'ldap', 'other']).nullable(),
    interactive: z.boolean().nullable(),
    method: nullableString,
  }),
  raw: z.record(z.string(), z.unknown()),
});
export type Activity = z.infer<typeof ActivitySchema>;
