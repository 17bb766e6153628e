import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import type { HttpClient, HttpRequest } from '../sdk/http-client.js';
import { GITHUB_HEADERS, type GithubAuth } from './auth.js';
import type { GithubConfig, GithubEndpoints } from './config.js';
import { dateHeaderTime } from '../sdk/date-header.js';

/** The `rel="next"` URL of an RFC 5988 `Link` header, or null. */
export function nextLink(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[2]?.split(/\s+/).includes('next')) return match[1] ?? null;
  }
  return null;
}

export const SimpleUserSchema = z.object({ login: z.string(), id: z.number(), type: z.string().optional(), site_admin: z.boolean().optional() }).loose();
export type SimpleUser = z.infer<typeof SimpleUserSchema>;

export const TeamSchema = z.object({ id: z.number(), slug: z.string(), name: z.string(), privacy: z.string().optional(), permission: z.string().optional(), parent: z.unknown().optional() }).loose();
export type Team = z.infer<typeof TeamSchema>;

export const InstallationSchema = z
  .object({
    id: z.number(),
    app_id: z.number(),
    app_slug: z.string(),
    client_id: z.string().optional(),
    repository_selection: z.string().optional(),
    permissions: z.record(z.string(), z.string()).default({}),
    events: z.array(z.string()).default([]),
    created_at: z.string().optional(),
    suspended_at: z.string().nullable().optional(),
  })
  .loose();
export type Installation = z.infer<typeof InstallationSchema>;
const InstallationsPageSchema = z.object({ total_count: z.number(), installations: z.array(InstallationSchema) });

export const CredentialAuthorizationSchema = z
  .object({
    login: z.string(),
    credential_id: z.number(),
    credential_type: z.string(),
    token_last_eight: z.string().nullable().optional(),
    credential_authorized_at: z.string().optional(),
    credential_accessed_at: z.string().nullable().optional(),
    scopes: z.array(z.string()).default([]),
    authorized_credential_title: z.string().nullable().optional(),
    authorized_credential_expires_at: z.string().nullable().optional(),
  })
  .loose();
export type CredentialAuthorization = z.infer<typeof CredentialAuthorizationSchema>;

/** The audit log is a bare JSON array of free-form events. */
const AuditPageSchema = z.array(z.record(z.string(), z.unknown()));

const GraphqlResponseSchema = z.object({ data: z.unknown().optional(), errors: z.array(z.object({ message: z.string() }).loose()).optional() });

export interface AuditQuery {
  phrase: string;
  include: 'web' | 'git' | 'all';
  order: 'asc' | 'desc';
  perPage: number;
}

/** Typed calls to GitHub's REST and GraphQL APIs for one organisation. */
export class GithubClient {
  constructor(
    private readonly http: HttpClient,
    private readonly auth: GithubAuth,
    readonly config: GithubConfig,
    readonly endpoints: GithubEndpoints,
  ) {}

  private get org(): string {
    return encodeURIComponent(this.config.organization);
  }

  private req(operation: string, path: string, extra: Partial<HttpRequest> = {}): HttpRequest {
    return { operation, url: path.startsWith('http') ? path : `${this.endpoints.rest}${path}`, headers: { ...GITHUB_HEADERS }, auth: this.auth, ...extra };
  }

  async organization(signal?: AbortSignal): Promise<Record<string, unknown>> {
    const { body } = await this.http.json(this.req('github.orgs.get', `/orgs/${this.org}`), z.record(z.string(), z.unknown()), signal);
    return body;
  }

  /** Every page of a page-numbered list, following `Link: rel="next"` verbatim. */
  async *list<T>(operation: string, path: string, item: z.ZodType<T>, query: Record<string, string | number> = {}, signal?: AbortSignal): AsyncIterable<T[]> {
    let url: string | null = null;
    let first = true;
    while (first || url) {
      const request: HttpRequest = first ? this.req(operation, path, { query: { per_page: 100, ...query } }) : this.req(operation, url as string);
      first = false;
      const { body, response } = await this.http.json(request, z.array(item), signal);
      yield body;
      url = nextLink(response.headers.link);
    }
  }

  members(role: 'all' | 'admin' | 'member', signal?: AbortSignal, filter: 'all' | '2fa_disabled' = 'all'): AsyncIterable<SimpleUser[]> {
    return this.list('github.orgs.members', `/orgs/${this.org}/members`, SimpleUserSchema, { role, filter }, signal);
  }

  outsideCollaborators(signal?: AbortSignal): AsyncIterable<SimpleUser[]> {
    return this.list('github.orgs.outside-collaborators', `/orgs/${this.org}/outside_collaborators`, SimpleUserSchema, {}, signal);
  }

  teams(signal?: AbortSignal): AsyncIterable<Team[]> {
    return this.list('github.teams.list', `/orgs/${this.org}/teams`, TeamSchema, {}, signal);
  }

  teamMembers(slug: string, signal?: AbortSignal): AsyncIterable<SimpleUser[]> {
    return this.list('github.teams.members', `/orgs/${this.org}/teams/${encodeURIComponent(slug)}/members`, SimpleUserSchema, { role: 'all' }, signal);
  }

  credentialAuthorizations(signal?: AbortSignal): AsyncIterable<CredentialAuthorization[]> {
    return this.list('github.orgs.credential-authorizations', `/orgs/${this.org}/credential-authorizations`, CredentialAuthorizationSchema, {}, signal);
  }

