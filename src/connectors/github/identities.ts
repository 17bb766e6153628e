import { z } from 'zod';
import type { GithubClient } from './client.js';

/** One member as GraphQL reports it: role and the e-mails verified on the organisation's domains. */
export interface GraphqlMember {
  id: string;
  login: string;
  name: string | null;
  role: 'ADMIN' | 'MEMBER' | string;
  verifiedEmails: string[];
}

const MEMBERS_QUERY = `query($org: String!, $cursor: String) {
  organization(login: $org) {
    membersWithRole(first: 100, after: $cursor) {
      pageInfo { hasNextPage endCursor }
      edges { role node { databaseId login name organizationVerifiedDomainEmails(login: $org) } }
    }
  }
}`;

const EXTERNAL_IDENTITIES_QUERY = `query($org: String!, $cursor: String) {
  organization(login: $org) {
    samlIdentityProvider {
      externalIdentities(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        edges { node { user { login databaseId } samlIdentity { nameId } scimIdentity { username } } }
      }
    }
  }
}`;

const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const MembersData = z.object({
  organization: z.object({
    membersWithRole: z.object({
      pageInfo: PageInfo,
      edges: z.array(z.object({ role: z.string(), node: z.object({ databaseId: z.number(), login: z.string(), name: z.string().nullable().optional(), organizationVerifiedDomainEmails: z.array(z.string()).default([]) }) })),
    }),
  }).nullable(),
});
const IdentitiesData = z.object({
  organization: z.object({
    samlIdentityProvider: z
      .object({
        externalIdentities: z.object({
          pageInfo: PageInfo,
          edges: z.array(z.object({ node: z.object({ user: z.object({ login: z.string(), databaseId: z.number().nullable().optional() }).nullable(), samlIdentity: z.object({ nameId: z.string().nullable() }).nullable().optional(), scimIdentity: z.object({ username: z.string().nullable() }).nullable().optional() }) })),
        }),
      })
      .nullable(),
  }).nullable(),
});

export async function graphqlMembers(client: GithubClient, signal?: AbortSignal): Promise<GraphqlMember[]> {
  const out: GraphqlMember[] = [];
  let cursor: string | null = null;
  do {
    const data: z.infer<typeof MembersData> = await client.graphql('github.graphql.members', MEMBERS_QUERY, { org: client.config.organization, cursor }, MembersData, signal);
    const page = data.organization?.membersWithRole;
    if (!page) break;
    for (const { role, node } of page.edges) out.push({ id: String(node.databaseId), login: node.login, name: node.name ?? null, role, verifiedEmails: node.organizationVerifiedDomainEmails });
    cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (cursor);
  return out;
}

/** login (lower case) → the SAML NameID / SCIM user name of its external identity, where the org has SAML SSO. */
export async function externalIdentities(client: GithubClient, signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const data: z.infer<typeof IdentitiesData> = await client.graphql('github.graphql.external-identities', EXTERNAL_IDENTITIES_QUERY, { org: client.config.organization, cursor }, IdentitiesData, signal);
    const page = data.organization?.samlIdentityProvider?.externalIdentities;
    if (!page) break;
    for (const { node } of page.edges) {
      const name = node.scimIdentity?.username ?? node.samlIdentity?.nameId ?? null;
      if (node.user && name) out.set(node.user.login.toLowerCase(), name);
    }
    cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (cursor);
  return out;
}

const looksLikeEmail = (value: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);

/**
 * The e-mail a GitHub account links to its person by: a verified e-mail on the organisation's domains
 * first, else the SAML/SCIM identity's name when it is an e-mail; null when neither exists.
 */
export function linkingEmail(member: { verifiedEmails: readonly string[] }, externalName: string | undefined): { email: string | null; source: 'verified-domain' | 'saml' | null } {
  const verified = member.verifiedEmails[0];
  if (verified) return { email: verified.toLowerCase(), source: 'verified-domain' };
  if (externalName && looksLikeEmail(externalName)) return { email: externalName.toLowerCase(), source: 'saml' };
  return { email: null, source: null };
}
