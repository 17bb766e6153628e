import { randomBytes } from 'node:crypto';
import { decodeJwt, verifiesRs256 } from '../../../sdk/simulator/jwt.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { BoxState } from '../state.js';

const TOKEN_LIFETIME_S = 3600;

function tokenError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).send({ error, error_description: description });
}

/** `POST /oauth2/token`: Client Credentials Grant for the enterprise, or the JWT grant (RS256, verified). */
export function tokenRoutes(app: FastifyInstance, state: BoxState): void {
  app.post('/oauth2/token', async (req, reply) => {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const { tenant } = state;
    if (form.client_id !== tenant.clientId || form.client_secret !== tenant.clientSecret) return tokenError(reply, 400, 'invalid_client', 'The client credentials are invalid');
    if (form.grant_type === 'client_credentials') {
      if (form.box_subject_type !== 'enterprise' && form.box_subject_type !== 'user') return tokenError(reply, 400, 'invalid_request', 'box_subject_type must be enterprise or user');
      if (form.box_subject_type === 'enterprise' && form.box_subject_id !== tenant.enterprise.id) return tokenError(reply, 400, 'invalid_grant', 'Grant credentials are invalid');
    } else if (form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const problem = checkAssertion(state, form.assertion ?? '', `${req.protocol}://${req.headers.host ?? ''}/oauth2/token`);
      if (problem) return tokenError(reply, 400, 'invalid_grant', problem);
    } else {
      return tokenError(reply, 400, 'unsupported_grant_type', `Grant type ${form.grant_type ?? '(none)'} is not supported`);
    }
    const token = randomBytes(24).toString('base64url');
    state.tokens.set(token, Date.now() + TOKEN_LIFETIME_S * 1000);
    return reply.send({ access_token: token, expires_in: TOKEN_LIFETIME_S, token_type: 'bearer', restricted_to: [], issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' });
  });
}

/** What Box checks in a JWT assertion: the key by `kid`, the signature, iss/sub/box_sub_type/aud, exp ≤ 60 s, jti once. */
function checkAssertion(state: BoxState, assertion: string, audience: string): string | null {
  const jwt = decodeJwt(assertion);
  if (!jwt) return 'The assertion is not a JWT';
  const { header, claims } = jwt;
  if (header.alg !== 'RS256') return 'Unsupported signing algorithm';
  const key = state.publicKeys.get(String(header.kid ?? ''));
  if (!key) return 'Please check the \'kid\' in the header: no public key with that id is on the app';
  if (!verifiesRs256(jwt, key)) return 'Invalid JWT Signature';
  if (claims.iss !== state.tenant.clientId) return 'Please check the \'iss\' claim';
  if (claims.box_sub_type !== 'enterprise' || claims.sub !== state.tenant.enterprise.id) return 'Please check the \'sub\' claim';
  if (claims.aud !== audience && claims.aud !== 'https://api.box.com/oauth2/token') return 'Please check the \'aud\' claim';
  const now = Math.floor(Date.now() / 1000);
  const exp = Number(claims.exp);
  if (!Number.isFinite(exp) || exp <= now - 5) return 'The \'exp\' claim is in the past';
  if (exp > now + 60) return 'Please check the \'exp\' claim: it must be less than 60 seconds in the future';
  const jti = String(claims.jti ?? '');
  if (!jti || state.usedJti.has(jti)) return 'Please check the \'jti\' claim: it must be unique';
  state.usedJti.add(jti);
  return null;
}
