import { z } from 'zod';
import { API_TOKEN_PREFIX, randomToken, sha256 } from '../auth/secrets.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { newId } from '../../core/ids.js';
import { DAY } from '../../core/clock.js';
import { deleteApiToken, getApiToken, insertApiToken, listApiTokens } from '../../store/repos/api-tokens.js';
import { listAudit } from '../../store/repos/audit-events.js';
import { deleteUserSessions } from '../../store/repos/sessions.js';
import { countActiveAdmins, createUser, deleteUser, getUser, listUsers, updateUser } from '../../store/repos/users.js';
import type { ApiContext, ZodApp } from '../context.js';
import { CursorSchema, decodeCursor, encodeCursor, IdKeySchema, LimitSchema, pageOf } from '../cursor.js';
import { ApiProblem, forbidden, problemResponses, unauthorized } from '../problem.js';
import { IdParamsSchema, JsonObjectSchema, RoleSchema, UserSchema } from '../schemas.js';

const PasswordSchema = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1000);

const TokenSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    prefix: z.string(),
    scope: z.enum(['read', 'read-write']),
    createdAt: z.number().int(),
    expiresAt: z.number().int().nullable(),
    lastUsedAt: z.number().int().nullable(),
  })
  .meta({ id: 'ApiToken' });

const AuditEventSchema = z
  .object({
    id: z.string(),
    time: z.number().int(),
    actor: z.object({ userId: z.string().nullable(), name: z.string().nullable(), via: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
    detail: JsonObjectSchema,
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });

export function userRoutes(app: ZodApp, ctx: ApiContext): void {
  const { db } = ctx.store;
  const keepsAnAdmin = async (id: string, change: { role?: string; disabled?: boolean; deleting?: boolean }) => {
    const user = await getUser(db, id);
    const losesAdmin = user.role === 'admin' && !user.disabled && (change.deleting || change.disabled === true || (change.role !== undefined && change.role !== 'admin'));
    if (losesAdmin && (await countActiveAdmins(db)) <= 1) throw new ApiProblem(409, 'Conflict', `${user.username} is the last active admin: make another user admin first.`);
  };

  app.get(
    '/users',
    { config: { access: 'admin' }, schema: { tags: ['users'], summary: "Parapet's users", response: { 200: z.object({ items: z.array(UserSchema) }), ...problemResponses } } },
    async () => ({ items: await listUsers(db) }),
  );

  app.post(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Add a local user',
        body: z.object({ username: z.string().trim().min(1).max(100).regex(/^[\w.@+-]+$/, 'letters, digits and . @ + - _'), role: RoleSchema, password: PasswordSchema }),
        response: { 201: UserSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { username, role, password } = request.body;
      return reply.code(201).send(await createUser(db, { username, role, passwordHash: await hashPassword(password), now: ctx.clock.now() }));
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: "Change a user's role, disable them, or set a new password (which also unlocks them)",
        params: IdParamsSchema,
        body: z.object({ role: RoleSchema.optional(), disabled: z.boolean().optional(), password: PasswordSchema.optional() }).strict(),
        response: { 200: UserSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { role, disabled, password } = request.body;
      await keepsAnAdmin(id, { ...(role ? { role } : {}), ...(disabled !== undefined ? { disabled } : {}) });
      const user = await updateUser(db, id, { ...(role ? { role } : {}), ...(disabled !== undefined ? { disabled } : {}), ...(password ? { passwordHash: await hashPassword(password) } : {}), now: ctx.clock.now() });
      if (disabled || password) await deleteUserSessions(db, id);
      return user;
    },
  );

  app.delete(
    '/users/:id',
    { config: { access: 'admin' }, schema: { tags: ['users'], summary: 'Delete a user (their sessions and tokens end)', params: IdParamsSchema, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await keepsAnAdmin(request.params.id, { deleting: true });
      await deleteUser(db, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/tokens',
    { config: { access: 'signed-in' }, schema: { tags: ['tokens'], summary: 'API tokens: your own (an admin sees everyone’s)', response: { 200: z.object({ items: z.array(TokenSchema) }), ...problemResponses } } },
    async (request) => {
      const p = request.principal;
      if (!p) throw unauthorized();
      return { items: await listApiTokens(db, p.role === 'admin' ? undefined : p.userId) };
    },
  );

  app.post(
    '/tokens',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; its value is in this response only',
        body: z.object({ name: z.string().trim().min(1).max(100), scope: z.enum(['read', 'read-write']), expiresInDays: z.number().int().min(1).max(3650).nullable().default(90).describe('null: never') }),
        response: { 201: z.object({ token: TokenSchema, secret: z.string().describe('Send as Authorization: Bearer <secret>; shown once') }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      if (!p) throw unauthorized();
      if (p.via === 'token') throw forbidden('An API token cannot create tokens: sign in to create one.');
      const { name, scope, expiresInDays } = request.body;
      if (scope === 'read-write' && p.role === 'viewer') throw forbidden('A viewer can only create read tokens.', 'read');
      const now = ctx.clock.now();
      const secret = randomToken(API_TOKEN_PREFIX);
      const token = await insertApiToken(db, {
        id: newId(now),
        user_id: p.userId,
        name,
        token_hash: sha256(secret),
        prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
        scope,
        created_at: now,
        expires_at: expiresInDays === null ? null : now + expiresInDays * DAY,
        last_used_at: null,
      });
      return reply.code(201).send({ token, secret });
    },
  );

  app.delete(
    '/tokens/:id',
    { config: { access: 'signed-in' }, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: IdParamsSchema, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      const p = request.principal;
      if (!p) throw unauthorized();
      const token = await getApiToken(db, request.params.id);
      if (token.userId !== p.userId && p.role !== 'admin') throw forbidden('Only its owner or an admin can revoke this token.');
      await deleteApiToken(db, token.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/audit-log',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: "Parapet's own audit log: every change and sensitive read, newest first",
        querystring: z.object({ action: z.string().max(200).optional(), actor: z.string().max(200).optional(), limit: LimitSchema, cursor: CursorSchema }),
        response: { 200: pageOf(AuditEventSchema), ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await listAudit(db, { limit: q.limit, ...(q.action ? { action: q.action } : {}), ...(q.actor ? { actor: q.actor } : {}), ...(q.cursor ? { before: decodeCursor(q.cursor, IdKeySchema)?.id ?? '' } : {}) });
      const last = items[items.length - 1];
      return { items, nextCursor: items.length === q.limit && last ? encodeCursor({ id: last.id }) : null };
    },
  );
}
