import { z } from 'zod';
import { listAlerts } from '../../store/repos/alerts.js';
import { getIdentity, groupsOfAccounts, pageAccounts, pageGroups, pageIdentities, pageOAuthApps, pagePrivileges } from '../../store/repos/inventory-pages.js';
import { connectionIdNamed } from '../connection-ref.js';
import type { ApiContext, ZodApp } from '../context.js';
import { CursorSchema, decodeCursor, encodeCursor, IdKeySchema, LimitSchema, pageOf } from '../cursor.js';
import { notFound, problemResponses } from '../problem.js';
import { IdParamsSchema, JsonObjectSchema } from '../schemas.js';
import { AlertSummarySchema, toAlertSummary } from './alerts.js';

const AccountSchema = z
  .object({
    id: z.string(),
    connectorInstanceId: z.string(),
    providerId: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    status: z.enum(['active', 'suspended', 'deleted']),
    isAdmin: z.boolean().nullable(),
    identityId: z.string().nullable(),
    details: JsonObjectSchema,
    firstSeenAt: z.number().int(),
    lastSeenAt: z.number().int(),
  })
  .meta({ id: 'Account' });

const IdentitySchema = z
  .object({
    id: z.string(),
    displayName: z.string().nullable(),
    primaryEmail: z.string().nullable(),
    emails: z.array(z.string()),
    idpInstanceId: z.string().nullable(),
    idpAccountId: z.string().nullable(),
    accounts: z.array(z.object({ connectorInstanceId: z.string(), providerId: z.string(), email: z.string().nullable(), status: z.string(), isAdmin: z.boolean().nullable() })),
  })
  .meta({ id: 'Identity' });

const GroupSchema = z.object({ id: z.string(), connectorInstanceId: z.string(), providerId: z.string(), name: z.string().nullable(), kind: z.string().nullable(), members: z.number().int() }).meta({ id: 'Group' });

const PrivilegeSchema = z
  .object({ connectorInstanceId: z.string(), accountProviderId: z.string(), accountEmail: z.string().nullable(), identityId: z.string().nullable(), role: z.string(), roleId: z.string(), scope: z.string() })
  .meta({ id: 'Privilege' });

const GrantSchema = z.object({ id: z.string(), kind: z.enum(['delegated', 'application']), scopes: z.array(z.string()), principalProviderId: z.string().nullable(), resource: z.string() });

const OAuthAppSchema = z
  .object({
    id: z.string(),
    connectorInstanceId: z.string(),
    providerId: z.string(),
    appId: z.string().nullable(),
    name: z.string().nullable(),
    publisher: z.string().nullable(),
    verifiedPublisher: z.boolean(),
    thirdParty: z.boolean(),
    enabled: z.boolean(),
    grants: z.array(GrantSchema),
  })
  .meta({ id: 'OAuthApp' });

const PrivilegeKeySchema = z.object({ instanceId: z.string(), accountProviderId: z.string(), roleId: z.string(), scope: z.string() });

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true').optional();

