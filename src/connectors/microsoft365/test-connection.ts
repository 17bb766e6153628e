import { AuthError, ProviderError, errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import type { AccessToken } from './auth.js';
import { M365_ERROR_CODES } from './http-policy.js';
import { REQUIRED_PERMISSIONS, grantInstructions } from './permissions.js';
import type { M365Session } from './session.js';

function granted(token: AccessToken | null, value: string, alternatives: readonly string[] = []): boolean {
  return token !== null && [value, ...alternatives].some((p) => token.roles.includes(p));
}

/**
 * The "Test now" button: a token for each API, every application permission in the tokens' `roles`,
 * unified audit logging on and each chosen content type's subscription started, and sign-in logs
 * readable. Each failure says what to change, where.
 */
export async function testM365Connection(session: M365Session, runtime: ConnectorRuntime): Promise<TestResult> {
  const checks: CheckResult[] = [];
  const { client, config, tokens } = session;
  let graph: AccessToken | null = null;
  let manage: AccessToken | null = null;
  try {
    graph = await tokens.token('graph');
    manage = await tokens.token('manage');
    checks.push({ name: 'token', ok: true, detail: `Signed in as app ${config.clientId} to tenant ${config.tenantId}.` });
  } catch (error) {
    checks.push({ name: 'token', ok: false, detail: errorMessage(error) });
    return { ok: false, checks };
  }

  if (graph.roles.length === 0 && manage.roles.length === 0) {
    checks.push({
      name: 'admin-consent',
      ok: false,
      detail: 'The tokens carry no application permissions: admin consent has not been granted. In the Microsoft Entra admin center open App registrations → (the Parapet app) → API permissions and click "Grant admin consent for <your organization>" (a Global Administrator or Privileged Role Administrator must do it).',
    });
  }
  const missingForActions: string[] = [];
  for (const permission of REQUIRED_PERMISSIONS) {
    const token = permission.api === 'Microsoft Graph' ? graph : manage;
    const ok = granted(token, permission.value, permission.alternatives);
    if (permission.actionsOnly) {
      if (!ok) missingForActions.push(permission.value);
      continue;
    }
    checks.push({
      name: `permission:${permission.value}`,
      ok,
      detail: ok ? `Granted: used to ${permission.purpose}.` : `Missing ${permission.api} application permission ${permission.value} (needed to ${permission.purpose}). ${grantInstructions(permission.value, permission.api)}`,
    });
  }
  checks.push({
    name: 'permissions-for-actions',
    ok: true,
    detail: missingForActions.length === 0 ? 'Granted: Parapet can suspend users, revoke sessions and revoke app consents.' : `Optional, only for governance actions: not granted ${missingForActions.join(', ')}. Until they are, those actions will fail.`,
  });

  if (!granted(manage, 'ActivityFeed.Read')) {
    checks.push({ name: 'unified-audit-log', ok: false, detail: 'Not checked: the Office 365 Management APIs permission ActivityFeed.Read is missing (see above).' });
  } else {
    try {
      const { subscriptions } = await client.listSubscriptions(runtime.signal);
      const results: CheckResult[] = [];
      let auditOff: string | null = null;
      for (const contentType of config.components) {
        const existing = subscriptions.find((s) => s.contentType.toLowerCase() === contentType.toLowerCase());
        if (existing?.status?.toLowerCase() === 'enabled') {
          results.push({ name: `subscription:${contentType}`, ok: true, detail: 'Subscription enabled.' });
          continue;
        }
        try {
          const result = await client.startSubscription(contentType, runtime.signal);
          results.push({ name: `subscription:${contentType}`, ok: true, detail: result === 'started' ? 'Subscription started (first content can take up to 12 hours to appear).' : 'Subscription enabled.' });
        } catch (error) {
          if (error instanceof ProviderError && error.providerCode === M365_ERROR_CODES.unifiedAuditLogDisabled) auditOff = errorMessage(error);
          results.push({ name: `subscription:${contentType}`, ok: false, detail: errorMessage(error) });
        }
      }
      checks.push(auditOff ? { name: 'unified-audit-log', ok: false, detail: auditOff } : { name: 'unified-audit-log', ok: true, detail: 'Unified audit logging is on.' });
      checks.push(...results);
    } catch (error) {
      checks.push({ name: 'unified-audit-log', ok: false, detail: errorMessage(error) });
    }
  }

  if (config.includeSignIns) {
    if (!granted(graph, 'AuditLog.Read.All')) {
      checks.push({ name: 'sign-in-logs', ok: false, detail: 'Not checked: the Microsoft Graph permission AuditLog.Read.All is missing (see above).' });
    } else {
      try {
        for await (const _page of client.graphPages('microsoft365.graph.sign-ins', client.graphUrl('/auditLogs/signIns'), { $top: 1 }, { reports: true, signal: runtime.signal })) break;
        checks.push({ name: 'sign-in-logs', ok: true, detail: 'Entra sign-in logs are readable.' });
      } catch (error) {
        const nonPremium = error instanceof AuthError && error.providerCode === M365_ERROR_CODES.nonPremium;
        checks.push({
          name: 'sign-in-logs',
          ok: false,
          detail: nonPremium
            ? 'Entra sign-in logs need a Microsoft Entra ID P1 or P2 licence in the tenant. License it, or reconnect with sign-in collection off (audit-log sign-ins from Audit.AzureActiveDirectory still arrive).'
            : errorMessage(error),
        });
      }
    }
  }
  return { ok: checks.every((c) => c.ok), checks };
}
