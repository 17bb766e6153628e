import { z } from 'zod';
import { AuthError, ConfigError } from '../../core/errors.js';
import type { HttpClient, HttpResponse } from '../sdk/http-client.js';
import type { DocusignAuth } from './auth.js';
import type { DocusignConfig, DocusignEndpoints } from './config.js';

const nullishString = z.string().nullish();
const idLike = z.union([z.number(), z.string()]).nullish();

/** `GET /oauth/userinfo` (digest §1.5). */
export const UserInfoSchema = z.object({
  sub: z.string(),
  name: nullishString,
  email: nullishString,
  accounts: z
    .array(
      z.object({
        account_id: z.string(),
        is_default: z.boolean().nullish(),
        account_name: nullishString,
        base_uri: nullishString,
        organization: z.object({ organization_id: z.string() }).nullish(),
      }),
    )
    .nullish()
    .transform((a) => a ?? []),
});
export type UserInfo = z.infer<typeof UserInfoSchema>;

/** `GET /v2/organizations` (digest §3.2). */
export const OrganizationsSchema = z.object({
  organizations: z
    .array(
      z.object({
        id: z.string(),
        name: nullishString,
        default_account_id: nullishString,
        accounts: z
          .array(z.object({ id: z.string(), name: nullishString, site_id: z.number().nullish(), external_account_id: idLike }))
          .nullish()
          .transform((a) => a ?? []),
        // Kept verbatim and unchecked here, so an odd shape cannot break discovery: the posture checks judge it.
        /** Claimed domains (`DomainResponse` list). */
        reserved_domains: z.unknown(),
        /** Identity providers (the spec wraps them in `IdentityProvidersResponse` items). */
        identity_providers: z.unknown(),
      }),
    )
    .nullish()
    .transform((o) => o ?? []),
});
export type Organization = z.infer<typeof OrganizationsSchema>['organizations'][number];

/** One row of `GET /v2/organizations/{orgId}/users`: a user's membership in the account filtered on. */
export const OrgUserSchema = z.looseObject({
  id: z.string(),
  user_name: nullishString,
  first_name: nullishString,
  last_name: nullishString,
  email: nullishString,
  user_status: nullishString,
  membership_status: nullishString,
  membership_id: nullishString,
  created_on: nullishString,
  membership_created_on: nullishString,
  membership_closed_on: nullishString,
  closed_on: nullishString,
});
export type OrgUser = z.infer<typeof OrgUserSchema>;

export const OrgUsersPageSchema = z.object({
  users: z
    .array(OrgUserSchema)
    .nullish()
    .transform((u) => u ?? []),
  paging: z
    .object({
      next: nullishString,
      total_set_size: z.number().nullish(),
      result_set_start_position: z.number().nullish(),
      result_set_size: z.number().nullish(),
    })
    .nullish(),
});

