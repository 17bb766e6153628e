import { errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import type { AtlassianSession } from './session.js';

/** The "Test now" checks: the key reaches the org, its audit log (Guard), its managed accounts and its directory. */
export async function testAtlassianConnection(session: AtlassianSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { client, config } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  try {
    const org = await client.orgInfo(signal);
    checks.push({ name: 'org', ok: true, detail: `The API key reaches organisation ${org.name ?? config.orgId}.` });
  } catch (error) {
    checks.push({ name: 'org', ok: false, detail: `The API key cannot read organisation ${config.orgId}: ${errorMessage(error)}` });
  }
  try {
    // One request of the search path (10 a minute per path): the audit log is readable, with Guard or Enterprise.
    await client.get('atlassian.events.search', `${client.org}/events`, { limit: 1 }, signal);
    checks.push({ name: 'audit-log', ok: true, detail: 'The org audit log answers (Atlassian Guard or Enterprise is in place). It keeps 180 days.' });
  } catch (error) {
    checks.push({ name: 'audit-log', ok: false, detail: `The org audit log refused the key: ${errorMessage(error)} The audit-log API needs Atlassian Guard (Standard or Premium) or an Enterprise plan.` });
  }
  try {
    await client.get('atlassian.users.list', `${client.org}/users`, {}, signal);
    checks.push({ name: 'managed-accounts', ok: true, detail: 'Managed accounts (users of verified domains) can be listed.' });
  } catch (error) {
    checks.push({ name: 'managed-accounts', ok: false, detail: `Listing managed accounts failed: ${errorMessage(error)} Verify a domain under Atlassian Administration → Settings → Domains.` });
  }
  try {
    await client.post('atlassian.directory.users.search', `${client.directory}/users/search`, { limit: 1 }, signal);
    checks.push({ name: 'directory', ok: true, detail: `The v2 directory search answers for directory ${config.directoryId} (roles, groups and 2-step verification).` });
  } catch (error) {
    checks.push({ name: 'directory', ok: false, detail: `The directory search refused the key: ${errorMessage(error)} Use directoryId "-" (every directory) or a directory id from Atlassian Administration → Directory.` });
  }
  return { ok: checks.every((c) => c.ok), checks };
}
