import { DAY } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import { str } from '../sdk/normalize-helpers.js';
import type { SlackSession } from './session.js';

/** The "Test now" checks: the audit token reads the Audit Logs API, the admin token reads SCIM, users and apps. */
export async function testSlackConnection(session: SlackSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { client, config } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  const now = Math.floor(runtime.clock.now() / 1000);

  try {
    await client.auditLogs({ oldest: now - DAY / 1000, latest: now, limit: 1 }, signal);
    checks.push({ name: 'audit-logs', ok: true, detail: 'The audit token reads the org’s Audit Logs API (auditlogs:read).' });
  } catch (error) {
    checks.push({ name: 'audit-logs', ok: false, detail: `The Audit Logs API refused the audit token: ${errorMessage(error)}` });
  }

  let owner: string | null = null;
  try {
    const me = await client.web('auth.test', {}, signal);
    owner = str(me.user) ?? str(me.user_id);
    const enterprise = str(me.enterprise_id);
    if (enterprise && enterprise !== config.enterpriseId) {
      checks.push({ name: 'admin-token', ok: false, detail: `The admin token belongs to org ${enterprise}, not ${config.enterpriseId}: use the org id from About this org, or a token installed on that org.` });
    } else checks.push({ name: 'admin-token', ok: true, detail: `The admin token is ${owner ?? 'an org user'}'s, on org ${config.enterpriseId}.` });
  } catch (error) {
    checks.push({ name: 'admin-token', ok: false, detail: `Slack refused the admin token: ${errorMessage(error)}` });
  }

  try {
    const page = await client.scimList('Users', 1, 1, signal);
    checks.push({ name: 'scim', ok: true, detail: `SCIM lists the org's ${page.totalResults} user(s).` });
  } catch (error) {
    checks.push({ name: 'scim', ok: false, detail: `SCIM (accounts, groups and deactivation) refused the admin token: ${errorMessage(error)} It needs the admin scope of an org owner.` });
  }

  try {
    await client.web('admin.apps.approved.list', { enterprise_id: config.enterpriseId, limit: 1 }, signal);
    checks.push({ name: 'admin-apps', ok: true, detail: 'admin.apps.approved.list answers: approved and restricted apps can be inventoried.' });
  } catch (error) {
    checks.push({ name: 'admin-apps', ok: false, detail: `Listing the org's apps failed: ${errorMessage(error)} Add the admin.apps:read scope to the admin token.` });
  }
  return { ok: checks.every((c) => c.ok), checks };
}
