import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DAY } from '../../../../core/clock.js';
import { encodeCursor, parseCursor, type StreamPosition } from '../event-log.js';
import type { SimulatorState } from '../state.js';
import { authenticate, intParam, paramsOf, queryOf, sendError } from '../wire.js';

/** DocuSign allows 1..2000 records per request; 1000 when `limit` is left out (digest §2.2). */
export const MONITOR_MAX_LIMIT = 2000;
export const MONITOR_DEFAULT_LIMIT = 1000;
const DEFAULT_LOOKBACK = 7 * DAY;

type WireFormat = 'dataset-v2' | 'org-v1';

/**
 * Monitor in both wire formats: the v2.0 dataset stream `{endCursor, data}` and the v1 organisation
 * stream `{resultData, endCursor}`. Records come in ingestion order; a caught-up client gets its own
 * cursor back with no records.
 */
export function monitorRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.get('/api/:version/datasets/:dataSetName/stream', async (req, reply) => {
    const { version, dataSetName } = paramsOf(req);
    if (version !== 'v2.0' && version !== 'v2') return sendError(reply, 404, 'monitor', 'not_found', `API version ${version} does not exist; use v2.0.`);
    if (dataSetName !== 'monitor') return sendError(reply, 404, 'monitor', 'not_found', `Dataset ${dataSetName} does not exist; the only dataset is monitor.`);
    return stream(state, req, reply, 'dataset-v2', null);
  });
  app.get('/v1/organizations/:organizationId/stream', async (req, reply) => stream(state, req, reply, 'org-v1', paramsOf(req).organizationId ?? ''));
}

async function stream(state: SimulatorState, req: FastifyRequest, reply: FastifyReply, format: WireFormat, organizationId: string | null) {
  const caller = authenticate(state, req, reply, 'monitor');
  if (!caller) return reply;
  const { org } = state.tenant;
  if (organizationId !== null && organizationId.toLowerCase() !== org.id) {
    return sendError(reply, 403, 'monitor', 'forbidden', `The user is not an administrator of organization ${organizationId}.`);
  }
  if (!caller.token.scopes.includes('impersonation')) {
    return sendError(reply, 403, 'monitor', 'forbidden', 'Monitor requires a JWT user token with the impersonation scope.');
  }
  if (!caller.user.isOrgAdmin) {
    return sendError(reply, 403, 'monitor', 'forbidden', 'The impersonated user must be an organization administrator or a security reports administrator of the organization.');
  }
  if (organizationId === null && state.options.secondOrganisation) {
    // Wording unverified: DocuSign does not document this answer.
    return sendError(reply, 403, 'monitor', 'forbidden', 'The user is an administrator of more than one organization.');
  }
  if (!state.monitorEnabled) {
    return sendError(reply, 403, 'monitor', 'forbidden', `DocuSign Monitor is not enabled for organization ${org.id}.`);
  }

  const query = queryOf(req);
  const limit = intParam(query.limit, MONITOR_DEFAULT_LIMIT, 1, MONITOR_MAX_LIMIT);
  if (limit === null) return sendError(reply, 400, 'monitor', 'invalid_request', `limit must be an integer from 1 to ${MONITOR_MAX_LIMIT}.`);

  const cursor = query.cursor === undefined || query.cursor === '' ? null : query.cursor;
  state.ensureGenerated();
  const now = state.now();
  let position: StreamPosition;
  if (cursor === null) {
    position = { ingestedAt: now - DEFAULT_LOOKBACK, seq: 0 };
  } else {
    const parsed = parseCursor(cursor);
    if (parsed.kind === 'invalid') {
      return sendError(reply, 400, 'monitor', 'invalid_request', 'cursor must be an ISO-8601 time or an endCursor returned by this API.');
    }
    position = parsed.position;
  }

  const events = state.log.page(position, limit, now);
  const last = events[events.length - 1];
  let endCursor = last ? encodeCursor(last) : (cursor ?? encodeCursor(position));
  if (!last && state.options.endlessEmptyPages) {
    // The same position, written with ever more leading zeros: a new cursor on every empty page.
    state.emptyPagesServed++;
    endCursor = Buffer.from(`ingest:${String(position.ingestedAt).padStart(13 + (state.emptyPagesServed % 3) + 1, '0')}:${position.seq}`, 'utf8').toString('base64url');
  }
  const records = events.map((e) => e.record);
  return reply.send(format === 'dataset-v2' ? { endCursor, data: records } : { resultData: records, endCursor });
}
