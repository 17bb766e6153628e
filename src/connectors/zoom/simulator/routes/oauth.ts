import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZoomState } from '../state.js';

/** `POST /oauth/token` with `grant_type=account_credentials` and HTTP Basic client credentials (digest §1). */
export function oauthRoutes(app: FastifyInstance, state: ZoomState): void {
  app.post('/oauth/token', async (req: FastifyRequest, reply) => {
    const params = { ...(req.query as Record<string, string>), ...(req.body && typeof req.body === 'object' ? (req.body as Record<string, string>) : {}) };
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [clientId, clientSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const { tenant } = state;
    if (!basic || clientId !== tenant.clientId || clientSecret !== tenant.clientSecret) return reply.code(401).send({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
    if (params.grant_type !== 'account_credentials') return reply.code(400).send({ reason: 'Unsupported grant type', error: 'unsupported_grant_type' });
    if (params.account_id !== tenant.accountId) return reply.code(400).send({ reason: 'Invalid account_id', error: 'invalid_request' });
    const token = state.issueToken();
    return reply.send({
      access_token: token.value,
      token_type: 'bearer',
      expires_in: token.expiresIn,
      scope: 'user:read:admin user:write:admin report:read:admin group:read:admin role:read:admin account:read:admin',
      api_url: 'https://api.zoom.us',
    });
  });
}
