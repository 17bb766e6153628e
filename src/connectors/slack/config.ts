import { z } from 'zod';
import { checkSimulatorUrl } from '../sdk/simulator-url.js';

/** Slack's hosts: the Audit Logs and SCIM APIs live on api.slack.com, the Web API on slack.com. */
export const SLACK_HOSTS = ['api.slack.com', 'slack.com'] as const;

/** The Audit Logs API serves at most 9,999 entries per request. */
export const AUDIT_MAX_LIMIT = 9999;

const userToken = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^xox[pe]-[A-Za-z0-9-]{10,}$/, `must be a Slack user token (xoxp-...) of an org owner with ${what}`);

/** What `parapet connect slack` asks for. Both tokens are secrets: encrypted at rest, never shown. */
export const SlackConfigSchema = z
  .object({
    /** `production` (slack.com) or `simulator` (the local simulator; loopback only). */
    environment: z.enum(['production', 'simulator']).default('production'),
    /** Org-level user token of an Enterprise Grid org owner with `auditlogs:read` (Audit Logs API). */
    auditToken: userToken('the auditlogs:read scope, installed on the org'),
    /**
     * Token with the `admin` scope for SCIM (accounts, groups, deactivation) and the Web API admin.* methods
     * (sessions, apps). May be the same token as `auditToken` when it carries both scopes.
     */
    adminToken: userToken('the admin, admin.users:write and admin.apps:read scopes'),
    /** Enterprise (org) id, E..., used by admin.apps.* lists. */
    enterpriseId: z.string().trim().regex(/^E[A-Z0-9]{6,}$/, 'must be the Enterprise Grid org id (E followed by letters and digits, see About this org)'),
    /** Base URL of the local simulator; only with environment `simulator`. */
    simulatorUrl: z.url().optional(),
    /** Audit entries per request (Slack allows 1..9999). @default 200 */
    pageSize: z.number().int().min(1).max(AUDIT_MAX_LIMIT).default(200),
  })
  .superRefine((config, ctx) => {
    checkSimulatorUrl(config, ctx);
  });

export type SlackConfig = z.infer<typeof SlackConfigSchema>;
export type SlackConfigInput = z.input<typeof SlackConfigSchema>;

export interface SlackEndpoints {
  /** Audit Logs API base, ending in /audit/v1. */
  audit: string;
  /** SCIM v2 base, ending in /scim/v2. */
  scim: string;
  /** Web API base, ending in /api. */
  web: string;
}

export function slackEndpoints(config: SlackConfig): SlackEndpoints {
  if (config.environment === 'simulator' && config.simulatorUrl) {
    const sim = config.simulatorUrl.replace(/\/$/, '');
    return { audit: `${sim}/audit/v1`, scim: `${sim}/scim/v2`, web: `${sim}/api` };
  }
  return { audit: 'https://api.slack.com/audit/v1', scim: 'https://api.slack.com/scim/v2', web: 'https://slack.com/api' };
}

/** Hosts a Slack connection may send its tokens to. */
export function slackAllowedHosts(config: SlackConfig): string[] {
  if (config.environment === 'simulator') return ['loopback'];
  return [...SLACK_HOSTS];
}
