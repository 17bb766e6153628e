import { DAY } from '../../core/clock.js';
import { AuthError, errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import { parseProviderTime, str } from '../sdk/normalize-helpers.js';
import { OAuthTokenAuth } from './auth.js';
import type { ServiceNowSession } from './session.js';

const SKIPPED = 'not checked: needs the credential check above to pass first.';

interface Probe {
  name: string;
  table: string;
  query: string;
  what: string;
  /** The time column whose oldest value says how far back the table reaches (its retention on this instance). */
  oldest?: string;
  /** What ServiceNow keeps by default, for the retention sentence. */
  retention?: string;
}

/**
 * The tables Parapet reads. The log tables state how far back they reach on this instance: `sysevent`
 * is rotated within days, `syslog_transaction` within weeks, `sys_audit` keeps audited changes until archived.
 */
export const PROBES: readonly Probe[] = [
  { name: 'accounts', table: 'sys_user', query: 'ORDERBYsys_id', what: 'lists users (sys_user)' },
  { name: 'groups', table: 'sys_user_group', query: 'ORDERBYsys_id', what: 'lists groups and memberships (sys_user_group, sys_user_grmember)' },
  { name: 'roles', table: 'sys_user_has_role', query: 'role.nameINadmin,security_admin^ORDERBYsys_id', what: 'lists role grants, admin and security_admin included (sys_user_has_role)' },
  { name: 'log-on-events', table: 'sysevent', query: 'nameINlogin,login.failed^ORDERBYsys_created_on', what: 'reads log-on events (sysevent login / login.failed)', oldest: 'sys_created_on', retention: 'sysevent is a rotated table: log-on events are kept only days (by default about a week, see System Definition → Table Rotations), so sync at least daily' },
  { name: 'transactions', table: 'syslog_transaction', query: 'client_transaction=true^ORDERBYsys_created_on', what: 'reads users\' transactions (syslog_transaction: list and record views, exports)', oldest: 'sys_created_on', retention: 'syslog_transaction is rotated: about 49 days by default' },
  { name: 'audit', table: 'sys_audit', query: 'tablename=sys_user^ORDERBYsys_created_on', what: 'reads audited changes of users (sys_audit; only tables flagged "audit" are recorded)', oldest: 'sys_created_on', retention: 'sys_audit keeps audited changes until an archive or table-cleanup rule removes them' },
  { name: 'properties', table: 'sys_properties', query: 'nameSTARTSWITHglide.security^ORDERBYname', what: 'reads security system properties (sys_properties, posture)' },
];

function ageOf(text: string | null, now: number): string {
  const at = parseProviderTime(text);
  if (at === null) return 'no record yet';
  const days = Math.floor((now - at) / DAY);
  return `the oldest record is from ${text} UTC (${days} day${days === 1 ? '' : 's'} ago)`;
}

/** The "Test now" checks: the credential, then each table Parapet reads, each failure naming the role or ACL to grant. */
export async function testServiceNowConnection(session: ServiceNowSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { client, auth, config } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  const finish = (): TestResult => ({ ok: checks.every((c) => c.ok), checks });
  try {
    if (auth instanceof OAuthTokenAuth) await auth.token();
    else await client.page('servicenow.test.credential', 'sys_user', { query: `user_name=${config.username ?? ''}`, fields: ['sys_id', 'user_name'], limit: 1 }, signal);
    checks.push({ name: 'credential', ok: true, detail: auth instanceof OAuthTokenAuth ? `Client ${config.clientId ?? ''} got an access token from ${client.base}/oauth_token.do (${config.authMethod === 'oauth-password' ? 'password grant' : 'client credentials'}).` : `${client.base} accepted the basic-auth credential of ${config.username ?? '?'}.` });
  } catch (error) {
    checks.push({ name: 'credential', ok: false, detail: error instanceof AuthError ? errorMessage(error) : `${errorMessage(error)} Check that instanceUrl is the instance itself (https://<instance>.service-now.com).` });
    for (const probe of PROBES) checks.push({ name: probe.name, ok: false, detail: SKIPPED });
    return finish();
  }
  for (const probe of PROBES) {
    try {
      const page = await client.page(`servicenow.test.${probe.name}`, probe.table, { query: probe.query, fields: ['sys_id', ...(probe.oldest ? [probe.oldest] : [])], limit: 1 }, signal);
      const reach = probe.oldest ? ` Retention: ${probe.retention}; on this instance ${ageOf(str(page.items[0]?.[probe.oldest]), runtime.clock.now())}.` : '';
      checks.push({ name: probe.name, ok: true, detail: `Parapet ${probe.what}.${reach}` });
    } catch (error) {
      checks.push({ name: probe.name, ok: false, detail: `${errorMessage(error)} Parapet needs this: give the integration user the admin role, or roles whose read ACLs cover ${probe.table}.` });
    }
  }
  return finish();
}
