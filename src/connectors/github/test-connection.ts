import { errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import type { GithubSession } from './session.js';

async function attempt(name: string, run: () => Promise<string>, fix: string): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (error) {
    return { name, ok: false, detail: `${errorMessage(error)} ${fix}`.trim() };
  }
}

/**
 * "Test now": the credentials work, the organisation is reachable with owner rights, and the audit log
 * and member lists answer. Each failed check says what to change.
 */
export async function testGithubConnection(session: GithubSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { auth, client, config } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  const credentials = await attempt(
    'credentials',
    async () => {
      if (auth.kind === 'app') {
        const token = await auth.installationToken();
        return `GitHub App ${config.appId ?? ''} installation ${config.installationId ?? ''} issued a token valid until ${new Date(token.expiresAt).toISOString()}.`;
      }
      await client.serverNow(signal);
      return 'The personal access token is accepted.';
    },
    auth.kind === 'app' ? 'Check the App ID, the installation id and that the private key is one of the App\'s current keys.' : 'Create a new fine-grained token for the organisation (it may have expired).',
  );
  checks.push(credentials);
  if (!credentials.ok) return { ok: false, checks };
  checks.push(
    await attempt(
      'organization',
      async () => {
        const org = await client.organization(signal);
        if (!('two_factor_requirement_enabled' in org)) throw new Error(`${config.organization} answers, but without its owner-only settings (two_factor_requirement_enabled).`);
        return `${config.organization} is reachable with owner rights.`;
      },
      'Give the App the organisation permission "Administration: read" (or use an owner\'s token) so posture settings are visible.',
    ),
  );
  checks.push(
    await attempt(
      'audit-log',
      async () => {
        await client.auditLogPage({ phrase: '', include: 'web', order: 'desc', perPage: 1 }, signal);
        return 'The organisation audit log answers.';
      },
      'The audit log API needs GitHub Enterprise Cloud and "Administration: read" (App) or read:audit_log (token of an owner).',
    ),
  );
  checks.push(
    await attempt(
      'members',
      async () => {
        for await (const page of client.members('admin', signal)) return `${page.length > 0 ? 'Owners are listed' : 'The member list answers'}.`;
        return 'The member list answers.';
      },
      'Give the App the organisation permission "Members: read" (write for remove-from-org).',
    ),
  );
  return { ok: checks.every((c) => c.ok), checks };
}
