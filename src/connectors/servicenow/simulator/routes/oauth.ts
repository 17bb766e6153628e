import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimulatorState } from '../state.js';

/** The access token lifespan of an Application Registry entry's default (1800 s; ServiceNow answers 1799). */
const TOKEN_LIFETIME_S = 1799;

/** ServiceNow's token endpoint answers every refusal the same way: 401 server_error / access_denied. */
const denied = (reply: FastifyReply) => reply.code(401).header('content-type', 'application/json;charset=UTF-8').send({ error_description: 'access_denied', error: 'server_error' });

/** `POST /oauth_token.do` (form): the password grant and client credentials of the one registry entry. */
export function oauthRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post('/oauth_token.do', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const { clientId, clientSecret, userName, password } = state.tenant.integration;
    if (body.client_id !== clientId || body.client_secret !== clientSecret) return denied(reply);
    if (body.grant_type === 'password') {
      if (body.username !== userName || body.password !== password) return denied(reply);
    } else if (body.grant_type !== 'client_credentials') {
      return reply.code(400).header('content-type', 'application/json;charset=UTF-8').send({ error_description: 'access_denied', error: 'invalid_request' });
    }
    const token = state.issueToken(TOKEN_LIFETIME_S * 1000);
    return reply.header('content-type', 'application/json;charset=UTF-8').send({ access_token: token, ...(body.grant_type === 'password' ? { refresh_token: state.issueToken(100 * 86_400_000) } : {}), scope: 'useraccount', token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S });
  });
}
