import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorState } from '../state.js';
import { verifyClientAssertion } from '../tokens.js';
import { paramsOf, sendAadError } from '../wire.js';

const RESOURCES: Record<string, 'graph' | 'manage'> = {
  'https://graph.microsoft.com': 'graph',
  '00000003-0000-0000-c000-000000000000': 'graph',
  'https://manage.office.com': 'manage',
  'c5393580-f805-4401-95e8-94b7a6ef2fc2': 'manage',
};
const AUDIENCE = { graph: 'https://graph.microsoft.com', manage: 'https://manage.office.com' } as const;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

type Form = Record<string, string | string[] | undefined>;

function field(form: Form, name: string): string | undefined {
  const value = form[name];
  return Array.isArray(value) ? value[0] : value;
}

/** login.microsoftonline.com: the v2 (`scope`) and v1 (`resource`) client-credentials token endpoints. */
export function tokenRoutes(app: FastifyInstance, state: SimulatorState): void {
  const handle = (version: 'v1' | 'v2') => async (req: FastifyRequest, reply: FastifyReply) => {
    const now = state.now();
    const { tenant: tenantParam = '' } = paramsOf(req);
    const form = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Form;
    const { tenant } = state;
    const key = tenantParam.toLowerCase();
    const isHome = key === tenant.id || key === tenant.domain || key === tenant.initialDomain;
    const isOther = key === tenant.otherTenantId;
    if (!isHome && !isOther) {
      return sendAadError(reply, 400, 'invalid_request', 90002, `Tenant '${tenantParam}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`, now);
    }
    const grantType = field(form, 'grant_type');
    if (!grantType) return sendAadError(reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.", now);
    if (grantType !== 'client_credentials') return sendAadError(reply, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`, now);
    const clientId = field(form, 'client_id');
    if (!clientId) return sendAadError(reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.", now);
    if (isOther || clientId.toLowerCase() !== tenant.connectorApp.clientId) {
      const directory = isOther ? tenantParam : tenant.displayName;
      return sendAadError(reply, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`, now);
    }

    let resourceText: string | undefined;
    if (version === 'v2') {
      const scope = field(form, 'scope');
      if (!scope) return sendAadError(reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.", now);
      if (!scope.endsWith('/.default')) {
        return sendAadError(reply, 400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`, now);
      }
      resourceText = scope.slice(0, -'/.default'.length);
    } else {
      resourceText = field(form, 'resource');
      if (!resourceText) return sendAadError(reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'resource'.", now);
    }
    const resource = RESOURCES[resourceText.replace(/\/+$/, '').toLowerCase()];
    if (!resource) {
      return sendAadError(reply, 400, 'invalid_resource', 500011, `The resource principal named ${resourceText} was not found in the tenant named ${tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`, now);
    }

    const secret = field(form, 'client_secret');
    const assertion = field(form, 'client_assertion');
    let appidacr: '1' | '2';
    if (secret !== undefined) {
      if (secret !== tenant.connectorApp.clientSecret) {
        return sendAadError(reply, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`, now);
      }
      appidacr = '1';
    } else if (assertion !== undefined) {
      if (field(form, 'client_assertion_type') !== JWT_BEARER) {
        return sendAadError(reply, 400, 'invalid_request', 90014, "The required field 'client_assertion_type' is missing from the credential. Ensure that you have all the necessary parameters for the login request.", now);
      }
      const base = state.baseUrl;
      const audiences = [`${base}/${tenantParam}/oauth2/v2.0/token`, `${base}/${tenantParam}/oauth2/token`, `https://login.microsoftonline.com/${tenantParam}/oauth2/v2.0/token`, `https://login.microsoftonline.com/${tenantParam}/oauth2/token`];
      const check = verifyClientAssertion(assertion, { clientId, audiences, certificates: state.certificates, now: [now, Date.now()] });
      if (!check.ok) return sendAadError(reply, 401, 'invalid_client', check.code ?? 700027, check.message ?? 'Client assertion failed signature validation.', now);
      appidacr = '2';
    } else {
      return sendAadError(reply, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", now);
    }

    const { raw, token } = state.tokens.issue({ tid: tenant.id, appid: clientId, aud: AUDIENCE[resource], roles: state.rolesFor(resource), appidacr, oid: tenant.connectorApp.servicePrincipalId, now });
    if (version === 'v2') return reply.send({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: raw });
    // The v1 endpoint writes its numbers as strings.
    return reply.send({
      token_type: 'Bearer',
      expires_in: '3599',
      ext_expires_in: '0',
      expires_on: String(token.exp),
      not_before: String(Math.floor(now / 1000)),
      resource: AUDIENCE[resource],
      access_token: raw,
    });
  };
  app.post('/:tenant/oauth2/v2.0/token', handle('v2'));
  app.post('/:tenant/oauth2/token', handle('v1'));
}
