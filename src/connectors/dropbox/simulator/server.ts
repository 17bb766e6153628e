import Fastify, { type FastifyInstance } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { oauthRoutes } from './routes/oauth.js';
import { teamLogRoutes } from './routes/team-log.js';
import { teamRoutes } from './routes/team.js';
import type { DropboxState } from './state.js';
import { badInput, routeError, tooManyRequests } from './wire.js';

const isRpc = (url: string) => url.startsWith('/2/');

/** The scope each route needs (the spec's `scope` attribute). */
const SCOPE_OF: [RegExp, string][] = [
  [/^team_log\//, 'events.read'],
  [/^team\/members\/(suspend|unsuspend|set_admin_permissions)/, 'members.write'],
  [/^team\/(members|token)\//, 'members.read'],
  [/^team\/groups\//, 'groups.read'],
  [/^team\/(linked_apps|devices)\/(revoke)/, 'sessions.modify'],
  [/^team\/(linked_apps|devices)\//, 'sessions.list'],
  [/^team\/get_info/, 'team_info.read'],
];
export function scopeOf(route: string): string | null {
  return SCOPE_OF.find(([re]) => re.test(route))?.[1] ?? null;
}
const routeName = (url: string) => url.split('?')[0]?.replace(/^\/2\//, '') ?? url;

const responders: FaultResponders = {
  rateLimited(reply, retryAfterSeconds) {
    tooManyRequests(reply, retryAfterSeconds);
  },
  serverError(reply) {
    reply.code(503).header('content-type', 'text/plain; charset=utf-8').send('Service Unavailable');
  },
  tokenExpired(reply) {
    routeError(reply, 401, 'expired_access_token');
  },
};

/** One Fastify app serving api.dropboxapi.com: `/oauth2/token` and the `/2/...` RPC routes, every one a POST. */
export function buildServer(state: DropboxState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });
  acceptFormBodies(app);
  // No-argument routes take `null` or an empty body; anything else must be JSON.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, null);
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = new Error('could not decode input as JSON') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });
  app.setErrorHandler((error, req, reply) => {
    badInput(reply, routeName(req.url), error instanceof Error ? error.message : String(error));
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('date', new Date(state.now()).toUTCString());
    if (!isRpc(req.url)) return;
    if (req.method !== 'POST') {
      badInput(reply, routeName(req.url), `request method ${req.method} is not allowed; use POST`);
      return reply;
    }
    const wait = state.takeRequest();
    if (wait !== null) {
      tooManyRequests(reply, wait);
      return reply;
    }
  });

  faults.install(app, responders, (req) => isRpc(req.url));

  // Auth after faults: an injected expiry answers 401 before the token is looked at.
  app.addHook('preHandler', async (req, reply) => {
    if (!isRpc(req.url)) return;
    const verdict = state.checkToken(req.headers.authorization);
    if (verdict !== 'valid') return routeError(reply, 401, verdict);
    const scope = scopeOf(routeName(req.url));
    if (scope && state.options.missingScopes?.includes(scope)) return routeError(reply, 401, 'missing_scope', { required_scope: scope });
  });

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((req, reply) => {
    if (isRpc(req.url)) return badInput(reply, routeName(req.url), 'Unknown API function');
    return reply.code(404).header('content-type', 'text/plain').send('Not Found');
  });

  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen }));
  oauthRoutes(app, state);
  teamLogRoutes(app, state);
  teamRoutes(app, state);
  return app;
}
