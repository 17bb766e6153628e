import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { adminRoutes } from './routes/admin.js';
import { esignatureRoutes } from './routes/esignature.js';
import { monitorRoutes } from './routes/monitor.js';
import { oauthRoutes } from './routes/oauth.js';
import type { SimulatorState } from './state.js';
import { familyOf, sendError } from './wire.js';

const API_ROUTE = /^\/(api\/|v1\/|management\/|restapi\/)/i;

/** Which account a request counts against: the one in the path, else the caller's default account. */
function rateAccount(state: SimulatorState, req: FastifyRequest): string {
  const inPath = /^\/restapi\/v2\.1\/accounts\/([^/?]+)/i.exec(req.url)?.[1];
  if (inPath && state.account(inPath)) return inPath.toLowerCase();
  const token = state.oauth.resolve(req.headers.authorization);
  const user = token ? state.userById(token.userId) : undefined;
  return user?.memberships.find((m) => m.status === 'active')?.accountId ?? state.tenant.org.defaultAccountId;
}

/** DocuSign-worded faults: the 429 of §5.2, an eSignature-style 500, and a token that dies mid-stream. */
function responders(state: SimulatorState): FaultResponders {
  return {
    rateLimited(reply, retryAfterSeconds) {
      reply.header('retry-after', String(retryAfterSeconds));
      sendError(reply, 429, 'esign', 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', `The maximum number of hourly API invocations has been exceeded. The hourly limit is ${state.limiter.settings.hourly}.`);
    },
    serverError(reply) {
      const family = familyOf(reply.request.url);
      if (family === 'esign') sendError(reply, 500, family, 'UNSPECIFIED_ERROR', 'An unexpected error occurred processing the request. Please try again.');
      else sendError(reply, 500, family, 'internal_server_error', 'An unexpected error occurred processing the request. Please try again.');
    },
    tokenExpired(reply) {
      state.oauth.revoke(reply.request.headers.authorization);
      const family = familyOf(reply.request.url);
      sendError(reply, 401, family === 'esign' ? 'esign' : family, family === 'esign' ? 'USER_AUTHENTICATION_FAILED' : 'unauthorized', 'One or both of Username and Password are invalid. Invalid access token: the token has expired.');
    },
  };
}

/** One Fastify app serving every DocuSign host's paths: account server, Monitor, Admin and eSignature. */
export function buildServer(state: SimulatorState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({
    logger: false,
    // The Admin API's published base path is /Management; every example uses /management. Accept both.
    rewriteUrl: (req) => (req.url ?? '/').replace(/^\/management(?=\/|\?|$)/i, '/management'),
  });

  acceptFormBodies(app);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-docusign-tracetoken', randomUUID());
    if (req.url.startsWith('/__sim')) return;
    const decision = state.limiter.take(rateAccount(state, req));
    for (const [name, value] of Object.entries(decision.headers)) reply.header(name, value);
    if (decision.allowed) return;
    if (decision.exceeded === 'hourly') {
      sendError(reply, 429, 'esign', 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', `The maximum number of hourly API invocations has been exceeded. The hourly limit is ${state.limiter.settings.hourly}.`);
    } else {
      sendError(reply, 429, 'esign', 'BURST_APIINVOCATION_LIMIT_EXCEEDED', `The maximum number of API invocations in a ${state.limiter.settings.burstWindowSeconds}-second window has been exceeded. The burst limit is ${state.limiter.settings.burst}.`);
    }
    return reply;
  });

  faults.install(app, responders(state), (req) => API_ROUTE.test(req.url));

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const family = familyOf(req.url);
    if (family === 'esign') return sendError(reply, 404, family, 'INVALID_REQUEST_PARAMETER', `The URL ${req.method} ${req.url.split('?')[0]} is not a valid resource.`);
    return sendError(reply, 404, family, 'not_found', `No resource at ${req.method} ${req.url.split('?')[0]}.`);
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, req: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const family = familyOf(req.url);
    if (family === 'esign') return sendError(reply, status, family, status === 500 ? 'UNSPECIFIED_ERROR' : 'INVALID_REQUEST_BODY', error.message);
    return sendError(reply, status, family, status === 500 ? 'internal_server_error' : 'invalid_request', error.message);
  });

  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen, events: state.log.size }));

  oauthRoutes(app, state);
  monitorRoutes(app, state);
  adminRoutes(app, state);
  esignatureRoutes(app, state);
  return app;
}
