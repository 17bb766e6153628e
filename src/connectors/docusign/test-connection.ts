import { AuthError, ConfigError, errorMessage, ProviderError } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import type { DocusignContext } from './client.js';
import type { DocusignSession } from './session.js';

const SKIPPED = 'not checked: needs the checks above to pass first.';

function plain(error: unknown): string {
  return errorMessage(error);
}

/**
 * The "Test now" checks, each naming what is missing in plain words: the JWT grant, the organisation and
 * the admin role, Monitor on the plan, and the Admin API.
 */
export async function testDocusignConnection(session: DocusignSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { client, auth, config } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  const finish = (): TestResult => ({ ok: checks.every((c) => c.ok), checks });

  try {
    await auth.accessToken();
    checks.push({ name: 'token', ok: true, detail: `JWT grant works: integration key ${config.integrationKey} impersonates user ${config.userId}.` });
  } catch (error) {
    checks.push({ name: 'token', ok: false, detail: plain(error) });
    for (const name of ['organization', 'monitor-api', 'admin-api']) checks.push({ name, ok: false, detail: SKIPPED });
    return finish();
  }

  let context: DocusignContext | null = null;
  try {
    context = await client.getContext(signal);
    const orgName = context.organizationName ? `"${context.organizationName}" (${context.organizationId})` : context.organizationId;
    if (context.isOrgAdmin) {
      checks.push({
        name: 'organization',
        ok: true,
        detail: `${context.me.email ?? context.me.userId} administers organisation ${orgName} with ${context.accounts.length} account(s).`,
      });
    } else {
      checks.push({
        name: 'organization',
        ok: false,
        detail: `${context.me.email ?? context.me.userId} is not an administrator of organisation ${orgName}. In DocuSign Admin > Users, give this user the Organization Administrator role (or set --user-id to a user who has it): Monitor and the Admin API need it.`,
      });
    }
  } catch (error) {
    checks.push({ name: 'organization', ok: false, detail: error instanceof ConfigError || error instanceof ProviderError ? plain(error) : `Could not read the user's organisation: ${plain(error)}` });
    checks.push({ name: 'monitor-api', ok: false, detail: SKIPPED }, { name: 'admin-api', ok: false, detail: SKIPPED });
    return finish();
  }

  const orgLabel = context.organizationName ? `"${context.organizationName}" (${context.organizationId})` : context.organizationId;
  try {
    await client.monitorPage({ cursor: new Date(Date.now()).toISOString(), limit: 1 }, signal);
    checks.push({ name: 'monitor-api', ok: true, detail: `DocuSign Monitor answers for organisation ${orgLabel}.` });
  } catch (error) {
    const refused = error instanceof AuthError && error.status === 403;
    let detail: string;
    if (refused && !context.isOrgAdmin) {
      detail = `DocuSign Monitor refused access: the impersonated user must be an Organization Administrator or Security Reports Administrator of organisation ${orgLabel} (see the organization check).`;
    } else if (refused) {
      detail = `DocuSign Monitor is not enabled for organisation ${orgLabel}: it requires an Enterprise Pro plan with the Monitor add-on. Ask your DocuSign account manager to enable Monitor, then test again.`;
    } else {
      detail = `DocuSign Monitor could not be read: ${plain(error)}`;
    }
    checks.push({ name: 'monitor-api', ok: false, detail });
  }

  try {
    const first = context.accounts[0];
    if (!first) throw new ConfigError(`Organisation ${orgLabel} has no accounts mapped to it: link the eSignature accounts to the organisation in DocuSign Admin > Accounts.`);
    const iterator = client.orgUsers(context.organizationId, { accountId: first.id, take: 1 }, signal)[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.(undefined);
    checks.push({ name: 'admin-api', ok: true, detail: `The Admin API lists the users of organisation ${orgLabel}.` });
  } catch (error) {
    const refused = error instanceof AuthError;
    checks.push({
      name: 'admin-api',
      ok: false,
      detail: refused
        ? `The Admin API refused to list users of organisation ${orgLabel}: the impersonated user must be an Organization Administrator, and consent must include the organization_read and user_read scopes. (${plain(error)})`
        : `The Admin API could not list users: ${plain(error)}`,
    });
  }
  return finish();
}
