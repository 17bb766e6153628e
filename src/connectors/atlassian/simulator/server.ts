import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { directoryRoutes } from './routes/directory.js';
import { eventsRoutes } from './routes/events.js';
import { orgRoutes } from './routes/org.js';
import type { AtlassianState } from './state.js';
import { sendError } from './wire.js';

const API_ROUTE = /^\/(admin|users)\//;

/** Which per-path budget a request draws on (digest §5: `/events` 10 a minute per path). */
function limitKind(path: string): 'events' | 'eventsStream' | 'other' {
  if (/\/events-stream$/.test(path)) return 'eventsStream';
  if (/\/events$/.test(path)) return 'events';
  return 'other';
}

/** A 429 in Atlassian's words: `X-RateLimit-*` (Reset an ISO time, rounded up to the second) and, unless switched off, `Retry-After`. */
function tooMany(state: AtlassianState, reply: FastifyReply, waitMs: number, limit: number): void {
  const reset = new Date(Math.ceil((Date.now() + waitMs + 50) / 1000) * 1000);
  reply.header('x-ratelimit-limit', String(limit)).header('x-ratelimit-remaining', '0').header('x-ratelimit-reset', reset.toISOString());
  if (state.options.retryAfterHeader !== false) reply.header('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
  sendError(reply, 429, 'ADMIN-429', 'TOO_MANY_REQUESTS', 'Rate limit exceeded for this path. Retry after the reset time.');
}

function responders(state: AtlassianState): FaultResponders {
  return {
    rateLimited(reply, retryAfterSeconds) {
      tooMany(state, reply, retryAfterSeconds * 1000, 10);
    },
    serverError(reply) {
      sendError(reply, 503, 'ADMIN-503', 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable.');
    },
    tokenExpired(reply) {
      sendError(reply, 401, 'ADMIN-401', 'UNAUTHORIZED', 'The API key is missing, invalid or expired.');
    },
  };
}

/** One Fastify app for api.atlassian.com: the organisation, directory, user-management and audit-log paths. */
export function buildServer(state: AtlassianState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('date', new Date(state.now()).toUTCString());
    reply.header('atl-traceid', crypto.randomUUID().replace(/-/g, ''));
    if (!API_ROUTE.test(req.url)) return;
    const path = req.url.split('?')[0] as string;
    const kind = limitKind(path);
    const decision = state.limiter.take(kind, `${req.method} ${path}`);
    const limit = state.limiter.limitOf(kind).perMinute;
    if (!decision.allowed) {
      tooMany(state, reply, decision.resetMs, limit);
      return reply;
    }
    reply.header('x-ratelimit-limit', String(limit)).header('x-ratelimit-remaining', String(decision.remaining)).header('x-ratelimit-reset', new Date(Date.now() + decision.resetMs).toISOString());
  });

  faults.install(app, responders(state), (req) => API_ROUTE.test(req.url));

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((req, reply) => sendError(reply, 404, 'ADMIN-404', 'NOT_FOUND', `No resource at ${req.method} ${req.url.split('?')[0]}.`));
  app.setErrorHandler((error: { statusCode?: number; message: string }, _req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return status === 500 ? sendError(reply, 500, 'ADMIN-500', 'INTERNAL_SERVER_ERROR', 'Internal server error.') : sendError(reply, status, 'ADMIN-400', 'BAD_REQUEST', error.message);
  });

  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen }));
  orgRoutes(app, state);
  eventsRoutes(app, state);
  directoryRoutes(app, state);
  return app;
}
