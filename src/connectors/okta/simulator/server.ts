import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { directoryRoutes } from './routes/directory.js';
import { lifecycleRoutes } from './routes/lifecycle.js';
import { logsRoutes } from './routes/logs.js';
import { tokenRoutes } from './routes/token.js';
import type { SimulatorState } from './state.js';
import { sendOktaError } from './wire.js';

const API_ROUTE = /^\/api\/v1\//;

/**
 * Okta-worded faults. Okta sends no Retry-After: a 429 says when to come back through
 * `X-Rate-Limit-Reset` (epoch seconds), rounded up so it never comes before the pause ends.
 */
function responders(state: SimulatorState): FaultResponders {
  return {
    rateLimited(reply, retryAfterSeconds) {
      const reset = Math.ceil(Date.now() / 1000 + retryAfterSeconds + 0.05);
      reply.header('x-rate-limit-limit', String(state.limits.logsPerMinute)).header('x-rate-limit-remaining', '0').header('x-rate-limit-reset', String(reset));
      sendOktaError(reply, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
    },
    serverError(reply) {
      sendOktaError(reply, 500, 'E0000009', 'Internal Server Error');
    },
    tokenExpired(reply) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(reply.request.headers.authorization ?? '')?.[1];
      if (bearer) state.tokens.delete(bearer);
      sendOktaError(reply, 401, 'E0000011', 'Invalid token provided');
    },
  };
}

/** One Fastify app for the org's host: the org authorization server and the management API. */
export function buildServer(state: SimulatorState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });
  acceptFormBodies(app);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-okta-request-id', randomBytes(12).toString('base64url'));
    // Okta's clock (the tenant's, frozen or moved on), as every response's Date header gives it.
    reply.header('date', new Date(state.now()).toUTCString());
    if (!API_ROUTE.test(req.url)) return;
    const decision = state.take(req.url.startsWith('/api/v1/logs') ? 'logs' : 'other');
    for (const [name, value] of Object.entries(decision.headers)) reply.header(name, value);
    if (decision.allowed) return;
    sendOktaError(reply, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
    return reply;
  });

  faults.install(app, responders(state), (req) => API_ROUTE.test(req.url));

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((req, reply) => sendOktaError(reply, 404, 'E0000022', `The endpoint does not support the provided HTTP method`, [`${req.method} ${req.url.split('?')[0]}`]));
  app.setErrorHandler((error: { statusCode?: number; message: string }, _req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return status === 500 ? sendOktaError(reply, 500, 'E0000009', 'Internal Server Error') : sendOktaError(reply, status, 'E0000001', 'Api validation failed', [error.message]);
  });

  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen, events: state.size }));
  tokenRoutes(app, state);
  logsRoutes(app, state);
  directoryRoutes(app, state);
  lifecycleRoutes(app, state);
  return app;
}
