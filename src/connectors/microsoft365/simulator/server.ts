import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { graphRoutes } from './routes/graph.js';
import { managementRoutes } from './routes/management.js';
import { tokenRoutes } from './routes/token.js';
import type { SimulatorState } from './state.js';
import { hostOf, sendAadError, sendAfError, sendGraphError } from './wire.js';

/** Microsoft-worded faults: AF429 (403) on the Management API, 429 + Retry-After on Graph, AF50000, a dead token. */
function responders(state: SimulatorState): FaultResponders {
  return {
    rateLimited(reply, retryAfterSeconds) {
      const host = hostOf(reply.request.url);
      if (host === 'manage') {
        // Microsoft documents no Retry-After with AF429 (digest §2.6): clients back off on their own.
        sendAfError(reply, 403, 'AF429', `Too many requests. Method=GET, PublisherId=${state.tenant.id}`);
      } else if (host === 'graph') {
        reply.header('retry-after', String(retryAfterSeconds));
        sendGraphError(reply, 429, 'TooManyRequests', 'Too many requests. Please retry after the time given in the Retry-After header.');
      } else {
        reply.header('retry-after', String(retryAfterSeconds));
        sendAadError(reply, 429, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.', state.now());
      }
    },
    serverError(reply) {
      const host = hostOf(reply.request.url);
      if (host === 'manage') sendAfError(reply, 500, 'AF50000', 'An internal error occurred. Retry the request.');
      else if (host === 'graph') sendGraphError(reply, 503, 'serviceNotAvailable', 'The service is temporarily unavailable. Please retry.');
      else sendAadError(reply, 500, 'server_error', 90033, 'A transient error has occurred. Please try again.', state.now());
    },
    tokenExpired(reply) {
      state.tokens.revoke(reply.request.headers.authorization);
      if (hostOf(reply.request.url) === 'graph') {
        sendGraphError(reply, 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
      } else {
        reply.header('www-authenticate', 'Bearer realm="https://manage.office.com", error="invalid_token", error_description="The token is expired"');
        reply.code(401).send({ Message: 'Authorization has been denied for this request.' });
      }
    },
  };
}

/** Graph paths whose reads Microsoft throttles hardest (directory reads). */
const DIRECTORY_READ = /^\/(v1\.0|beta)\/(users(\?|$)|groups\/[^/]+\/(transitiveMembers|members)|identity\/conditionalAccess\/policies)/;

/** The options that make the simulator as hard as the real services: gateways, gzip, directory throttling. */
function installHardships(app: FastifyInstance, state: SimulatorState): void {
  const { options } = state;
  let apiRequests = 0;
  let directoryReads = 0;
  app.addHook('onRequest', async (req, reply) => {
    const host = hostOf(req.url);
    if (host === 'login' || req.url.startsWith('/__sim')) return undefined;
    const gatewayEvery = options.gatewayErrorEvery ?? 0;
    if (gatewayEvery > 0 && ++apiRequests % gatewayEvery === 0) {
      state.hardships.gatewayErrors++;
      const status = state.hardships.gatewayErrors % 2 === 1 ? 503 : 504;
      const title = status === 503 ? '503 Service Unavailable' : '504 Gateway Time-out';
      reply.code(status).header('retry-after', String(options.gatewayRetryAfterSeconds ?? 3600)).header('content-type', 'text/html');
      return reply.send(`<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>The service is temporarily unavailable. Reference #18.4c1e2b17.1700000000.5a1b2c3</p></body></html>`);
    }
    const throttleEvery = options.directoryThrottleEvery ?? 0;
    if (throttleEvery > 0 && req.method === 'GET' && DIRECTORY_READ.test(req.url) && ++directoryReads % throttleEvery === 0) {
      state.throttled.directory++;
      // Graph sends Retry-After on most 429s, not all: the client must back off on its own then.
      if (state.throttled.directory % 2 === 1) reply.header('retry-after', '2');
      else state.throttled.directoryWithoutRetryAfter++;
      return sendGraphError(reply, 429, 'TooManyRequests', 'Too many requests. Please retry later.');
    }
    return undefined;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!options.gzip) return payload;
    const accepts = req.headers['accept-encoding'];
    // No Accept-Encoding means any coding is acceptable (RFC 9110 §12.5.3).
    const gzipOk = accepts === undefined || /\bgzip\b/i.test(String(accepts));
    if (!gzipOk || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    state.hardships.gzipped++;
    reply.header('content-encoding', 'gzip');
    reply.removeHeader('content-length');
    return gzipSync(typeof payload === 'string' ? Buffer.from(payload) : payload);
  });
}

/** One Fastify app serving login.microsoftonline.com, manage.office.com and graph.microsoft.com paths. */
export function buildServer(state: SimulatorState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 500 } });

  acceptFormBodies(app);

  app.addHook('onRequest', async (req, reply) => {
    // Microsoft's clock is the tenant's: a frozen tenant answers with its frozen time.
    reply.header('date', new Date(state.now()).toUTCString());
    if (hostOf(req.url) !== 'graph') return;
    // Graph returns its request ids as headers and mirrors them in error bodies (digest §5.5).
    const requestId = randomUUID();
    const clientRequestId = req.headers['client-request-id'];
    reply.header('request-id', requestId);
    reply.header('client-request-id', typeof clientRequestId === 'string' ? clientRequestId : requestId);
    reply.header('x-ms-ags-diagnostic', JSON.stringify({ ServerInfo: { DataCenter: 'West US 2', Slice: 'E', Ring: '1', ScaleUnit: '000', RoleInstance: 'MW2PEPF00000000' } }));
  });

  faults.install(app, responders(state), (req) => hostOf(req.url) !== 'login');
  installHardships(app, state);

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const host = hostOf(req.url);
    const path = req.url.split('?')[0] ?? req.url;
    if (host === 'graph') return sendGraphError(reply, 400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop() ?? ''}'.`);
    if (host === 'manage') return sendAfError(reply, 404, 'AF20050', `The specified content (${path}) does not exist.`);
    return sendAadError(reply, 404, 'invalid_request', 90056, `The requested endpoint ${path} does not exist.`, state.now());
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, req: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const host = hostOf(req.url);
    if (host === 'graph') return sendGraphError(reply, status, status === 500 ? 'generalException' : 'BadRequest', error.message);
    if (host === 'manage') return sendAfError(reply, status, status === 500 ? 'AF50000' : 'AF20002', status === 500 ? 'An internal error occurred. Retry the request.' : error.message);
    return sendAadError(reply, status, 'invalid_request', 900144, error.message, state.now());
  });

  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen, tenantId: state.tenant.id }));

  tokenRoutes(app, state);
  managementRoutes(app, state);
  graphRoutes(app, state);
  return app;
}
