import { errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import { PrivateKeyJwtAuth } from './auth.js';
import type { OktaSession } from './session.js';

const SKIPPED = 'not checked: needs the credential check above to pass first.';

/**
 * The "Test now" checks: the credential, then each API Parapet reads (System Log, users, admin roles,
 * policies), each failure naming the scope or role to grant.
 */
export async function testOktaConnection(session: OktaSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { client, auth, config } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  const finish = (): TestResult => ({ ok: checks.every((c) => c.ok), checks });
  const probes: [string, string, string, Record<string, string | number>, string][] = [
    ['system-log', '/api/v1/logs', 'okta.logs.read', { limit: 1, since: new Date(Date.now() - 60_000).toISOString(), until: new Date().toISOString() }, 'reads the System Log'],
    ['users', '/api/v1/users', 'okta.users.read', { limit: 1 }, 'lists users'],
    ['admin-roles', '/api/v1/iam/assignees/users', 'okta.roles.read', { limit: 1 }, 'lists admin role assignments'],
    ['policies', '/api/v1/policies', 'okta.policies.read', { type: 'PASSWORD' }, 'reads password and sign-on policies (posture)'],
  ];

  try {
    await auth.headers();
    checks.push({
      name: 'credential',
      ok: true,
      detail: auth instanceof PrivateKeyJwtAuth ? `Service app ${config.clientId ?? ''} got an access token from ${client.base}/oauth2/v1/token.` : `An SSWS API token is set for ${client.base} (its validity shows in the checks below).`,
    });
  } catch (error) {
    checks.push({ name: 'credential', ok: false, detail: errorMessage(error) });
    for (const [name] of probes) checks.push({ name, ok: false, detail: SKIPPED });
    return finish();
  }

  for (const [name, path, scope, query, what] of probes) {
    try {
      if (path === '/api/v1/iam/assignees/users') await client.getObject('okta.test.' + name, `${path}?limit=1`, signal);
      else await client.page(`okta.test.${name}`, path, query, signal);
      checks.push({ name, ok: true, detail: `Parapet ${what} (${scope}).` });
    } catch (error) {
      checks.push({ name, ok: false, detail: `${errorMessage(error)} Parapet needs this to work: grant ${scope}${config.authMethod === 'oauth-private-key' ? ' on the service app\'s Okta API Scopes tab' : ' through an admin role of the token\'s creator'}.` });
    }
  }
  return finish();
}
