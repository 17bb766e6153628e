import { errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import type { GoogleSession } from './session.js';

/** Named checks: token (service account + delegation), directory, reports, policies. */
export async function testGoogleConnection(session: GoogleSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const checks: CheckResult[] = [];
  const { client, config } = session;
  try {
    await session.auth.accessToken();
    checks.push({ name: 'token', ok: true, detail: `The service account ${config.serviceAccountEmail} obtained a token acting as ${config.adminEmail}.` });
  } catch (error) {
    checks.push({ name: 'token', ok: false, detail: errorMessage(error) });
    return { ok: false, checks };
  }
  const probe = async (name: string, run: () => Promise<string>) => {
    try {
      checks.push({ name, ok: true, detail: await run() });
    } catch (error) {
      checks.push({ name, ok: false, detail: errorMessage(error) });
    }
  };
  await probe('directory', async () => {
    const { body } = await client.get('google.directory.users.list', `${client.directoryUrl('/users')}?customer=${encodeURIComponent(config.customerId)}&maxResults=1`, runtime.signal);
    return `The Directory API lists users${Array.isArray(body?.users) ? '' : ' (none yet)'}.`;
  });
  await probe('reports', async () => {
    // No startTime: Google's clock decides "now", whatever this machine's says.
    await client.activities('login', { maxResults: 1 }, runtime.signal);
    return 'The Reports API returns login activities.';
  });
  await probe('policies', async () => {
    await client.get('google.cloudidentity.policies.list', `${session.endpoints.cloudIdentity}/v1/policies?pageSize=1`, runtime.signal);
    return 'The Cloud Identity Policy API is readable (posture checks can run).';
  });
  return { ok: checks.every((c) => c.ok), checks };
}
