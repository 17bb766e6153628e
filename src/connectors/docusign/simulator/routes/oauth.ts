import type { FastifyInstance } from 'fastify';
import { TOKEN_LIFETIME_S } from '../oauth-state.js';
import type { SimulatorState } from '../state.js';
import { authenticate } from '../wire.js';

/** The account server: `POST /oauth/token` (JWT grant) and `GET /oauth/userinfo` (digest §1.3, §1.5). */
export function oauthRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post('/oauth/token', async (req, reply) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const result = state.oauth.grant(text(body.grant_type), text(body.assertion));
    if (!result.ok) return reply.code(result.status).send(result.body);
    return reply.send({ access_token: result.token.accessToken, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S });
  });

  app.get('/oauth/userinfo', async (req, reply) => {
    const caller = authenticate(state, req, reply, 'oauth');
    if (!caller) return reply;
    const { user } = caller;
    const { org } = state.tenant;
    const accounts = user.memberships
      .filter((m) => m.status === 'active')
      .map((m, i) => {
        const account = state.account(m.accountId);
        return {
          account_id: m.accountId,
          is_default: i === 0,
          account_name: account?.name ?? '',
          base_uri: state.baseUrl,
          organization: { organization_id: org.id, links: [{ rel: 'self', href: `${state.baseUrl}/organizations/${org.id}` }] },
        };
      });
    return reply.send({
      sub: user.id,
      name: `${user.firstName} ${user.lastName}`,
      given_name: user.firstName,
      family_name: user.lastName,
      created: new Date(user.createdOn).toISOString().slice(0, -2),
      email: user.email,
      accounts,
    });
  });
}
