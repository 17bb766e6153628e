import { z } from 'zod';
import { ACTION_IDS } from './governance-action.js';

/** Alert severity, lowest first. Maps to OCSF `severity_id` 2 Low … 5 Critical on export. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export const AlertStatusSchema = z.enum(['open', 'in_progress', 'resolved', 'dismissed']);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/** Why an alert was closed: the analyst's verdict. */
export const AlertResolutionSchema = z.enum(['true_positive', 'benign_true_positive', 'false_positive']);
export type AlertResolution = z.infer<typeof AlertResolutionSchema>;

/** Governance actions a policy may request for its alerts (the governance module carries them out). */
export { GovernanceActionSchema, type GovernanceAction } from './governance-action.js';

/** One place an alert's activities came from, as evidence for travel and country alerts. */
export const AlertLocationSchema = z.object({
  activityId: z.string(),
  time: z.number().int(),
  ip: z.string().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  source: z.string().nullable(),
});
export type AlertLocation = z.infer<typeof AlertLocationSchema>;

/** What an alert is about: the person (and their linked identity), the app and where it came from. */
export const AlertSubjectSchema = z.object({
  /** `user` for most policies; `ip` when one address acts across many users (password spray). */
  type: z.enum(['user', 'ip', 'app']),
  /** Lower-cased e-mail, provider user id, IP address or app id. */
  key: z.string(),
  email: z.string().nullable(),
  userId: z.string().nullable(),
  identityId: z.string().nullable(),
});
export type AlertSubject = z.infer<typeof AlertSubjectSchema>;

/** Parapet's alert: one per policy × subject × dedup window; later activities join it as evidence. */
export const AlertSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  policyId: z.string(),
  policyName: z.string(),
  /** Which part of a policy fired (e.g. `user` or `spray` for failed log-ons). */
  variant: z.string().nullable(),
  severity: SeveritySchema,
  status: AlertStatusSchema,
  resolution: AlertResolutionSchema.nullable(),
  resolutionNote: z.string().nullable(),
  subject: AlertSubjectSchema,
  connectorInstanceId: z.string().nullable(),
  provider: z.string().nullable(),
  app: z.string().nullable(),
  /** One sentence an analyst can trust: what happened, against which baseline, why it is unusual. */
  explanation: z.string(),
  /** The baseline the activity was compared with (policy-specific, small). */
  baseline: z.record(z.string(), z.unknown()).nullable(),
  /** Policy-specific facts (locations for travel, counts, scopes granted). */
  details: z.record(z.string(), z.unknown()),
  activityIds: z.array(z.string()),
  // Stored and served ids are the current vocabulary (migration 0008 rewrote older ones): a plain enum, so API
  // responses can be encoded (GovernanceActionSchema's legacy mapping is for input).
  requestedActions: z.array(z.enum(ACTION_IDS)),
  firstActivityAt: z.number().int(),
  lastActivityAt: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** The closed alert of the same policy and subject this one followed (a finding after dismiss or resolve). */
  previousAlertId: z.string().nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** The compact JSON line `parapet detect` writes per alert. */
export interface AlertLine {
  id: string;
  policy: string;
  severity: Severity;
  user: string | null;
  time: string;
  explanation: string;
  activityIds: string[];
}
