import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { appRoutes } from './routes/app.js';
import { auditLogRoutes } from './routes/audit-log.js';
import { graphqlRoutes } from './routes/graphql.js';
import { orgRoutes } from './routes/org.js';
import { scimRoutes } from './routes/scim.js';
import type { SimulatorState } from './state.js';
import { sendError } from './wire.js';

const RATE_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';
export const SECONDARY_MESSAGE = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

const isTokenRoute = (req: FastifyRequest) => req.url.startsWith('/app/installations/');
const isAuditRoute = (req: FastifyRequest) => /\/audit-log(\?|$)/.test(req.url);

function responders(state: SimulatorState): FaultResponders {
  return {
    rateLimited(reply, retryAfterSeconds) {
      reply.header('retry-after', String(retryAfterSeconds));
      sendError(reply, 429, SECONDARY_MESSAGE, `${RATE_DOCS}#about-secondary-rate-limits`);
    },
    serverError(reply) {
      sendError(reply, 500, 'Server Error');
    },
    tokenExpired(reply) {
      state.revoke(reply.request.headers.authorization);
      sendError(reply, 401, 'Bad credentials');
    },
  };
}

/** One Fastify app serving api.github.com's paths (REST, GraphQL, SCIM, App tokens) for the seeded organisation. */
export function buildServer(state: SimulatorState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-github-request-id', randomBytes(8).toString('hex').toUpperCase());
    reply.header('x-github-api-version-selected', '2022-11-28');
    if (req.url.startsWith('/__sim')) return;
    if (!req.headers['user-agent']) {
      return sendError(reply, 403, 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).');
    }
    if (isTokenRoute(req)) return;
    const token = state.resolve(req.headers.authorization);
    if (!token) return sendError(reply, 401, 'Bad credentials');
    // GET /rate_limit costs nothing; it still reports the budget.
    const free = req.url.startsWith('/rate_limit');
    const budget = state.spend(token, !free && isAuditRoute(req));
    reply.header('x-ratelimit-limit', String(budget.limit));
    reply.header('x-ratelimit-remaining', String(budget.remaining));
    reply.header('x-ratelimit-used', String(budget.used));
    reply.header('x-ratelimit-reset', String(budget.reset));
    reply.header('x-ratelimit-resource', req.url.startsWith('/graphql') ? 'graphql' : req.url.startsWith('/scim') ? 'scim' : 'core');
    if (budget.remaining === 0 && budget.used > budget.limit) {
      return sendError(reply, 403, `API rate limit exceeded for installation ID ${String(state.options.seed ?? 1)}. If you reach out to GitHub Support for help, please include the request ID.`, `${RATE_DOCS}#about-the-primary-rate-limit`);
    }
    if (budget.auditExceeded) {
      reply.header('retry-after', '60');
      return sendError(reply, 403, SECONDARY_MESSAGE, `${RATE_DOCS}#about-secondary-rate-limits`);
    }
  });

  faults.install(app, responders(state), (req) => !req.url.startsWith('/__sim') && !isTokenRoute(req));

  app.addHook('onSend', async (_req, reply, payload) => {
    // GitHub's clock is the tenant's: a frozen tenant answers with its frozen time.
    reply.header('date', new Date(state.now()).toUTCString());
    return payload;
  });

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((_req: FastifyRequest, reply: FastifyReply) => sendError(reply, 404, 'Not Found'));
  app.setErrorHandler((error: { statusCode?: number; message: string }, _req: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return sendError(reply, status, status === 500 ? 'Server Error' : error.message);
  });

  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen, events: state.log.size }));
  app.get('/rate_limit', async (req) => {
    const limit = Number(req.headers['x-ratelimit-limit'] ?? 15_000);
    const core = { limit, used: 0, remaining: limit, reset: Math.ceil(Date.now() / 1000) + 3600 };
    return { resources: { core, graphql: core, search: { limit: 30, used: 0, remaining: 30, reset: core.reset }, audit_log: { limit: state.options.auditLogPerHour ?? 1750, used: 0, remaining: state.options.auditLogPerHour ?? 1750, reset: core.reset } }, rate: core };
  });

  appRoutes(app, state);
  auditLogRoutes(app, state);
  orgRoutes(app, state);
  graphqlRoutes(app, state);
  scimRoutes(app, state);
  return app;
}
