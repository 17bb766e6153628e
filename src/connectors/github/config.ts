import { z } from 'zod';
import { isLoopbackHost } from '../sdk/host-guard.js';

/** GitHub's REST API version Parapet speaks (`X-GitHub-Api-Version`). */
export const GITHUB_API_VERSION = '2022-11-28';

const login = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'must be a GitHub organisation login such as acme-corp (letters, digits and hyphens)');

/**
 * What `parapet connect github` asks for. A GitHub App installation (app id, installation id, private key)
 * is preferred; a fine-grained personal access token works too. `privateKey` and `token` are secrets:
 * encrypted at rest, never shown. Exactly one of the two ways is given.
 */
export const GithubConfigSchema = z
  .object({
    /** `cloud` (github.com, GitHub Enterprise Cloud), `server` (GHES at `apiUrl`) or `simulator` (loopback only). @default cloud */
    environment: z.enum(['cloud', 'server', 'simulator']).default('cloud'),
    /** The organisation's login, as in https://github.com/<org>. */
    organization: login,
    /** GitHub App id (App settings → About → App ID). */
    appId: z.union([z.string().regex(/^\d+$/, 'must be the numeric App ID'), z.number().int().positive()]).transform(String).optional(),
    /** Installation id of the App on the organisation (the number at the end of the installation's settings URL). */
    installationId: z.union([z.string().regex(/^\d+$/, 'must be the numeric installation id'), z.number().int().positive()]).transform(String).optional(),
    /** The App's private key (PEM), generated under App settings → Private keys. */
    privateKey: z
      .string()
      .refine((k) => k.includes('PRIVATE KEY-----'), 'must be the GitHub App private key in PEM form (-----BEGIN RSA PRIVATE KEY----- ...)')
      .optional(),
    /** A fine-grained personal access token (github_pat_…) of an organisation owner, instead of an App. */
    token: z.string().min(1).optional(),
    /** REST base of GitHub Enterprise Server, e.g. https://github.example.com/api/v3 (environment `server` only). */
    apiUrl: z.url().optional(),
    /**
     * The enterprise slug when the organisation belongs to an Enterprise Managed Users enterprise: enables
     * `suspend-user` (SCIM `active:false`). @default none (suspension is not possible)
     */
    emuEnterprise: z.string().trim().min(1).optional(),
    /** Audit-log events per request (GitHub allows 1..100). @default 100 */
    pageSize: z.number().int().min(1).max(100).default(100),
    /** Also collect Git events (`include=all`: clone, fetch, push; GitHub keeps them 7 days). @default true */
    includeGitEvents: z.boolean().default(true),
    /** Base URL of the local simulator; only with environment `simulator`. */
    simulatorUrl: z.url().optional(),
  })
  .superRefine((config, ctx) => {
    const app = config.appId !== undefined || config.installationId !== undefined || config.privateKey !== undefined;
    if (app && config.token !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'give either a GitHub App (appId, installationId, privateKey) or a token, not both' });
    } else if (!app && config.token === undefined) {
      ctx.addIssue({ code: 'custom', path: ['appId'], message: 'is required (with installationId and privateKey), or give a fine-grained personal access token (token)' });
    } else if (app) {
      for (const field of ['appId', 'installationId', 'privateKey'] as const) {
        if (config[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is required for a GitHub App connection (appId, installationId and privateKey go together)' });
      }
    }
    if (config.environment === 'simulator') {
      if (!config.simulatorUrl) ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'is required with environment simulator' });
      else if (!isLoopbackHost(new URL(config.simulatorUrl).hostname))
        ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'must be a loopback URL (127.0.0.1 or localhost)' });
    } else if (config.simulatorUrl) {
      ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'is only allowed with environment simulator' });
    }
    if (config.environment === 'server') {
      if (!config.apiUrl) ctx.addIssue({ code: 'custom', path: ['apiUrl'], message: 'is required for GitHub Enterprise Server, e.g. https://github.example.com/api/v3' });
      else if (new URL(config.apiUrl).protocol !== 'https:') ctx.addIssue({ code: 'custom', path: ['apiUrl'], message: 'must be an https URL' });
    } else if (config.apiUrl) {
      ctx.addIssue({ code: 'custom', path: ['apiUrl'], message: 'is only used with environment server (GitHub Enterprise Server)' });
    }
  });

export type GithubConfig = z.infer<typeof GithubConfigSchema>;
export type GithubConfigInput = z.input<typeof GithubConfigSchema>;

/** The REST base (no trailing slash) and the GraphQL endpoint of a connection. */
export interface GithubEndpoints {
  rest: string;
  graphql: string;
}

export function githubEndpoints(config: Pick<GithubConfig, 'environment' | 'apiUrl' | 'simulatorUrl'>): GithubEndpoints {
  if (config.environment === 'simulator') {
    const sim = (config.simulatorUrl ?? 'http://127.0.0.1').replace(/\/$/, '');
    return { rest: sim, graphql: `${sim}/graphql` };
  }
  if (config.environment === 'server' && config.apiUrl) {
    const rest = config.apiUrl.replace(/\/$/, '');
    // GHES serves GraphQL at /api/graphql next to /api/v3.
    return { rest, graphql: rest.replace(/\/v3$/, '') + '/graphql' };
  }
  return { rest: 'https://api.github.com', graphql: 'https://api.github.com/graphql' };
}

/** Hosts a GitHub connection may send credentials to. */
export function githubAllowedHosts(config: GithubConfig): string[] {
  if (config.environment === 'simulator') return ['loopback'];
  return [new URL(githubEndpoints(config).rest).hostname];
}
