import type { FastifyInstance } from 'fastify';
import { INSTALLATION_ID, type SimulatorState } from '../state.js';
import { sendError } from '../wire.js';

const JWT_DOCS = 'https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app';

/** GitHub App authentication: the app JWT buys a one-hour installation token. */
export function appRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post<{ Params: { id: string } }>('/app/installations/:id/access_tokens', async (req, reply) => {
    const jwt = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!jwt) return sendError(reply, 401, 'A JSON web token could not be decoded', JWT_DOCS);
    const refused = state.verifyAppJwt(jwt);
    if (refused) return sendError(reply, 401, refused, JWT_DOCS);
    if (req.params.id !== String(INSTALLATION_ID)) return sendError(reply, 404, 'Not Found', 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app');
    const { token, expiresAt } = state.issueInstallationToken();
    return reply.code(201).send({
      token,
      expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: { organization_administration: 'read', members: 'write', metadata: 'read' },
      repository_selection: 'all',
    });
  });
}
