import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorState } from './state.js';

/** The Table API's error body (digest §5). */
export function sendSnError(reply: FastifyReply, status: number, message: string, detail: string | null): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send({ error: { message, detail }, status: 'failure' });
}

export const notAuthenticated = (reply: FastifyReply) => sendSnError(reply, 401, 'User Not Authenticated', 'Required to provide Auth information');

/** Basic auth of the integration user or a Bearer token from /oauth_token.do. Answers 401 itself. */
export function authorize(state: SimulatorState, req: FastifyRequest, reply: FastifyReply): boolean {
  const header = req.headers.authorization ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  if (basic !== undefined) {
    const text = Buffer.from(basic, 'base64').toString('utf8');
    const { userName, password } = state.tenant.integration;
    const user = state.tenant.users.find((u) => u.row.user_name === userName);
    if (text === `${userName}:${password}` && user?.row.active === 'true' && user.row.locked_out !== 'true') return true;
    reply.header('www-authenticate', 'BASIC realm="Service-now"');
    notAuthenticated(reply);
    return false;
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const token = bearer ? state.tokens.get(bearer) : undefined;
  if (token && token.expiresAt > Date.now()) return true;
  notAuthenticated(reply);
  return false;
}
