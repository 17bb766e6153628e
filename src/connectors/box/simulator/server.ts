import Fastify, { type FastifyInstance } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { directoryRoutes } from './routes/directory.js';
import { eventsRoutes } from './routes/events.js';
import { tokenRoutes } from './routes/token.js';
import type { BoxState } from './state.js';
import { sendBoxError } from './wire.js';

const API_ROUTE = /^\/2\.0\//;

/** Box-worded faults: 429 with `retry-after` seconds, 5xx ClientError bodies, 401 with `WWW-Authenticate` and no body. */
function responders(state: BoxState): FaultResponders {
  return {
    rateLimited(reply, retryAfterSeconds) {
      reply.header('retry-after', String(retryAfterSeconds));
      sendBoxError(reply, 429, 'rate_limit_exceeded', 'Request rate limit exceeded, please try again later');
    },
    serverError(reply) {
      sendBoxError(reply, 503, 'unavailable', 'Unavailable');
    },
    tokenExpired(reply) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(reply.request.headers.authorization ?? '')?.[1];
      if (bearer) state.tokens.delete(bearer);
      reply.header('www-authenticate', 'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."').code(401).send('');
    },
  };
}

/** One Fastify app for api.box.com: the token endpoint and API 2.0. */
export function buildServer(state: BoxState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });
  acceptFormBodies(app);

  app.addHook('onRequest', async (req, reply) => {
    // The tenant's clock, so a client reading the Date header sees the frozen "now".
    reply.header('date', new Date(state.now()).toUTCString());
    if (!API_ROUTE.test(req.url)) return;
    const wait = state.take();
    if (wait !== null) {
      reply.header('retry-after', String(wait));
      sendBoxError(reply, 429, 'rate_limit_exceeded', 'Request rate limit exceeded, please try again later');
      return reply;
    }
  });

  faults.install(app, responders(state), (req) => API_ROUTE.test(req.url));

  // After the faults: an unknown or expired token is Box's bare 401.
  app.addHook('onRequest', async (req, reply) => {
    if (!API_ROUTE.test(req.url) || reply.sent) return;
    if (state.authorised(req.headers.authorization)) return;
    reply.header('www-authenticate', 'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."').code(401).send('');
    return reply;
  });

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((req, reply) => sendBoxError(reply, 404, 'not_found', `Not Found: ${req.method} ${req.url.split('?')[0]}`));
  app.setErrorHandler((error: { statusCode?: number; message: string }, _req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return status === 500 ? sendBoxError(reply, 500, 'internal_server_error', 'Internal Server Error') : sendBoxError(reply, status, 'bad_request', error.message);
  });

  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen }));
  tokenRoutes(app, state);
  eventsRoutes(app, state);
  directoryRoutes(app, state);
  return app;
}
