import type { FastifyInstance } from 'fastify';
import type { SimulatorState } from '../state.js';

interface GraphqlBody {
  query?: unknown;
  variables?: Record<string, unknown>;
}

function cursorOf(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64');
}

function indexOf(cursor: unknown): number {
  if (typeof cursor !== 'string') return 0;
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) + 1 : 0;
}

function connection<T>(items: readonly T[], first: unknown, after: unknown, edge: (item: T) => unknown) {
  const start = indexOf(after);
  const size = Math.max(1, Math.min(100, typeof first === 'number' ? first : 100));
  const page = items.slice(start, start + size);
  return { pageInfo: { hasNextPage: start + size < items.length, endCursor: page.length ? cursorOf(start + page.length - 1) : null }, edges: page.map(edge) };
}

const FIRST = /(membersWithRole|externalIdentities)\s*\(\s*first:\s*(\d+)/;

/**
 * `POST /graphql` for the two queries the connector sends: members with their role and verified-domain
 * e-mails, and the organisation's SAML external identities. Other queries get GraphQL's error shape.
 */
export function graphqlRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post<{ Body: GraphqlBody }>('/graphql', async (req) => {
    const query = typeof req.body?.query === 'string' ? req.body.query : '';
    const variables = req.body?.variables ?? {};
    const { org } = state.tenant;
    if (variables.org !== org.login) return { data: { organization: null }, errors: [{ type: 'NOT_FOUND', path: ['organization'], message: `Could not resolve to an Organization with the login of '${String(variables.org)}'.` }] };
    const first = Number(FIRST.exec(query)?.[2] ?? 100);
    if (query.includes('membersWithRole')) {
      const members = state.users().filter((u) => u.role !== 'outside_collaborator');
      return {
        data: {
          organization: {
            membersWithRole: connection(members, first, variables.cursor, (u) => ({
              role: u.role === 'admin' ? 'ADMIN' : 'MEMBER',
              node: { databaseId: u.id, login: u.login, name: u.name, organizationVerifiedDomainEmails: u.verifiedEmail ? [u.verifiedEmail] : [] },
            })),
          },
        },
      };
    }
    if (query.includes('externalIdentities')) {
      const linked = state.users().filter((u) => u.samlNameId);
      return {
        data: {
          organization: {
            samlIdentityProvider: {
              externalIdentities: connection(linked, first, variables.cursor, (u) => ({ node: { user: { login: u.login, databaseId: u.id }, samlIdentity: { nameId: u.samlNameId }, scimIdentity: { username: null } } })),
            },
          },
        },
      };
    }
    return { errors: [{ message: 'This simulator answers only the membersWithRole and externalIdentities queries.' }] };
  });
}
