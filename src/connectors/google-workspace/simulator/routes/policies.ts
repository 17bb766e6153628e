import type { FastifyInstance } from 'fastify';
import { demoPolicies } from '../policies.js';
import type { SimulatorState } from '../state.js';
import { decodeToken, encodeToken, sendGoogleError } from '../wire.js';
import { authorize, POLICY_READ } from './directory.js';

/** Cloud Identity `policies.list` (super administrators only), paged with `pageToken`. */
export function policyRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.get('/v1/policies', async (req, reply) => {
    const caller = authorize(state, req, reply, POLICY_READ);
    if (!caller) return reply;
    if (!state.userByKey(caller.sub)?.superAdmin) return sendGoogleError(reply, 403, 'forbidden', 'The caller does not have permission', 'global');
    const q = req.query as Record<string, string | undefined>;
    const size = Math.min(Math.max(Number(q.pageSize ?? 50) || 50, 1), 100);
    const decoded = decodeToken<{ o: number }>(q.pageToken);
    if (decoded === 'invalid') return sendGoogleError(reply, 400, 'invalid', 'Invalid page token');
    const all = demoPolicies(state.tenant.customerId);
    const offset = decoded?.o ?? 0;
    const policies = all.slice(offset, offset + size);
    return { policies, ...(offset + size < all.length ? { nextPageToken: encodeToken({ o: offset + size }) } : {}) };
  });
}
