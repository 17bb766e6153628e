import { z } from 'zod';
import { isLoopbackHost } from '../sdk/host-guard.js';

/** Reports applications read by default: sign-ins, admin console, OAuth tokens, Drive, account changes, SAML. */
export const DEFAULT_APPLICATIONS = ['login', 'admin', 'token', 'drive', 'user_accounts', 'saml'] as const;

/** Every `applicationName` the Reports API accepts (digest §2); the config refuses others by name. */
export const REPORT_APPLICATIONS = [
  'access_transparency', 'admin', 'calendar', 'chat', 'chrome', 'context_aware_access', 'data_studio', 'drive', 'gcp', 'groups',
  'groups_enterprise', 'jamboard', 'keep', 'login', 'meet', 'mobile', 'rules', 'saml', 'token', 'user_accounts',
] as const;

const email = z.string().trim().toLowerCase().email('must be an e-mail address');

/** What `parapet connect google-workspace` asks for. `privateKey` is a secret: encrypted at rest, never shown. */
export const GoogleWorkspaceConfigSchema = z
  .object({
    /** `production` (Google's APIs) or `simulator` (the local simulator; loopback only). */
    environment: z.enum(['production', 'simulator']).default('production'),
    /** The service account's e-mail (`client_email` of its JSON key), e.g. parapet@project.iam.gserviceaccount.com. */
    serviceAccountEmail: email,
    /** The service account's RSA private key (`private_key` of its JSON key, PEM). */
    privateKey: z.string().refine((k) => k.includes('PRIVATE KEY-----'), 'must be the PEM private key of the service account (the "private_key" of its JSON key file)'),
    /** `private_key_id` of the JSON key, sent as the JWT `kid`. @default none */
    privateKeyId: z.string().trim().min(1).optional(),
    /** A super administrator the service account impersonates through domain-wide delegation (the JWT `sub`). */
    adminEmail: email,
    /** The customer id (Admin console > Account settings), or `my_customer` for the admin's own. */
    customerId: z.string().trim().regex(/^(my_customer|C[0-9a-z]{6,12})$/i, 'must be my_customer or a customer id like C03az79cb').default('my_customer'),
    /** Reports applications whose activities are collected. */
    applications: z.array(z.enum(REPORT_APPLICATIONS)).min(1).default([...DEFAULT_APPLICATIONS]),
    /** Activities per request (Google allows 1..1000). @default 1000 */
    pageSize: z.number().int().min(1).max(1000).default(1000),
    /**
     * How far back every poll re-reads: Google delivers Reports events minutes to hours late (login and token
     * events the latest). @default 6
     */
    relistHours: z.number().min(1).max(48).default(6),
    /**
     * Whether this tenant's members anchor people's identities (governance through the identity provider acts
     * on them) for the tenant's verified domains. Turn it off where another identity provider connection —
     * a Microsoft 365 tenant verifying the same domain, say — holds the people: their accounts still link
     * by e-mail. @default true
     */
    anchorIdentities: z.boolean().default(true),
    /** Base URL of the local simulator; only with environment `simulator`. */
    simulatorUrl: z.url().optional(),
  })
  .superRefine((config, ctx) => {
    if (config.environment === 'simulator') {
      if (!config.simulatorUrl) ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'is required with environment simulator' });
      else if (!isLoopbackHost(new URL(config.simulatorUrl).hostname))
        ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'must be a loopback URL (127.0.0.1 or localhost)' });
    } else if (config.simulatorUrl) ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'is only allowed with environment simulator' });
    if (config.serviceAccountEmail === config.adminEmail)
      ctx.addIssue({ code: 'custom', path: ['adminEmail'], message: 'must be a super administrator of the domain, not the service account itself (domain-wide delegation impersonates a person)' });
  });

export type GoogleWorkspaceConfig = z.infer<typeof GoogleWorkspaceConfigSchema>;
export type GoogleWorkspaceConfigInput = z.input<typeof GoogleWorkspaceConfigSchema>;

export interface GoogleEndpoints {
  /** OAuth 2.0 token endpoint; also the JWT `aud`. */
  token: string;
  /** Admin SDK host: `/admin/directory/v1`, `/admin/reports/v1`. */
  admin: string;
  /** Cloud Identity Policy API host (`/v1/policies`). */
  cloudIdentity: string;
}

export function googleEndpoints(config: GoogleWorkspaceConfig): GoogleEndpoints {
  if (config.environment === 'simulator' && config.simulatorUrl) {
    const sim = config.simulatorUrl.replace(/\/$/, '');
    return { token: `${sim}/token`, admin: sim, cloudIdentity: sim };
  }
  return { token: 'https://oauth2.googleapis.com/token', admin: 'https://admin.googleapis.com', cloudIdentity: 'https://cloudidentity.googleapis.com' };
}
