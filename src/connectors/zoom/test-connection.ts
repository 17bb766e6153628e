import { errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import { num } from '../sdk/normalize-helpers.js';
import { isoDate } from './streams/reports.js';
import type { ZoomSession } from './session.js';

/** The "Test now" checks: a token is issued, and each API the streams read answers with it. */
export async function testZoomConnection(session: ZoomSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { client, tokens } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  try {
    const token = await tokens.token(signal);
    checks.push({ name: 'token', ok: true, detail: `Zoom issued a Server-to-Server OAuth token${token.scopes.length ? ` with ${token.scopes.length} scope(s)` : ''}.` });
  } catch (error) {
    checks.push({ name: 'token', ok: false, detail: `Zoom refused the app's credentials: ${errorMessage(error)}` });
    return { ok: false, checks };
  }
  const today = isoDate(runtime.clock.now());
  const probe = async (name: string, fix: string, run: () => Promise<string>) => {
    try {
      checks.push({ name, ok: true, detail: await run() });
    } catch (error) {
      checks.push({ name, ok: false, detail: `${errorMessage(error)} ${fix}` });
    }
  };
  await probe('sign-in-report', 'The sign-in report needs the report:read:admin scope and a Pro or higher plan.', async () => {
    await client.report('signins', { from: today, to: today, pageSize: 1 }, signal);
    return 'The sign-in/out report (/report/activities) answers.';
  });
  await probe('operation-logs', 'Operation logs need the report:read:admin scope and a Pro or higher plan.', async () => {
    await client.report('operations', { from: today, to: today, pageSize: 1 }, signal);
    return 'The operation logs report (/report/operationlogs) answers.';
  });
  await probe('users', 'Add the user:read:admin scope (and user:write:admin for deactivation and sign-out).', async () => {
    const body = await client.get('zoom.users', '/users', { page_size: 1 }, signal);
    return `The account lists ${num(body.total_records) ?? 'its'} active user(s).`;
  });
  await probe('roles', 'Add the role:read:admin scope.', async () => {
    const body = await client.get('zoom.roles', '/roles', {}, signal);
    return `The account has ${num(body.total_records) ?? 'its'} role(s).`;
  });
  await probe('account-settings', 'Add the account:read:admin scope; account settings need a paid plan.', async () => {
    await client.get('zoom.settings.security', '/accounts/me/settings', { option: 'security' }, signal);
    return 'The account security settings are readable (posture checks).';
  });
  return { ok: checks.every((c) => c.ok), checks };
}
