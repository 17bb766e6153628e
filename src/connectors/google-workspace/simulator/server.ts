import Fastify, { type FastifyInstance } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { directoryRoutes } from './routes/directory.js';
import { policyRoutes } from './routes/policies.js';
import { reportsRoutes } from './routes/reports.js';
import { tokenRoutes } from './routes/token.js';
import type { SimulatorState } from './state.js';
import { invalidCredentials, sendGoogleError } from './wire.js';

const API_ROUTE = /^\/(admin\/|v1\/)/;

/** Google-worded faults: a 429 quota error with no Retry-After, a 503, and a token that dies mid-stream. */
function responders(state: SimulatorState): FaultResponders {
  return {
    rateLimited(reply) {
      sendGoogleError(reply, 429, 'rateLimitExceeded', 'Quota exceeded for quota metric \'Queries\' and limit \'Queries per minute per user\' of service \'admin.googleapis.com\'.', 'usageLimits');
    },
    serverError(reply) {
      sendGoogleError(reply, 503, 'backendError', 'The service is currently unavailable.');
    },
    tokenExpired(reply) {
      state.revokeToken(reply.request.headers.authorization);
      invalidCredentials(reply);
    },
  };
}

/** One Fastify app for Google's hosts: oauth2 (token), admin (Directory, Reports) and cloudidentity (policies). */
export function buildServer(state: SimulatorState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });
  acceptFormBodies(app);
  app.addHook('onRequest', async (req, reply) => {
    // Google's clock (the tenant's, frozen or moved on), as every response's Date header gives it.
    reply.header('date', new Date(state.now()).toUTCString());
    if (!API_ROUTE.test(req.url)) return;
    if (state.takeQuota()) return;
    sendGoogleError(reply, 403, 'userRateLimitExceeded', `Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' (${state.queriesPerMinute}).`, 'usageLimits');
    return reply;
  });
  faults.install(app, responders(state), (req) => API_ROUTE.test(req.url));
  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });
  app.setNotFoundHandler((req, reply) => sendGoogleError(reply, 404, 'notFound', `The requested URL ${req.url.split('?')[0]} was not found on this server.`));
  app.setErrorHandler((error: { statusCode?: number; message: string }, _req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return sendGoogleError(reply, status, status === 500 ? 'backendError' : 'invalid', error.message);
  });
  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen, events: state.events.length }));
  tokenRoutes(app, state);
  directoryRoutes(app, state);
  reportsRoutes(app, state);
  policyRoutes(app, state);
  return app;
}
