import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { auditError, auditRoutes } from './routes/audit.js';
import { scimError, scimRoutes } from './routes/scim.js';
import { webError, webRoutes } from './routes/web.js';
import type { SlackState } from './state.js';

type Family = 'audit' | 'scim' | 'web';

function familyOf(url: string): Family | null {
  if (url.startsWith('/audit/')) return 'audit';
  if (url.startsWith('/scim/')) return 'scim';
  if (url.startsWith('/api/')) return 'web';
  return null;
}

/** Each family words a fault its own way: Audit and Web `{ok:false,error}`, SCIM its error JSON. */
function sendFault(reply: Parameters<FaultResponders['serverError']>[0], status: number, error: string, headers: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  const family = familyOf(reply.request.url);
  if (family === 'scim') return scimError(reply, status, error);
  if (family === 'web' && status !== 429 && status < 500) return webError(reply, error);
  return auditError(reply, status, error);
}

const responders: FaultResponders = {
  rateLimited(reply, retryAfterSeconds) {
    sendFault(reply, 429, 'ratelimited', { 'retry-after': String(retryAfterSeconds) });
  },
  serverError(reply) {
    sendFault(reply, 503, 'service_unavailable');
  },
  tokenExpired(reply) {
    // Token rotation: an expired access token answers token_expired (401 on Audit and SCIM).
    sendFault(reply, 401, 'token_expired');
  },
};

/** One Fastify app serving api.slack.com (Audit Logs, SCIM) and slack.com/api (Web API). */
export function buildServer(state: SlackState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });
  acceptFormBodies(app);
  app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    // The tenant's clock, so a client reading the Date header sees the frozen "now".
    reply.header('date', new Date(state.now()).toUTCString());
    const family = familyOf(req.url);
    if (!family) return;
    const key = family === 'web' ? `web:${req.url.split('?')[0]}` : family;
    const wait = state.limiter.take(family, key);
    if (wait === null) return;
    sendFault(reply, 429, 'ratelimited', { 'retry-after': String(wait) });
    return reply;
  });

  faults.install(app, responders, (req) => familyOf(req.url) !== null && !req.url.startsWith('/audit/v1/schemas'));

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((req, reply) => {
    if (familyOf(req.url) === 'web') return webError(reply, 'unknown_method');
    if (familyOf(req.url) === 'scim') return scimError(reply, 404, `No resource at ${req.method} ${req.url.split('?')[0]}`);
    return auditError(reply, 404, 'not_found');
  });

  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen }));
  auditRoutes(app, state);
  scimRoutes(app, state);
  webRoutes(app, state);
  return app;
}
