import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { MINUTE } from '../core/clock.js';
import type { Store } from '../store/db.js';
import type { ConnectorRegistry } from '../connectors/sdk/registry-of.js';
import type { SyncService } from '../sync/sync-service.js';
import type { Access } from './auth/access.js';
import { installAuth } from './auth/authenticate.js';
import { LoginLimiter } from './auth/login-limiter.js';
import type { OidcService } from './auth/oidc.js';
import type { ApiContext, ZodApp } from './context.js';
import { installErrorHandling } from './error-handler.js';
import { activityRoutes } from './routes/activities.js';
import { alertRoutes } from './routes/alerts.js';
import { authRoutes, oidcRoutes } from './routes/auth.js';
import { connectorRoutes } from './routes/connectors.js';
import { intelRoutes } from './routes/intel.js';
import { inventoryRoutes } from './routes/inventory.js';
import { PostureService } from '../posture/posture-service.js';
import { policyRoutes } from './routes/policies.js';
import { postureRoutes } from './routes/posture.js';
import { statsRoutes } from './routes/stats.js';
import { userRoutes } from './routes/users.js';
import { governanceRoutes } from './routes/governance.js';
import { GovernanceService } from '../governance/governance-service.js';
import { createNotifier } from '../governance/notify/notifier.js';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from '../sync/stream-health.js';

export const API_PREFIX = '/api/v1';

/** Every route group, in one list: the OpenAPI document, the route × role test and the portal derive from it. */
export const ROUTE_GROUPS = [authRoutes, oidcRoutes, connectorRoutes, activityRoutes, inventoryRoutes, alertRoutes, policyRoutes, postureRoutes, intelRoutes, userRoutes, statsRoutes, governanceRoutes] as const;

/** One entry of Fastify's route table as registered (method, URL, access rule). */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
  hasBody: boolean;
}

const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route the instance registered, in order (the route × role test walks it). */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return routeTables.get(app) ?? [];
}

/**
 * The portal's and the API docs' scripts, styles and API calls come from Parapet itself; nothing may frame
 * them. Styles allow inline: Mantine sets its theme variables in a <style> element and positions popovers with
 * style attributes, and Swagger UI styles its page inline too.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export interface BuildApiOptions {
  store: Store;
  sync: SyncService;
  /** @default a PostureService over `store` (the composition root passes its own) */
  posture?: PostureService;
  registry: ConnectorRegistry;
  clock: Clock;
  logger: Logger;
  /** Served over TLS (cookies get Secure). */
  tls?: { key: string | Buffer; cert: string | Buffer } | null;
  oidc?: OidcService | null;
  /** The built portal (web/dist); served at / with an SPA fallback when it exists. */
  webDir?: string | null;
  /** Largest request body by default; routes that take files raise their own. @default 1 MiB */
  bodyLimit?: number;
  /** Sign-in attempts per client address per 15 minutes. @default 20 */
  loginAttemptsPerWindow?: number;
  /** The composition root's governance. @default one over this store that notifies nobody */
  governance?: GovernanceService;
  /** When the status API calls a stream behind or silent. @default DEFAULT_HEALTH_THRESHOLDS (snapshots every 12 hours) */
  healthThresholds?: HealthThresholds;
}

/** The HTTP API (and the portal's files): one Fastify instance with every route, not yet listening. */
export async function buildApi(options: BuildApiOptions): Promise<FastifyInstance> {
  const fastifyOptions: FastifyServerOptions = {
    loggerInstance: options.logger.child({ component: 'api' }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  };
  const app = (options.tls ? Fastify({ ...fastifyOptions, https: options.tls } as FastifyServerOptions) : Fastify(fastifyOptions)) as unknown as FastifyInstance;
  const table: RouteEntry[] = [];
  routeTables.set(app, table);
  // The API docs and the portal's files are public; every /api/v1 route must declare its own rule.
  app.addHook('onRoute', (route) => {
    if (!route.config?.access && (route.url.startsWith('/api/docs') || !route.url.startsWith('/api'))) route.config = { ...route.config, access: 'public' };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access: route.config?.access, hasBody: Boolean(route.schema?.body) });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await app.register(fastifyCookie);

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (options.tls) reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });

  const ctx: ApiContext = {
    store: options.store,
    sync: options.sync,
    posture: options.posture ?? new PostureService({ db: options.store.db, registry: options.registry, clock: options.clock, logger: options.logger }),
    registry: options.registry,
    clock: options.clock,
    logger: options.logger,
    auth: { db: options.store.db, clock: options.clock, secureCookies: Boolean(options.tls) },
    limiter: new LoginLimiter({ max: options.loginAttemptsPerWindow ?? 20, windowMs: 15 * MINUTE, now: () => options.clock.now() }),
    oidc: options.oidc ?? null,
    syncing: new Set(),
    healthThresholds: options.healthThresholds ?? DEFAULT_HEALTH_THRESHOLDS,
    governance:
      options.governance ??
      new GovernanceService({ store: options.store, registry: options.registry, clock: options.clock, logger: options.logger.child({ component: 'governance' }), notifier: createNotifier({ clock: options.clock }) }),
  };
  installAuth(app, ctx.auth);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Parapet API', version: '1', description: 'Parapet: connectors, activity log, inventory, detections and alerts. Errors are RFC 9457 problem details.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'parapet_session', description: 'From POST /api/v1/auth/login; state-changing requests also send x-csrf-token' },
          token: { type: 'http', scheme: 'bearer', description: 'An API token (Settings → API tokens)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  await app.register(
    async (api) => {
      const zapp = api.withTypeProvider<ZodTypeProvider>() as unknown as ZodApp;
      for (const group of ROUTE_GROUPS) group(zapp, ctx);
    },
    { prefix: API_PREFIX },
  );

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  if (options.webDir && existsSync(join(options.webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: options.webDir, prefix: '/', wildcard: false, index: ['index.html'] });
    // SPA fallback: any other GET outside /api answers the portal's index.html (its router takes over).
    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply.callNotFound();
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}
