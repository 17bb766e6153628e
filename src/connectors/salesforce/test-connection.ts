import { errorMessage, ProviderError } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import type { SalesforceSession } from './session.js';

/** The "Test now" checks: the JWT grant, then one small read of every object the streams need. */
export async function testSalesforceConnection(session: SalesforceSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { client, config, auth } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  try {
    const { instanceUrl } = await auth.session();
    checks.push({ name: 'token', ok: true, detail: `The JWT bearer grant works for ${config.username}; the org's instance is ${instanceUrl}.` });
  } catch (error) {
    checks.push({ name: 'token', ok: false, detail: errorMessage(error) });
    return { ok: false, checks };
  }
  const probe = async (name: string, soql: string, ok: string, fix: string, tooling = false) => {
    try {
      await client.queryPage({ soql, tooling }, signal);
      checks.push({ name, ok: true, detail: ok });
    } catch (error) {
      checks.push({ name, ok: false, detail: `${errorMessage(error)} ${fix}` });
    }
  };
  await probe('users', 'SELECT Id FROM User LIMIT 1', 'Users, profiles and permission sets are readable.', 'Give the integration user "View All Users" and "API Enabled".');
  await probe('login-history', 'SELECT Id FROM LoginHistory ORDER BY LoginTime DESC LIMIT 1', 'LoginHistory (sign-ins of every user) is readable.', 'Reading other users\' sign-ins needs "Manage Users" or "Monitor Login History".');
  await probe('setup-audit-trail', 'SELECT Id FROM SetupAuditTrail ORDER BY CreatedDate DESC LIMIT 1', 'SetupAuditTrail (admin changes, kept 180 days) is readable.', 'Give the integration user "View Setup and Configuration".');
  if (config.eventLogTypes.length > 0) {
    try {
      await client.queryPage({ soql: 'SELECT Id FROM EventLogFile LIMIT 1' }, signal);
      checks.push({ name: 'event-monitoring', ok: true, detail: `Event Log Files are readable (${config.eventLogInterval} files of ${config.eventLogTypes.join(', ')}).` });
    } catch (error) {
      const missing = error instanceof ProviderError && error.providerCode === 'INVALID_TYPE';
      checks.push({
        name: 'event-monitoring',
        ok: false,
        detail: missing
          ? 'Event Log Files are not available: the org needs Event Monitoring (Salesforce Shield or the Event Monitoring add-on) and the integration user "View Event Log Files". Without it, set eventLogTypes to [] (no user activity beyond sign-ins and admin changes).'
          : `${errorMessage(error)} Give the integration user "View Event Log Files".`,
      });
    }
  }
  await probe('health-check', 'SELECT Score FROM SecurityHealthCheck', 'Health Check (posture) is readable through the Tooling API.', 'Health Check needs "View Setup and Configuration".', true);
  try {
    const { limits } = await client.limits(signal);
    const daily = limits.DailyApiRequests;
    checks.push({ name: 'api-budget', ok: true, detail: daily?.Max ? `${daily.Remaining ?? '?'} of ${daily.Max} daily API requests are left.` : 'The org reports no daily API allocation.' });
  } catch (error) {
    checks.push({ name: 'api-budget', ok: false, detail: `${errorMessage(error)} Reading /limits needs "View Setup and Configuration".` });
  }
  return { ok: checks.every((c) => c.ok), checks };
}
