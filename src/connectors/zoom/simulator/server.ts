import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { nextGmtMidnight } from '../http-policy.js';
import type { ZoomLabel } from './rate-limiter.js';
import { apiRoutes } from './routes/api.js';
import { zoomError } from './routes/errors.js';
import { oauthRoutes } from './routes/oauth.js';
import { reportRoutes } from './routes/reports.js';
import type { ZoomState } from './state.js';

/** The rate-limit label of a call (digest §2): reports are Heavy, writes Light, the rest Medium. */
function labelOf(method: string, path: string): ZoomLabel {
  if (path.startsWith('/v2/report/')) return 'Heavy';
  if (method !== 'GET') return 'Light';
  return 'Medium';
}

function throttled(reply: FastifyReply, label: ZoomLabel, type: 'QPS' | 'Daily-limit', now: number, retryAfter: string | null, limit: number) {
  reply.header('X-RateLimit-Category', label).header('X-RateLimit-Type', type).header('X-RateLimit-Limit', String(limit)).header('X-RateLimit-Remaining', '0');
  if (retryAfter !== null) reply.header('Retry-After', retryAfter);
  const message =
    type === 'Daily-limit'
      ? `You have exceeded the daily rate limit (${limit}) of ${label} API requests permitted for this particular account. You may resume these requests at GMT 00:00:00.`
      : `You have reached the maximum per-second rate limit for this API. Try again later.`;
  void now;
  return zoomError(reply, 429, 429, message);
}

const responders: FaultResponders = {
  rateLimited(reply, retryAfterSeconds) {
    throttled(reply, 'Heavy', 'QPS', Date.now(), String(retryAfterSeconds), 10);
  },
  serverError(reply) {
    zoomError(reply, 500, 500, 'Internal Server Error');
  },
  tokenExpired(reply) {
    zoomError(reply, 401, 124, 'Invalid access token.');
  },
};

/** One Fastify app serving zoom.us/oauth/token and api.zoom.us/v2. */
export function buildServer(state: ZoomState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });
  acceptFormBodies(app);

  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    reply.header('date', new Date(state.now()).toUTCString());
    if (!req.url.startsWith('/v2/')) return;
    if (!req.headers.authorization?.startsWith('Bearer ')) return zoomError(reply, 401, 124, 'Invalid access token.');
    if (!state.validToken(req.headers.authorization)) return zoomError(reply, 401, 124, 'Invalid access token.');
    const path = req.url.split('?')[0] ?? '';
    const label = labelOf(req.method, path);
    // Limits and the daily cap run on real time (unless a test sets their clock): a frozen tenant still has seconds and days pass.
    const now = state.options.rateLimitClock?.() ?? Date.now();
    const verdict = state.limiter.take(label, now);
    if (!verdict.ok) {
      if (verdict.type === 'Daily-limit') return throttled(reply, label, 'Daily-limit', now, new Date(nextGmtMidnight(now)).toISOString(), state.limiter.limits.heavyPerDay);
      return throttled(reply, label, 'QPS', now, state.options.retryAfterOnQps === false ? null : '1', state.limiter.limits.perSecond[label]);
    }
    if (verdict.dailyRemaining !== null) {
      reply.header('X-RateLimit-Category', label).header('X-RateLimit-Type', 'Daily-limit').header('X-RateLimit-Limit', String(state.limiter.limits.heavyPerDay)).header('X-RateLimit-Remaining', String(verdict.dailyRemaining));
    }
  });

  faults.install(app, responders, (req) => req.url.startsWith('/v2/'));

  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });

  app.setNotFoundHandler((req, reply) => zoomError(reply, 404, 404, `No such API: ${req.method} ${req.url.split('?')[0]}`));
  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen }));
  oauthRoutes(app, state);
  reportRoutes(app, state);
  apiRoutes(app, state);
  return app;
}
