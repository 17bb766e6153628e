import Fastify, { type FastifyInstance } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { oauthRoutes } from './routes/oauth.js';
import { tableRoutes } from './routes/table.js';
import type { SimulatorState } from './state.js';
import { notAuthenticated, sendSnError } from './wire.js';

const API_ROUTE = /^\/api\/now\//;

/** ServiceNow-worded faults: 429 with Retry-After and the rule's headers, 500 and 401 in the Table API's error body. */
function responders(state: SimulatorState): FaultResponders {
  return {
    rateLimited(reply, retryAfterSeconds) {
      const { headers } = state.take();
      for (const [name, value] of Object.entries(headers)) reply.header(name, value);
      reply.header('retry-after', String(retryAfterSeconds));
      sendSnError(reply, 429, 'Rate limit exceeded', `Inbound REST rate limit rule ${state.rateLimitRule} exceeded; retry after ${retryAfterSeconds} seconds`);
    },
    serverError(reply) {
      sendSnError(reply, 500, 'Internal server error', null);
    },
    tokenExpired(reply) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(reply.request.headers.authorization ?? '')?.[1];
      if (bearer) state.tokens.delete(bearer);
      notAuthenticated(reply);
    },
  };
}

/** One Fastify app for the instance: the token endpoint and the Table API. */
export function buildServer(state: SimulatorState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });
  acceptFormBodies(app);

  app.addHook('onRequest', async (req, reply) => {
    // The instance's clock (frozen or moved on), as every response's Date header gives it.
    reply.header('date', new Date(state.now()).toUTCString());
    if (!API_ROUTE.test(req.url)) return;
    const decision = state.take();
    for (const [name, value] of Object.entries(decision.headers)) reply.header(name, value);
    if (decision.allowed) return;
    reply.header('retry-after', String(decision.retryAfterSeconds));
    sendSnError(reply, 429, 'Rate limit exceeded', `Inbound REST rate limit rule ${state.rateLimitRule} exceeded`);
    return reply;
  });

  faults.install(app, responders(state), (req) => API_ROUTE.test(req.url));

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((req, reply) => sendSnError(reply, 400, 'Requested URI does not represent any resource', req.url.split('?')[0] ?? null));
  app.setErrorHandler((error: { statusCode?: number; message: string }, _req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return sendSnError(reply, status, status === 500 ? 'Internal server error' : 'Exception while reading request', status === 500 ? null : error.message);
  });

  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen }));
  oauthRoutes(app, state);
  tableRoutes(app, state);
  return app;
}
