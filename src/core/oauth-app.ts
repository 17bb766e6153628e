import { z } from 'zod';

/** One permission grant to a third-party (OAuth) app. */
export const OAuthGrantSchema = z.object({
  /** Provider id of the grant, used to revoke it. */
  id: z.string().min(1),
  /** `delegated`: the app acts as the user(s) who consented; `application`: the app acts as itself. */
  kind: z.enum(['delegated', 'application']),
  /** Scope / permission values, e.g. `Mail.Read`, `offline_access`. */
  scopes: z.array(z.string()),
  /** The user the grant is for; null = every user of the tenant (admin consent, application permissions). */
  principalProviderId: z.string().nullable(),
  /** The API the scopes are for, e.g. `Microsoft Graph`. */
  resource: z.string(),
});
export type OAuthGrant = z.infer<typeof OAuthGrantSchema>;

/** A third-party app with access to a connected app's data, as the oauthApps snapshot stream reports it. */
export const OAuthAppRecordSchema = z.object({
  /** Provider id of the app's instance in the tenant (M365: service principal object id). */
  providerId: z.string().min(1),
  /** The app's global id (M365 appId / client id). */
  appId: z.string().min(1),
  name: z.string().nullable(),
  publisher: z.string().nullable(),
  /** The publisher's identity was verified by the provider (M365 verified publisher). */
  verifiedPublisher: z.boolean(),
  /** Published by someone other than the provider and the tenant itself. */
  thirdParty: z.boolean(),
  enabled: z.boolean(),
  grants: z.array(OAuthGrantSchema).default([]),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type OAuthAppRecord = z.input<typeof OAuthAppRecordSchema>;
