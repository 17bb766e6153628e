import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { FaultInjector, FaultResponders } from '../../sdk/simulator/fault-injector.js';
import { acceptFormBodies } from '../../sdk/simulator/form-body.js';
import { parseSoql, runSoql, SoqlError, type Row } from './soql.js';
import { OBJECT_SCHEMAS, TOOLING_SCHEMAS } from './schemas.js';
import type { SalesforceState } from './state.js';

/** REST errors are a JSON array even for one error (digest §5). */
export function sfError(reply: FastifyReply, status: number, errorCode: string, message: string, fields?: string[]) {
  return reply.code(status).type('application/json').send([{ message, errorCode, ...(fields ? { fields } : {}) }]);
}

const isApi = (url: string) => /^\/services\/data\/v\d+\.\d+\//.test(url);

const responders: FaultResponders = {
  rateLimited(reply) {
    sfError(reply, 403, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.');
  },
  serverError(reply) {
    sfError(reply, 503, 'SERVER_UNAVAILABLE', 'Server is temporarily unavailable. Please try again later.');
  },
  tokenExpired(reply) {
    sfError(reply, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  },
};

/** One Fastify app serving the login host (OAuth) and the org's instance (REST, Tooling). */
export function buildServer(state: SalesforceState, faults: FaultInjector): FastifyInstance {
  const app = Fastify({ logger: false });
  acceptFormBodies(app);
  const base = (req: FastifyRequest) => `http://${req.headers.host ?? '127.0.0.1'}`;
  const dataBase = (req: FastifyRequest) => `/services/data/v${(req.params as { v?: string }).v ?? '62.0'}`;

  app.addHook('onRequest', async (req, reply) => {
    reply.header('date', new Date(state.now()).toUTCString());
    if (!isApi(req.url)) return;
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !state.tokens.has(token)) return sfError(reply, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    const max = state.options.dailyApiRequests ?? 100_000;
    state.apiUsage++;
    reply.header('sforce-limit-info', `api-usage=${Math.min(state.apiUsage, max)}/${max}`);
    if (state.apiUsage > max) return sfError(reply, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    return undefined;
  });
  // Event Log File bodies are streamed CSV: a truncated or garbled body would look like fewer rows, not an error,
  // so the JSON body faults stay off them (throttling, 5xx and expired sessions still apply).
  faults.install(app, responders, (req) => isApi(req.url));
  app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sim')) return;
    state.countRoute(`${req.method} ${req.routeOptions.url ?? '(unmatched)'}`);
  });
  app.setNotFoundHandler((req, reply) => sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist'));
  app.get('/__sim/health', async () => ({ ok: true, now: new Date(state.now()).toISOString(), frozen: state.frozen }));

  app.post('/services/oauth2/token', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string>;
    if (body.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    if (!body.assertion) return reply.code(400).send({ error: 'invalid_request', error_description: 'assertion is missing' });
    const result = state.verifyAssertion(body.assertion, [base(req), 'https://login.salesforce.com', 'https://test.salesforce.com']);
    if ('error' in result) return reply.code(400).send(result.error === 'invalid_client_id' ? { error: 'invalid_client_id', error_description: result.description } : { error: result.error, error_description: result.description });
    const token = state.issueToken();
    return {
      access_token: token, scope: 'api id', instance_url: base(req),
      id: `https://login.salesforce.com/id/${state.tenant.orgId}/${result.user.id}`, token_type: 'Bearer', issued_at: String(Date.now()), signature: 'c2ltdWxhdG9y',
    };
  });

  app.post('/services/oauth2/revoke', async (req, reply) => {
    const token = ((req.body ?? {}) as Record<string, string>).token;
    const before = state.tenant.oauthTokens.length;
    state.tenant.oauthTokens = state.tenant.oauthTokens.filter((t) => t.deleteToken !== token);
    if (token && state.tokens.delete(token)) return reply.code(200).send('');
    if (state.tenant.oauthTokens.length === before) return reply.code(400).send({ error: 'unsupported_token_type', error_description: 'this token type is not supported' });
    return reply.code(200).send('');
  });

  app.get('/services/data/', async () => [{ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' }]);

  const query = (tooling: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    const soql = (req.query as { q?: string }).q;
    if (!soql) return sfError(reply, 400, 'MALFORMED_QUERY', 'A query string has to be specified');
    try {
      const parsed = parseSoql(soql);
      const schema = (tooling ? TOOLING_SCHEMAS : OBJECT_SCHEMAS)[parsed.object.toLowerCase()];
      if (!schema || (parsed.object.toLowerCase() === 'eventlogfile' && !state.tenant.eventMonitoring)) {
        throw new SoqlError('INVALID_TYPE', `\n${soql}\n^\nERROR at Row:1:Column:1\nsObject type '${parsed.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
      }
      const rows = tooling ? toolingRows(state, parsed.object) : state.objectRows(parsed.object, `${dataBase(req)}`);
      const result = runSoql(parsed, rows ?? [], schema, soql);
      return page(req, reply, result, 0, null);
    } catch (error) {
      if (error instanceof SoqlError) return sfError(reply, 400, error.errorCode, error.message);
      throw error;
    }
  };
  const page = (req: FastifyRequest, reply: FastifyReply, rows: Row[], offset: number, locator: string | null) => {
    const hint = /batchSize=(\d+)/i.exec(String(req.headers['sforce-query-options'] ?? ''))?.[1];
    const size = Math.min(state.pageSize, hint ? Math.max(200, Math.min(2000, Number(hint))) : 2000);
    const slice = rows.slice(offset, offset + size);
    const done = offset + size >= rows.length;
    const id = done ? locator : (locator ?? state.newLocator(rows));
    return reply.send({ totalSize: rows.length, done, ...(done ? {} : { nextRecordsUrl: `${dataBase(req)}/query/${id}-${offset + size}` }), records: slice });
  };
  app.get('/services/data/v:v/query', query(false));
  app.get('/services/data/v:v/queryAll', query(false));
  app.get('/services/data/v:v/tooling/query', query(true));
  app.get('/services/data/v:v/query/:cursor', async (req, reply) => {
    const match = /^(.+)-(\d+)$/.exec((req.params as { cursor: string }).cursor);
    const entry = match ? state.locators.get(match[1] as string) : undefined;
    if (!match || !entry) return sfError(reply, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(req, reply, entry.rows, Number(match[2]), match[1] as string);
  });

  app.get('/services/data/v:v/limits', async () => ({
    DailyApiRequests: { Max: state.options.dailyApiRequests ?? 100_000, Remaining: Math.max(0, (state.options.dailyApiRequests ?? 100_000) - state.apiUsage) },
    ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
  }));

  app.get('/services/data/v:v/sobjects/EventLogFile/:id/LogFile', async (req, reply) => {
    if (!state.tenant.eventMonitoring) return sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const file = state.fileById((req.params as { id: string }).id);
    if (!file) return sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    return reply.type('application/octetstream').send(Buffer.from(state.fileCsv(file), 'utf8'));
  });

  app.patch('/services/data/v:v/sobjects/:type/:id', async (req, reply) => {
    const { type, id } = req.params as { type: string; id: string };
    const body = (req.body ?? {}) as Record<string, unknown>;
    const actor = state.tenant.integrationUser;
    if (type === 'UserLogin') {
      const user = state.tenant.users.find((u) => u.loginId === id);
      if (!user) return sfError(reply, 404, 'NOT_FOUND', 'Provided external ID field does not exist or is not accessible: ' + id);
      if ('IsPasswordLocked' in body && body.IsPasswordLocked !== false) return sfError(reply, 400, 'FIELD_INTEGRITY_EXCEPTION', 'IsPasswordLocked can only be set to false', ['IsPasswordLocked']);
      if (typeof body.IsFrozen === 'boolean') {
        user.frozen = body.IsFrozen;
        state.appendAudit(actor, body.IsFrozen ? 'frozeuser' : 'unfrozeuser', `${body.IsFrozen ? 'Froze' : 'Unfroze'} user ${user.name} (${user.username})`);
      }
      return reply.code(204).send();
    }
    if (type === 'User') {
      const user = state.userById(id);
      if (!user) return sfError(reply, 404, 'NOT_FOUND', 'Provided external ID field does not exist or is not accessible: ' + id);
      if (typeof body.IsActive === 'boolean' && body.IsActive !== user.active) {
        user.active = body.IsActive;
        state.appendAudit(actor, body.IsActive ? 'activateduser' : 'deactivateduser', `${body.IsActive ? 'Activated' : 'Deactivated'} user ${user.name} (${user.username})`);
      }
      return reply.code(204).send();
    }
    return sfError(reply, 400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${type} does not support update in this simulator`);
  });

  app.delete('/services/data/v:v/sobjects/:type/:id', async (req, reply) => {
    const { type, id } = req.params as { type: string; id: string };
    if (type !== 'AuthSession') return sfError(reply, 400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${type} does not support delete in this simulator`);
    const before = state.tenant.sessions.length;
    state.tenant.sessions = state.tenant.sessions.filter((s) => s.id !== id);
    if (state.tenant.sessions.length === before) return sfError(reply, 404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return reply.code(204).send();
  });
  return app;
}

function toolingRows(state: SalesforceState, object: string): Row[] {
  if (object.toLowerCase() === 'securityhealthcheck') return [{ attributes: { type: 'SecurityHealthCheck', url: null }, Score: state.tenant.health.score, CustomBaselineId: null, DurableId: '0', Id: null }];
  if (object.toLowerCase() === 'securityhealthcheckrisks') return state.tenant.health.risks.map((r) => ({ attributes: { type: 'SecurityHealthCheckRisks', url: null }, ...r }));
  return [];
}
