import type { FastifyInstance } from 'fastify';
import type { DropboxState } from '../state.js';

/**
 * `POST /oauth2/token` with `grant_type=refresh_token`: client id and secret in the form (or HTTP Basic).
 * Refusals are OAuth's `{error, error_description}` with HTTP 400.
 */
export function oauthRoutes(app: FastifyInstance, state: DropboxState): void {
  app.post('/oauth2/token', async (req, reply) => {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    let clientId = form.client_id;
    let clientSecret = form.client_secret;
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (basic) [clientId, clientSecret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    const refuse = (error: string, description: string) => reply.code(400).send({ error, error_description: description });
    if (form.grant_type !== 'refresh_token') return refuse('unsupported_grant_type', `grant_type must be "refresh_token" or "authorization_code"`);
    if (clientId !== state.tenant.appKey || clientSecret !== state.tenant.appSecret) return refuse('invalid_client', 'Invalid client_id or client_secret');
    if (form.refresh_token !== state.tenant.refreshToken) return refuse('invalid_grant', 'refresh token is invalid or revoked');
    const { token, expiresIn } = state.issueToken();
    return { access_token: token, token_type: 'bearer', expires_in: expiresIn };
  });
}
