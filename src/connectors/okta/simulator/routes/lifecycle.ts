import type { FastifyInstance, FastifyReply } from 'fastify';
import { SeededRandom } from '../../../sdk/simulator/seeded-random.js';
import { logEvent, userTarget } from '../events.js';
import type { SimulatorState } from '../state.js';
import type { SimUser, UserStatus } from '../tenant.js';
import { authorize, invalid, notFound, sendOktaError } from '../wire.js';

/** Okta words a lifecycle call on a user in the wrong state as a 400 E0000001 naming the transition. */
const wrongState = (reply: FastifyReply, u: SimUser, op: string) => sendOktaError(reply, 400, 'E0000001', `Api validation failed: ${op}`, [`Cannot ${op} a user that is ${u.status.toLowerCase()}`]);

/**
 * Governance (digest §2): suspend / unsuspend / deactivate answer 200 with an empty body, clearing sessions
 * and revoking grants answer 204. Each change is also written to the System Log as Okta does, by the admin
 * whose credential made the call.
 */
export function lifecycleRoutes(app: FastifyInstance, state: SimulatorState): void {
  const rng = new SeededRandom(state.seed ^ 0x11fe);
  const admin = () => state.tenant.users[state.tenant.adminIndex] as SimUser;
  const audit = (eventType: string, displayMessage: string, u: SimUser) => state.append(logEvent({ at: state.now(), eventType, displayMessage, actor: admin(), where: null, targets: [userTarget(u)], transactionType: 'WEB' }, rng));

  const transition = (op: 'suspend' | 'unsuspend' | 'deactivate', from: UserStatus[], to: UserStatus, eventType: string, message: string) =>
    app.post<{ Params: { id: string } }>(`/api/v1/users/:id/lifecycle/${op}`, async (req, reply) => {
      if (!authorize(state, req, reply, 'okta.users.manage')) return reply;
      const u = state.user(req.params.id);
      if (!u) return notFound(reply, req.params.id, 'User');
      if (!from.includes(u.status)) return wrongState(reply, u, op);
      u.status = to;
      u.statusChanged = state.now();
      if (to !== 'ACTIVE') u.sessions = 0;
      audit(eventType, message, u);
      return reply.code(200).header('content-type', 'application/json').send('');
    });
  transition('suspend', ['ACTIVE'], 'SUSPENDED', 'user.lifecycle.suspend', 'Suspend Okta user');
  transition('unsuspend', ['SUSPENDED'], 'ACTIVE', 'user.lifecycle.unsuspend', 'Unsuspend Okta user');
  transition('deactivate', ['ACTIVE', 'SUSPENDED', 'STAGED', 'PROVISIONED', 'LOCKED_OUT'], 'DEPROVISIONED', 'user.lifecycle.deactivate', 'Deactivate Okta user');

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/lifecycle/reset_factors', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.users.manage')) return reply;
    const u = state.user(req.params.id);
    if (!u) return notFound(reply, req.params.id, 'User');
    u.factors = [];
    audit('user.mfa.factor.reset_all', 'Reset all factors for user', u);
    return reply.code(200).header('content-type', 'application/json').send('');
  });

  app.delete<{ Params: { id: string }; Querystring: { oauthTokens?: string } }>('/api/v1/users/:id/sessions', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.users.manage')) return reply;
    const u = state.user(req.params.id);
    if (!u) return notFound(reply, req.params.id, 'User');
    if (req.query.oauthTokens !== undefined && !/^(true|false)$/.test(req.query.oauthTokens)) return invalid(reply, `oauthTokens: must be true or false`);
    u.sessions = 0;
    audit('user.session.clear', 'Clear user session', u);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string; clientId: string } }>('/api/v1/users/:id/clients/:clientId/grants', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.users.manage')) return reply;
    const u = state.user(req.params.id);
    if (!u) return notFound(reply, req.params.id, 'User');
    for (const g of state.tenant.grants) if (g.userId === u.id && g.clientId === req.params.clientId) g.status = 'REVOKED';
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/api/v1/users/:id/factors', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.users.read')) return reply;
    const u = state.user(req.params.id);
    if (!u) return notFound(reply, req.params.id, 'User');
    return reply.send(u.factors.map((f) => ({ id: f.id, factorType: f.factorType, provider: f.provider, vendorName: f.provider, status: 'ACTIVE', created: new Date(f.created).toISOString(), lastUpdated: new Date(f.created).toISOString() })));
  });
}
