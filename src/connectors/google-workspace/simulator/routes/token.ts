import { createPublicKey, verify } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimulatorState } from '../state.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function oauthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send({ error, error_description: description });
}

/**
 * Google's token endpoint for the service-account flow: verifies the RS256 assertion against the service
 * account's registered public key, its `aud` (this endpoint), `iat`/`exp` (at most one hour, by the wall
 * clock), that `sub` is a user of the domain, and that every scope is delegated to the client.
 */
export function tokenRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post('/token', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== JWT_BEARER) return oauthError(reply, 400, 'unsupported_grant_type', 'Invalid grant_type: ' + String(body.grant_type ?? ''));
    const assertion = typeof body.assertion === 'string' ? body.assertion : '';
    const parts = assertion.split('.');
    if (parts.length !== 3) return oauthError(reply, 400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe');
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
      claims = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return oauthError(reply, 400, 'invalid_grant', 'Invalid JWT: the header or claim set is not JSON');
    }
    if (header.alg !== 'RS256') return oauthError(reply, 400, 'invalid_grant', 'Invalid JWT: the algorithm must be RS256');
    const iss = typeof claims.iss === 'string' ? claims.iss : '';
    const publicKey = state.serviceAccounts.get(iss);
    if (!publicKey) return oauthError(reply, 401, 'invalid_client', 'The OAuth client was not found.');
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`, 'utf8');
    if (!verify('RSA-SHA256', signed, createPublicKey(publicKey), Buffer.from(parts[2] as string, 'base64url'))) {
      return oauthError(reply, 400, 'invalid_grant', 'Invalid JWT Signature.');
    }
    if (claims.aud !== `${state.baseUrl}/token`) return oauthError(reply, 400, 'invalid_grant', 'Invalid JWT: the audience must be the token endpoint');
    const now = Math.floor(Date.now() / 1000);
    const iat = Number(claims.iat);
    const exp = Number(claims.exp);
    if (!Number.isFinite(iat) || !Number.isFinite(exp) || exp - iat > 3600 || iat > now + 300 || exp < now) {
      return oauthError(reply, 400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
    }
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    if (scopes.length === 0) return oauthError(reply, 400, 'invalid_scope', 'Empty or missing scope not allowed.');
    const sub = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : '';
    const user = sub ? state.userByKey(sub) : undefined;
    if (!user || user.suspended) return oauthError(reply, 400, 'invalid_grant', 'Invalid email or User ID');
    if (!scopes.every((s) => state.delegatedScopes.has(s))) {
      return oauthError(reply, 401, 'unauthorized_client', 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.');
    }
    const issued = state.issueToken(user.email, scopes);
    return reply.send({ access_token: issued.token, expires_in: issued.expiresIn, token_type: 'Bearer' });
  });
}
