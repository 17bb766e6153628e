import { errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import { str } from '../sdk/normalize-helpers.js';
import type { BoxSession } from './session.js';

const SKIPPED = 'not checked: needs the credential check above to pass first.';

/**
 * The "Test now" checks: the app's token, the Service Account's admin role, then each API Parapet reads
 * (enterprise events, users, groups, the collaboration allow-list), each failure naming what to grant.
 */
export async function testBoxConnection(session: BoxSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { client, auth, config } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  const finish = (): TestResult => ({ ok: checks.every((c) => c.ok), checks });
  const probes: [string, () => Promise<unknown>, string, string][] = [
    ['enterprise-events', () => client.events({ stream_position: 'now', limit: 1 }, signal), 'reads the enterprise event stream (admin_logs)', 'enable the app scope "Manage enterprise properties" and make the Service Account a co-admin with "Run new reports and access existing reports"'],
    ['users', () => client.get('box.test.users', '/users', { user_type: 'managed', limit: 1, fields: 'id,role' }, signal), 'lists managed users with their roles', 'enable the app scope "Manage users" and re-authorise the app in the Admin Console'],
    ['groups', () => client.get('box.test.groups', '/groups', { limit: 1 }, signal), 'lists groups and memberships', 'enable the app scope "Manage groups" and re-authorise the app in the Admin Console'],
    ['collaboration-allowlist', () => client.get('box.test.allowlist', '/collaboration_whitelist_entries', { limit: 1 }, signal), 'reads the external-collaboration allow-list (posture)', 'enable the app scope "Manage enterprise properties"'],
  ];

  try {
    await auth.headers();
    checks.push({ name: 'credential', ok: true, detail: `App ${config.clientId} got a token for enterprise ${config.enterpriseId} (${config.authMethod === 'jwt' ? 'JWT grant' : 'Client Credentials Grant'}).` });
  } catch (error) {
    checks.push({ name: 'credential', ok: false, detail: errorMessage(error) });
    checks.push({ name: 'service-account-role', ok: false, detail: SKIPPED });
    for (const [name] of probes) checks.push({ name, ok: false, detail: SKIPPED });
    return finish();
  }

  try {
    const me = await client.get('box.test.me', '/users/me', { fields: 'id,login,role' }, signal);
    const role = str(me.role);
    checks.push(
      role === 'admin' || role === 'coadmin'
        ? { name: 'service-account-role', ok: true, detail: `The app's Service Account ${str(me.login) ?? ''} is ${role === 'admin' ? 'an admin' : 'a co-admin'}: it can read enterprise events and act on users.` }
        : { name: 'service-account-role', ok: false, detail: `The app's Service Account ${str(me.login) ?? ''} is a plain user (role ${role ?? 'unknown'}): make it a co-admin (Admin Console → Users & Groups) with "Run new reports and access existing reports" and "Manage users", or events and governance will be refused.` },
    );
  } catch (error) {
    checks.push({ name: 'service-account-role', ok: false, detail: `${errorMessage(error)} Parapet could not read its own Service Account.` });
  }

  for (const [name, probe, what, fix] of probes) {
    try {
      await probe();
      checks.push({ name, ok: true, detail: `Parapet ${what}.` });
    } catch (error) {
      checks.push({ name, ok: false, detail: `${errorMessage(error)} Parapet needs this: ${fix}.` });
    }
  }
  return finish();
}