export function inventoryRoutes(app: ZodApp, ctx: ApiContext): void {
  const { db } = ctx.store;
  const instanceIds = async (ref: string | undefined): Promise<string[] | undefined> => (ref ? [await connectionIdNamed(db, ref, 'query.connector')] : undefined);
  const nextById = <T extends { id: string }>(items: T[], limit: number) => (items.length === limit ? encodeCursor({ id: items[items.length - 1]?.id }) : null);

  app.get(
    '/accounts',
    {
      config: { access: 'read' },
      schema: {
        tags: ['inventory'],
        summary: 'Accounts in every connected app',
        querystring: z.object({ connector: z.string().max(200).optional(), status: z.enum(['active', 'suspended', 'deleted']).optional(), q: z.string().max(200).optional(), limit: LimitSchema, cursor: CursorSchema }),
        response: { 200: pageOf(AccountSchema), ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await pageAccounts(db, { instanceIds: await instanceIds(q.connector), ...(q.status ? { status: q.status } : {}), ...(q.q ? { q: q.q } : {}), after: decodeCursor(q.cursor, IdKeySchema)?.id ?? null, limit: q.limit });
      return { items, nextCursor: nextById(items, q.limit) };
    },
  );

  app.get(
    '/identities',
    {
      config: { access: 'read' },
      schema: {
        tags: ['inventory'],
        summary: 'People: one identity per person, with their accounts across apps',
        querystring: z.object({ q: z.string().max(200).optional(), limit: LimitSchema, cursor: CursorSchema }),
        response: { 200: pageOf(IdentitySchema), ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await pageIdentities(db, { ...(q.q ? { q: q.q } : {}), after: decodeCursor(q.cursor, IdKeySchema)?.id ?? null, limit: q.limit });
      return { items, nextCursor: nextById(items, q.limit) };
    },
  );

  app.get(
    '/identities/:id',
    {
      config: { access: 'read', auditRead: true },
      schema: {
        tags: ['inventory'],
        summary: "A person: accounts per app, admin roles, groups, OAuth grants and alerts",
        params: IdParamsSchema,
        response: {
          200: z.object({
            identity: IdentitySchema,
            accounts: z.array(AccountSchema),
            privileges: z.array(PrivilegeSchema),
            groups: z.array(z.object({ id: z.string(), connectorInstanceId: z.string(), providerId: z.string(), name: z.string().nullable(), kind: z.string().nullable(), memberProviderId: z.string() })),
            oauthGrants: z.array(z.object({ app: OAuthAppSchema.omit({ grants: true }), grant: GrantSchema })),
            alerts: z.array(AlertSummarySchema),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const identity = await getIdentity(db, request.params.id);
      if (!identity) throw notFound(`No identity with id ${request.params.id}.`);
      const accounts = await pageAccounts(db, { identityId: identity.id, limit: 500 });
      const refs = accounts.map((a) => ({ instanceId: a.connectorInstanceId, providerId: a.providerId }));
      const privileges = await pagePrivileges(db, { accounts: refs, limit: 500 });
      const groups = await groupsOfAccounts(db, refs);
      const oauthGrants = [];
      const instances = [...new Set(refs.map((r) => r.instanceId))];
      if (instances.length) {
        for (const { grants, ...appInfo } of await pageOAuthApps(db, { instanceIds: instances, limit: 10_000 })) {
          for (const grant of grants) {
            if (grant.principalProviderId && refs.some((r) => r.instanceId === appInfo.connectorInstanceId && r.providerId === grant.principalProviderId)) {
              const { deleted: _deleted, ...shown } = appInfo;
              oauthGrants.push({ app: shown, grant });
            }
          }
        }
      }
      const emails = [...new Set([...identity.emails, ...accounts.map((a) => a.email?.toLowerCase()).filter((e): e is string => Boolean(e))])];
      const alerts = await listAlerts(db, { person: { identityId: identity.id, emails }, limit: 200 });
      return { identity, accounts, privileges, groups, oauthGrants, alerts: alerts.map((a) => toAlertSummary(a, null)) };
    },
  );

  app.get(
    '/groups',
    {
      config: { access: 'read' },
      schema: { tags: ['inventory'], summary: 'Groups in every connected app', querystring: z.object({ connector: z.string().max(200).optional(), q: z.string().max(200).optional(), limit: LimitSchema, cursor: CursorSchema }), response: { 200: pageOf(GroupSchema), ...problemResponses } },
    },
    async (request) => {
      const q = request.query;
      const items = await pageGroups(db, { instanceIds: await instanceIds(q.connector), ...(q.q ? { q: q.q } : {}), after: decodeCursor(q.cursor, IdKeySchema)?.id ?? null, limit: q.limit });
      return { items, nextCursor: nextById(items, q.limit) };
    },
  );

  app.get(
    '/privileges',
    {
      config: { access: 'read' },
      schema: { tags: ['inventory'], summary: 'Admin roles held in every connected app', querystring: z.object({ connector: z.string().max(200).optional(), limit: LimitSchema, cursor: CursorSchema }), response: { 200: pageOf(PrivilegeSchema), ...problemResponses } },
    },
    async (request) => {
      const q = request.query;
      const items = await pagePrivileges(db, { instanceIds: await instanceIds(q.connector), after: decodeCursor(q.cursor, PrivilegeKeySchema), limit: q.limit });
      const last = items[items.length - 1];
      return { items, nextCursor: items.length === q.limit && last ? encodeCursor({ instanceId: last.connectorInstanceId, accountProviderId: last.accountProviderId, roleId: last.roleId, scope: last.scope }) : null };
    },
  );

  app.get(
    '/oauth-apps',
    {
      config: { access: 'read' },
      schema: {
        tags: ['inventory'],
        summary: 'OAuth apps with access to connected apps, and their grants',
        querystring: z.object({ connector: z.string().max(200).optional(), thirdParty: boolQuery, limit: LimitSchema, cursor: CursorSchema }),
        response: { 200: pageOf(OAuthAppSchema), ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const items = (await pageOAuthApps(db, { instanceIds: await instanceIds(q.connector), ...(q.thirdParty !== undefined ? { thirdParty: q.thirdParty } : {}), after: decodeCursor(q.cursor, IdKeySchema)?.id ?? null, limit: q.limit })).map(
        ({ deleted: _deleted, ...rest }) => rest,
      );
      return { items, nextCursor: nextById(items, q.limit) };
    },
  );
}
