import { createPublicKey, verify } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimulatorState } from '../state.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Scopes the demo service app was granted in the Admin Console (Okta API Scopes tab). */
export const GRANTED_SCOPES = ['okta.logs.read', 'okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.roles.read', 'okta.policies.read', 'okta.apps.read'];
const TOKEN_LIFETIME_MS = 3600_000;

const oauthError = (reply: FastifyReply, status: number, error: string, description: string) =>
  reply.code(status).header('content-type', 'application/json').send({ error, error_description: description });

function decodePart(part: string | undefined): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The org authorization server's token endpoint for a service app: client credentials with a
 * `private_key_jwt` client assertion (RS256, `iss` = `sub` = client id, `aud` = this endpoint, `exp` at most
 * an hour ahead, `jti` used once), verified against the app's registered public key.
 */
export function tokenRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post('/oauth2/v1/token', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (body.grant_type !== 'client_credentials') return oauthError(reply, 400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].');
    if (body.client_assertion_type !== ASSERTION_TYPE || !body.client_assertion) return oauthError(reply, 401, 'invalid_client', 'Client authentication failed. Either the client or the client credentials are invalid.');
    const parts = body.client_assertion.split('.');
    const header = decodePart(parts[0]);
    const claims = decodePart(parts[1]);
    if (parts.length !== 3 || !header || !claims) return oauthError(reply, 400, 'invalid_client', 'The client_assertion token is malformed.');
    if (header.alg !== 'RS256') return oauthError(reply, 400, 'invalid_client', `The client_assertion token has an unsupported algorithm: ${String(header.alg)}.`);
    const clientId = String(claims.iss ?? '');
    const publicKey = state.publicKeys.get(clientId);
    if (!publicKey || claims.sub !== clientId) return oauthError(reply, 401, 'invalid_client', 'The client_assertion token iss and sub must be the client id of a registered client.');
    const signed = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey(publicKey), Buffer.from(parts[2] ?? '', 'base64url'));
    if (!signed) return oauthError(reply, 401, 'invalid_client', 'The client_assertion signature is invalid.');
    const audience = `${state.baseUrl}/oauth2/v1/token`;
    if (claims.aud !== audience) return oauthError(reply, 401, 'invalid_client', `The audience [${String(claims.aud)}] in the client_assertion token is invalid. It must be ${audience}.`);
    const nowS = Date.now() / 1000;
    const exp = Number(claims.exp);
    if (!Number.isFinite(exp) || exp < nowS) return oauthError(reply, 401, 'invalid_client', 'The client_assertion token is expired.');
    if (exp - nowS > 3600) return oauthError(reply, 401, 'invalid_client', 'The client_assertion token has an expiration too far in the future.');
    const jti = String(claims.jti ?? '');
    if (!jti || state.usedJti.has(jti)) return oauthError(reply, 401, 'invalid_client', 'The client_assertion token has already been used (jti).');
    state.usedJti.add(jti);
    const asked = (body.scope ?? '').split(/\s+/).filter(Boolean);
    if (asked.length === 0) return oauthError(reply, 400, 'invalid_scope', 'The authorization server requires a scope parameter for client credentials.');
    const missing = asked.filter((s) => !GRANTED_SCOPES.includes(s));
    if (missing.length > 0) return oauthError(reply, 400, 'invalid_scope', `The following scopes were requested, but not granted to the client: ${missing.join(' ')}.`);
    const token = state.issueToken(asked, TOKEN_LIFETIME_MS);
    return reply.header('cache-control', 'no-store').send({ token_type: 'Bearer', expires_in: TOKEN_LIFETIME_MS / 1000, access_token: token, scope: asked.join(' ') });
  });
}
