import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorState } from '../state.js';
import type { IssuedToken } from '../tokens.js';
import { paramsOf, sendGraphError } from '../wire.js';

const GRAPH = 'https://graph.microsoft.com';

type Authorize = (req: FastifyRequest, reply: FastifyReply, anyOf: readonly string[]) => IssuedToken | null;

/**
 * Inbox rules (Graph `messageRule`): list and delete, as governance's remove-forwarding-rules uses them.
 * Reading needs MailboxSettings.Read, deleting MailboxSettings.ReadWrite (application permissions).
 */
export function messageRuleRoutes(app: FastifyInstance, state: SimulatorState, authorize: Authorize): void {
  const mailbox = (req: FastifyRequest, reply: FastifyReply) => {
    const { id = '', folder = '' } = paramsOf(req);
    const user = state.user(id);
    if (!user) {
      sendGraphError(reply, 404, 'ErrorInvalidUser', `The requested user '${id}' is invalid.`);
      return null;
    }
    if (!state.messageRules.has(user)) {
      sendGraphError(reply, 404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
      return null;
    }
    // Rules live on the inbox only; Graph names it by its well-known name.
    if (folder.toLowerCase() !== 'inbox') {
      sendGraphError(reply, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      return null;
    }
    return user;
  };

  app.get('/v1.0/users/:id/mailFolders/:folder/messageRules', async (req, reply) => {
    if (!authorize(req, reply, ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'])) return reply;
    const user = mailbox(req, reply);
    if (!user) return reply;
    const { id = '' } = paramsOf(req);
    return reply.send({ '@odata.context': `${GRAPH}/v1.0/$metadata#users('${id}')/mailFolders('inbox')/messageRules`, value: state.messageRules.list(user) });
  });

  app.delete('/v1.0/users/:id/mailFolders/:folder/messageRules/:ruleId', async (req, reply) => {
    if (!authorize(req, reply, ['MailboxSettings.ReadWrite'])) return reply;
    const user = mailbox(req, reply);
    if (!user) return reply;
    const { ruleId = '' } = paramsOf(req);
    if (!state.messageRules.remove(user, ruleId)) return sendGraphError(reply, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return reply.code(204).send();
  });
}
