import { z } from 'zod';
import { isLoopbackHost } from '../sdk/host-guard.js';

/** ServiceNow's largest page (`sysparm_limit` default when omitted is 10000, digest §3). */
export const SERVICENOW_MAX_PAGE_SIZE = 10_000;
export const SERVICENOW_DEFAULT_PAGE_SIZE = 1000;

/**
 * What `parapet connect servicenow` asks for. Three ways in: basic auth of an integration user (the most
 * common), or OAuth through an Application Registry entry with the password grant (the integration user's
 * credentials exchanged for a short-lived token) or the client-credentials grant (newer releases).
 * `password` and `clientSecret` are secrets: encrypted at rest, never shown.
 */
export const ServiceNowConfigSchema = z
  .object({
    /** The instance URL, e.g. https://acme.service-now.com (or the instance's custom domain). */
    instanceUrl: z.url('must be the instance URL, such as https://acme.service-now.com'),
    authMethod: z.enum(['basic', 'oauth-password', 'oauth-client-credentials']).default('basic'),
    /** user_name of the integration user (basic auth and the OAuth password grant). */
    username: z.string().trim().min(1, 'must be the integration user\'s user_name').optional(),
    /** That user's password. */
    password: z.string().min(1, 'must be the integration user\'s password').optional(),
    /** Client id of the OAuth API endpoint in System OAuth → Application Registry (32 hex characters). */
    clientId: z.string().trim().min(8, 'must be the Application Registry entry\'s Client ID').optional(),
    /** Its client secret. */
    clientSecret: z.string().min(1, 'must be the Application Registry entry\'s Client Secret').optional(),
    /** Records per Table API request (`sysparm_limit`, 1..10000). @default 1000 */
    pageSize: z.number().int().min(1).max(SERVICENOW_MAX_PAGE_SIZE).default(SERVICENOW_DEFAULT_PAGE_SIZE),
  })
  .superRefine((config, ctx) => {
    const url = new URL(config.instanceUrl);
    const host = url.hostname.toLowerCase();
    if (!isLoopbackHost(host) && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', path: ['instanceUrl'], message: 'must be https (e.g. https://acme.service-now.com)' });
    if (url.pathname !== '/' && url.pathname !== '') ctx.addIssue({ code: 'custom', path: ['instanceUrl'], message: 'must be the bare instance URL, without a path (e.g. https://acme.service-now.com, not …/now/nav/ui)' });
    const need = (field: 'username' | 'password' | 'clientId' | 'clientSecret', why: string) => {
      if (!config[field]) ctx.addIssue({ code: 'custom', path: [field], message: `is required with authMethod ${config.authMethod} (${why})` });
    };
    if (config.authMethod !== 'oauth-client-credentials') {
      need('username', "the integration user's user_name, System Security → Users");
      need('password', "the integration user's password");
    }
    if (config.authMethod !== 'basic') {
      need('clientId', 'System OAuth → Application Registry → the OAuth API endpoint → Client ID');
      need('clientSecret', 'the same entry\'s Client Secret');
    }
  });

export type ServiceNowConfig = z.infer<typeof ServiceNowConfigSchema>;
export type ServiceNowConfigInput = z.input<typeof ServiceNowConfigSchema>;

export function instanceBase(config: ServiceNowConfig): string {
  return new URL(config.instanceUrl).origin;
}

/** Hosts credentials may go to: the instance's own host only (loopback for the simulator). */
export function serviceNowAllowedHosts(config: ServiceNowConfig): string[] {
  const host = new URL(config.instanceUrl).hostname.toLowerCase();
  return isLoopbackHost(host) ? ['loopback'] : [host];
}