/** The per-user drilldown (`users/profile?email=`, `v2.1 .../dsprofile`), digest §3.4. */
export const UserProfileSchema = z.looseObject({
  id: z.string(),
  user_name: nullishString,
  user_status: nullishString,
  is_organization_admin: z.boolean().nullish(),
  require_two_step_verification: z.boolean().nullish(),
  device_verification_enabled: z.boolean().nullish(),
  federated_status: nullishString,
  default_account_id: nullishString,
  memberships: z
    .array(
      z.looseObject({
        id: z.string(),
        account_id: z.string(),
        account_name: nullishString,
        email: nullishString,
        status: nullishString,
        is_admin: z.boolean().nullish(),
        permission_profile: z.object({ id: idLike, name: nullishString }).nullish(),
        created_on: nullishString,
        closed_on: nullishString,
      }),
    )
    .nullish()
    .transform((m) => m ?? []),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;
const UserProfilesSchema = z.object({
  users: z
    .array(UserProfileSchema)
    .nullish()
    .transform((u) => u ?? []),
});

/** Monitor v2.0 dataset stream page; records stay exactly as received. */
export const MonitorDatasetPageSchema = z.object({ endCursor: z.string(), data: z.array(z.unknown()).nullish() });
/** Monitor v1 organisation stream page. */
export const MonitorOrgPageSchema = z.object({ endCursor: z.string(), resultData: z.array(z.unknown()).nullish() });

/** eSignature v2.1 settings and password rules: flat objects of strings, kept whole for posture. */
export const SettingsObjectSchema = z.record(z.string(), z.unknown());

/** eSignature `GET .../users` page (digest §4.4): string booleans, `nextUri` relative to the account. */
export const EsignUsersPageSchema = z.object({
  users: z
    .array(z.looseObject({ userId: z.string(), email: nullishString, isAdmin: z.union([z.string(), z.boolean()]).nullish() }))
    .nullish()
    .transform((u) => u ?? []),
  nextUri: nullishString,
});

export const CloseMembershipsSchema = z.object({
  success: z.boolean().nullish(),
  accounts: z
    .array(
      z.object({
        id: nullishString,
        error_details: z.object({ error: nullishString, error_description: nullishString }).nullish(),
      }),
    )
    .nullish()
    .transform((a) => a ?? []),
});
export type CloseMembershipsResult = z.infer<typeof CloseMembershipsSchema>;
const ReactivateSchema = z.looseObject({ status: nullishString });

export interface MonitorPage {
  endCursor: string;
  records: unknown[];
}

export interface DocusignAccountRef {
  id: string;
  name: string | null;
  siteId: number | null;
  /** eSignature base URI (from userinfo) when the impersonated user is a member of the account; else null. */
  baseUri: string | null;
}

/** Who Parapet acts as, and in which organisation. Discovered once per session. */
export interface DocusignContext {
  me: { userId: string; email: string | null; name: string | null };
  organizationId: string;
  organizationName: string | null;
  /** The impersonated user administers the organisation (Admin API lists it under mode=org_admin). */
  isOrgAdmin: boolean;
  /** Accounts mapped to the organisation. */
  accounts: DocusignAccountRef[];
  /** Every organisation the impersonated user administers (Monitor's dataset stream refuses when there are several). */
  administeredOrganizations: { id: string; name: string | null }[];
}

const CONTEXT_TTL_MS = 60 * 60_000;
/** Admin API page size (integrations cap `take` at 250). */
export const ADMIN_PAGE_SIZE = 250;
/** A stop against a provider that keeps answering with a `next` link. */
const MAX_PAGES = 100_000;

/** Typed calls to DocuSign's account server, Admin API, Monitor and eSignature REST. */
export class DocusignClient {
  private context: { value: DocusignContext; at: number } | null = null;

  constructor(
    private readonly http: HttpClient,
    readonly auth: DocusignAuth,
    readonly config: DocusignConfig,
    readonly endpoints: DocusignEndpoints,
  ) {}

  async userinfo(signal?: AbortSignal): Promise<UserInfo> {
    const { body } = await this.http.json({ operation: 'docusign.oauth.userinfo', url: `${this.endpoints.oauth}/oauth/userinfo`, auth: this.auth }, UserInfoSchema, signal);
    return body;
  }

  /** Organisations of the caller: those it administers (`org_admin`, the default) or belongs to. */
  async organizations(mode: 'org_admin' | 'account_membership' = 'org_admin', signal?: AbortSignal): Promise<Organization[]> {
    const { body } = await this.http.json(
      { operation: 'docusign.admin.organizations', url: `${this.endpoints.admin}/v2/organizations`, query: { mode }, auth: this.auth },
      OrganizationsSchema,
      signal,
    );
    return body.organizations;
  }

  /** Users of the organisation, page by page, following `paging.next`. One of the filters is required. */
  async *orgUsers(
    organizationId: string,
    filter: { accountId?: string; email?: string; take?: number },
    signal?: AbortSignal,
  ): AsyncGenerator<OrgUser[]> {
    let url: string | null = `${this.endpoints.admin}/v2/organizations/${organizationId}/users`;
    let query: Record<string, string | number | undefined> | undefined = {
      account_id: filter.accountId,
      email: filter.email,
      start: 0,
      take: filter.take ?? ADMIN_PAGE_SIZE,
    };
    const seen = new Set<string>();
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const result: { body: z.infer<typeof OrgUsersPageSchema>; response: HttpResponse } = await this.http.json(
        { operation: 'docusign.admin.users', url, ...(query ? { query } : {}), auth: this.auth },
        OrgUsersPageSchema,
        signal,
      );
      const { body, response } = result;
      seen.add(response.url);
      yield body.users;
      const next: string | null | undefined = body.paging?.next;
      url = next && !seen.has(next) && body.users.length > 0 ? next : null;
      query = undefined;
    }
  }

  /**
   * The profile of one user, looked up by e-mail (the Admin API's profile query) and matched by user id:
   * several users may share an address (an active user and a pending invitation), and another user's
   * profile must never lend its admin or two-step flags. No profile with that id: null.
   */
  async profileOf(organizationId: string, user: { id: string; email: string }, signal?: AbortSignal): Promise<UserProfile | null> {
    const { body } = await this.http.json(
      { operation: 'docusign.admin.user-profile', url: `${this.endpoints.admin}/v2/organizations/${organizationId}/users/profile`, query: { email: user.email }, auth: this.auth, accept: [404] },
      UserProfilesSchema.catch({ users: [] }),
      signal,
    );
    return body.users.find((u) => u.id.toLowerCase() === user.id.toLowerCase()) ?? null;
  }

  async profileById(organizationId: string, userId: string, signal?: AbortSignal): Promise<UserProfile | null> {
    const { body } = await this.http.json(
      { operation: 'docusign.admin.user-dsprofile', url: `${this.endpoints.admin}/v2.1/organizations/${organizationId}/users/${userId}/dsprofile`, auth: this.auth, accept: [404] },
      UserProfilesSchema.catch({ users: [] }),
      signal,
    );
    return body.users.find((u) => u.id.toLowerCase() === userId.toLowerCase()) ?? null;
  }

  /** One Monitor page in the configured wire format. `cursor` null = DocuSign's default (7 days back). */
  async monitorPage(params: { cursor: string | null; limit: number }, signal?: AbortSignal): Promise<MonitorPage> {
    const query = { cursor: params.cursor ?? undefined, limit: params.limit };
    if (this.config.monitorApi === 'v1') {
      const { organizationId } = await this.getContext(signal);
      const { body } = await this.http.json(
        { operation: 'docusign.monitor.stream', url: `${this.endpoints.monitorV1}/v1/organizations/${organizationId}/stream`, query, auth: this.auth },
        MonitorOrgPageSchema,
        signal,
      );
      return { endCursor: body.endCursor, records: body.resultData ?? [] };
    }
    try {
      const { body } = await this.http.json(
        { operation: 'docusign.monitor.stream', url: `${this.endpoints.monitorV2}/api/v2.0/datasets/monitor/stream`, query, auth: this.auth },
        MonitorDatasetPageSchema,
        signal,
      );
      return { endCursor: body.endCursor, records: body.data ?? [] };
    } catch (error) {
      throw await this.explainMonitorRefusal(error, signal);
    }
  }

  /**
   * The dataset stream names no organisation: for an administrator of several it answers 403. Says so, and
   * how to read the right one, instead of the generic "lacks a permission".
   */
  private async explainMonitorRefusal(error: unknown, signal?: AbortSignal): Promise<unknown> {
    if (!(error instanceof AuthError) || error.status !== 403) return error;
    const context = await this.getContext(signal).catch(() => null);
    const organisations = context?.administeredOrganizations ?? [];
    if (!context || organisations.length < 2) return error;
    const listed = organisations.map((o) => `${o.name ?? 'unnamed'} (${o.id})`).join(', ');
    return new AuthError(
      `docusign.monitor.stream: DocuSign Monitor refused (HTTP 403) and user ${context.me.email ?? context.me.userId} administers ${organisations.length} organisations: ${listed}. The Monitor dataset stream does not say which organisation to read; set monitorApi: v1 (the organisation stream, which names it) and organizationId to the one to monitor (now ${context.organizationId}), or impersonate an administrator of one organisation only.`,
      { status: 403, providerCode: error.providerCode, cause: error },
    );
  }

  async accountSettings(account: DocusignAccountRef, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const { body } = await this.http.json(
      { operation: 'docusign.esign.settings', url: `${this.esignBase(account)}/restapi/v2.1/accounts/${account.id}/settings`, auth: this.auth },
      SettingsObjectSchema,
      signal,
    );
    return body;
  }

  /**
   * Active users of one account that hold its administrator flag (eSignature users list with `isAdmin`,
   * 100 per page, following `nextUri`): one request per hundred users, where the Admin API would need one per user.
   */
  async accountAdministrators(account: DocusignAccountRef, signal?: AbortSignal): Promise<{ userId: string; email: string | null }[]> {
    const base = `${this.esignBase(account)}/restapi/v2.1/accounts/${account.id}`;
    let url: string | null = `${base}/users`;
    let query: Record<string, string | number> | undefined = { status: 'Active', additional_info: 'true', count: 100, start_position: 0 };
    const admins: { userId: string; email: string | null }[] = [];
    const seen = new Set<string>();
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const result: { body: z.infer<typeof EsignUsersPageSchema>; response: HttpResponse } = await this.http.json(
        { operation: 'docusign.esign.users', url, ...(query ? { query } : {}), auth: this.auth },
        EsignUsersPageSchema,
        signal,
      );
      seen.add(result.response.url);
      for (const u of result.body.users) if (String(u.isAdmin).toLowerCase() === 'true') admins.push({ userId: u.userId, email: u.email ?? null });
      const next = result.body.nextUri ? `${base}${result.body.nextUri}` : null;
      url = next && !seen.has(next) && result.body.users.length > 0 ? next : null;
      query = undefined;
    }
    return admins;
  }

  async passwordRules(account: DocusignAccountRef, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const { body } = await this.http.json(
      { operation: 'docusign.esign.password-rules', url: `${this.esignBase(account)}/restapi/v2.1/accounts/${account.id}/settings/password_rules`, auth: this.auth },
      SettingsObjectSchema,
      signal,
    );
    return body;
  }

  /** Closes the user's memberships in the given accounts (DocuSign's reversible "deactivate"). */
  async closeMemberships(organizationId: string, userId: string, accountIds: readonly string[], signal?: AbortSignal): Promise<CloseMembershipsResult> {
    const { body } = await this.http.json(
      {
        operation: 'docusign.admin.close-memberships',
        method: 'DELETE',
        url: `${this.endpoints.admin}/v2/organizations/${organizationId}/users/${userId}/accounts`,
        json: { accounts: accountIds.map((id) => ({ id })) },
        auth: this.auth,
      },
      CloseMembershipsSchema,
      signal,
    );
    return body;
  }

  async reactivateMembership(organizationId: string, userId: string, membershipId: string, siteId: number | null, signal?: AbortSignal): Promise<string | null> {
    const { body } = await this.http.json(
      {
        operation: 'docusign.admin.reactivate-membership',
        method: 'POST',
        url: `${this.endpoints.admin}/v2/organizations/${organizationId}/users/${userId}/memberships/${membershipId}`,
        json: siteId === null ? {} : { site_id: siteId },
        auth: this.auth,
      },
      ReactivateSchema,
      signal,
    );
    return body.status ?? null;
  }

  /**
   * Finds the organisation (the configured one, else the one the impersonated user's accounts belong to)
   * and its accounts. Cached for an hour.
   */
  async getContext(signal?: AbortSignal): Promise<DocusignContext> {
    if (this.context && Date.now() - this.context.at < CONTEXT_TTL_MS) return this.context.value;
    const info = await this.userinfo(signal);
    const orgIds = [...new Set(info.accounts.map((a) => a.organization?.organization_id).filter((id): id is string => !!id))];
    const wanted = this.config.organizationId?.toLowerCase();
    if (orgIds.length === 0 && !wanted) {
      throw new ConfigError(
        `None of the DocuSign accounts of user ${info.email ?? info.sub} belongs to an organisation. DocuSign Monitor and the Admin API need an organisation: create one (or link the accounts to it) in DocuSign Admin, then test again.`,
      );
    }
    let administered: Organization[] = [];
    try {
      administered = await this.organizations('org_admin', signal);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
    }
    const organizationId = wanted ?? orgIds.find((id) => administered.some((o) => o.id.toLowerCase() === id.toLowerCase())) ?? (orgIds[0] as string);
    const org = administered.find((o) => o.id.toLowerCase() === organizationId.toLowerCase());
    const memberAccounts = info.accounts.filter((a) => a.organization?.organization_id?.toLowerCase() === organizationId.toLowerCase());
    if (wanted && !org && memberAccounts.length === 0) {
      throw new ConfigError(`Organisation ${this.config.organizationId} is not one user ${info.email ?? info.sub} belongs to or administers: check --organization-id, or leave it out to use the user's own organisation.`);
    }
    const baseUriOf = (accountId: string) => {
      const a = info.accounts.find((x) => x.account_id.toLowerCase() === accountId.toLowerCase());
      return a ? (a.base_uri ?? this.config.accountBaseUri).replace(/\/$/, '') : null;
    };
    const accounts: DocusignAccountRef[] = org
      ? org.accounts.map((a) => ({ id: a.id, name: a.name ?? null, siteId: a.site_id ?? null, baseUri: baseUriOf(a.id) }))
      : memberAccounts.map((a) => ({ id: a.account_id, name: a.account_name ?? null, siteId: null, baseUri: baseUriOf(a.account_id) }));
    const value: DocusignContext = {
      me: { userId: info.sub, email: info.email?.toLowerCase() ?? null, name: info.name ?? null },
      organizationId,
      organizationName: org?.name ?? null,
      isOrgAdmin: org !== undefined,
      accounts,
      administeredOrganizations: administered.map((o) => ({ id: o.id, name: o.name ?? null })),
    };
    this.context = { value, at: Date.now() };
    return value;
  }

  private esignBase(account: DocusignAccountRef): string {
    return (account.baseUri ?? this.endpoints.esignature).replace(/\/$/, '');
  }
}