  async *installations(signal?: AbortSignal): AsyncIterable<Installation[]> {
    let url: string | null = `${this.endpoints.rest}/orgs/${this.org}/installations?per_page=100`;
    while (url) {
      const { body, response }: { body: z.infer<typeof InstallationsPageSchema>; response: { headers: Record<string, string> } } = await this.http.json(this.req('github.orgs.installations', url), InstallationsPageSchema, signal);
      yield body.installations;
      url = nextLink(response.headers.link);
    }
  }

  /**
   * One page of the organisation audit log. `next` is the URL of GitHub's `Link: rel="next"` (an `after`
   * cursor), followed verbatim; null when the listing is done.
   */
  async auditLogPage(from: AuditQuery | string, signal?: AbortSignal): Promise<{ events: Record<string, unknown>[]; next: string | null }> {
    const request =
      typeof from === 'string'
        ? this.req('github.orgs.audit-log', from)
        : this.req('github.orgs.audit-log', `/orgs/${this.org}/audit-log`, { query: { phrase: from.phrase, include: from.include, order: from.order, per_page: from.perPage } });
    const { body, response } = await this.http.json(request, AuditPageSchema, signal);
    return { events: body, next: nextLink(response.headers.link) };
  }

  async graphql<T>(operation: string, query: string, variables: Record<string, unknown>, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    const { body } = await this.http.json({ ...this.req(operation, this.endpoints.graphql), method: 'POST', json: { query, variables } }, GraphqlResponseSchema, signal);
    if (body.errors?.length) {
      throw new ProviderError(`${operation}: GitHub GraphQL answered with errors: ${body.errors.map((e) => e.message).join('; ')}`);
    }
    const parsed = schema.safeParse(body.data);
    if (!parsed.success) throw new ProviderError(`${operation}: GitHub GraphQL data does not have the expected shape (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''}).`);
    return parsed.data;
  }

  /**
   * GitHub's clock, from the `Date` header of `GET /rate_limit` (which costs no rate-limit budget), with the
   * budget it reports; null when the header is missing.
   */
  async serverNow(signal?: AbortSignal): Promise<number | null> {
    const response = await this.http.request(this.req('github.rate-limit', '/rate_limit'), signal);
    return dateHeaderTime(response);
  }

  /** The account with this numeric id (`GET /user/{account_id}`), or null. */
  async userById(id: string, signal?: AbortSignal): Promise<SimpleUser | null> {
    const { body, response } = await this.http.json(this.req('github.users.get-by-id', `/user/${encodeURIComponent(id)}`, { accept: [404] }), z.unknown(), signal);
    if (response.status === 404) return null;
    const parsed = SimpleUserSchema.safeParse(body);
    return parsed.success ? parsed.data : null;
  }

  /** Organisation membership of `login`: null when not a member. */
  async membership(login: string, signal?: AbortSignal): Promise<{ state: string; role: string } | null> {
    const { body, response } = await this.http.json(this.req('github.orgs.membership', `/orgs/${this.org}/memberships/${encodeURIComponent(login)}`, { accept: [404] }), z.unknown(), signal);
    if (response.status === 404) return null;
    const parsed = z.object({ state: z.string(), role: z.string() }).loose().safeParse(body);
    return parsed.success ? parsed.data : null;
  }

  /** Removes `login` from the organisation (membership and pending invitation). */
  async removeMembership(login: string, signal?: AbortSignal): Promise<void> {
    await this.http.request(this.req('github.orgs.remove-membership', `/orgs/${this.org}/memberships/${encodeURIComponent(login)}`, { method: 'DELETE' }), signal);
  }

  /** Takes a credential's SAML SSO authorisation away: the token or key loses access to the organisation. */
  async revokeCredentialAuthorization(credentialId: string, signal?: AbortSignal): Promise<'revoked' | 'absent'> {
    const response = await this.http.request(
      this.req('github.orgs.remove-credential-authorization', `/orgs/${this.org}/credential-authorizations/${encodeURIComponent(credentialId)}`, { method: 'DELETE', accept: [404] }),
      signal,
    );
    return response.status === 404 ? 'absent' : 'revoked';
  }

  /** The enterprise's SCIM user whose `userName` or GitHub login is `login` (EMU only). */
  async emuScimUser(enterprise: string, login: string, signal?: AbortSignal): Promise<{ id: string; active: boolean } | null> {
    const { body } = await this.http.json(
      this.req('github.scim.enterprise-users', `/scim/v2/enterprises/${encodeURIComponent(enterprise)}/Users`, { query: { filter: `userName eq "${login}"` } }),
      z.object({ Resources: z.array(z.object({ id: z.string(), active: z.boolean() }).loose()).default([]) }).loose(),
      signal,
    );
    return body.Resources[0] ?? null;
  }

  async emuSetActive(enterprise: string, scimId: string, active: boolean, signal?: AbortSignal): Promise<void> {
    await this.http.request(
      this.req('github.scim.enterprise-user-patch', `/scim/v2/enterprises/${encodeURIComponent(enterprise)}/Users/${encodeURIComponent(scimId)}`, {
        method: 'PATCH',
        json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: active }] },
      }),
      signal,
    );
  }
}
