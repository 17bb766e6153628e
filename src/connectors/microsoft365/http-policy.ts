import { systemClock, type Clock } from '../../core/clock.js';
import { AuthError, ConfigError, NotFoundError, ProviderError, type ParapetError } from '../../core/errors.js';
import { parseRetryAfter, type BudgetReader, type ErrorMapper, type HttpPolicy, type HttpResponse, type ThrottleSignal } from '../sdk/http-client.js';
import { PERMISSION_FOR_OPERATION, grantInstructions } from './permissions.js';

/** Provider codes Parapet branches on (set as `providerCode` on the errors below). */
export const M365_ERROR_CODES = {
  /** Starting a subscription failed because the tenant's unified audit log is off. */
  unifiedAuditLogDisabled: 'UnifiedAuditLogDisabled',
  /** Sign-in logs / signInActivity need Entra ID P1 or P2. */
  nonPremium: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
  noSubscription: 'AF20022',
  blobExpired: 'AF20051',
  blobNotFound: 'AF20050',
} as const;

const ENABLE_AUDIT_LOG =
  'Turn it on in the Microsoft Purview portal → Audit → "Start recording user and admin activity" (or in Exchange Online PowerShell: Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true). It can take up to 60 minutes to take effect, and the first content up to 12 hours.';

function json(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function nested(body: Record<string, unknown> | null): { code: string; message: string } | null {
  const error = body?.error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { code: typeof code === 'string' ? code : '', message: typeof message === 'string' ? message : '' };
}

type Api = 'token' | 'manage' | 'graph';

function apiOf(url: string): Api {
  const path = (() => {
    try {
      return new URL(url).pathname;
    } catch {
      return url;
    }
  })();
  if (/\/oauth2\/(v2\.0\/)?token$/i.test(path)) return 'token';
  if (/\/activity\/feed\//i.test(path)) return 'manage';
  return 'graph';
}

function tokenError(response: HttpResponse, operation: string): ParapetError {
  const body = json(response.text);
  const codes = Array.isArray(body?.error_codes) ? (body.error_codes as unknown[]).map(Number) : [];
  const description = typeof body?.error_description === 'string' ? (body.error_description.split(/\r?\n/)[0] ?? '') : response.text.slice(0, 200);
  const code = codes[0] ?? Number(/AADSTS(\d+)/.exec(description)?.[1] ?? NaN);
  const opts = { status: response.status, providerCode: Number.isFinite(code) ? `AADSTS${code}` : null };
  const overview = 'the app registration\'s Overview page in the Microsoft Entra admin center';
  switch (code) {
    case 7000215:
      return new AuthError(`${operation}: Microsoft Entra rejected the client secret (AADSTS7000215). Paste the secret's Value — not its Secret ID — from App registrations → (the Parapet app) → Certificates & secrets; if it has expired, create a new one and reconnect.`, opts);
    case 7000222:
      return new AuthError(`${operation}: the client secret has expired (AADSTS7000222). Create a new secret under App registrations → (the Parapet app) → Certificates & secrets and reconnect with it.`, opts);
    case 700016:
      return new AuthError(`${operation}: the application (client) ID is not registered in this tenant (AADSTS700016). Check that the Directory (tenant) ID and the Application (client) ID both come from ${overview}; a wrong tenant ID is the usual cause.`, opts);
    case 90002:
    case 90023:
      return new AuthError(`${operation}: Microsoft Entra does not know this tenant (AADSTS${code}). Check the Directory (tenant) ID on ${overview}, and that the environment (commercial, gcc, gcc-high, dod) matches the tenant's cloud.`, opts);
    case 700027:
    case 700024:
    case 50027:
      return new AuthError(`${operation}: Microsoft Entra could not verify the certificate assertion (AADSTS${code}: ${description.replace(/^AADSTS\d+:\s*/, '').slice(0, 160)}). Upload the certificate's public key under App registrations → (the Parapet app) → Certificates & secrets → Certificates, and check that the thumbprint matches the one configured.`, opts);
    case 7000218:
      return new ConfigError(`${operation}: the token request carried no credential (AADSTS7000218). Reconnect with a client secret or a certificate.`);
    default:
      return new AuthError(`${operation}: Microsoft Entra refused the token request (HTTP ${response.status}): ${description}`, opts);
  }
}

function manageError(response: HttpResponse, operation: string): ParapetError {
  const body = json(response.text);
  const error = nested(body);
  const opts = { status: response.status, providerCode: error?.code ?? null };
  const code = error?.code ?? '';
  const message = error?.message ?? '';
  if (/DataServiceException: Tenant .* does not exist/i.test(message) || /^StartSubscription \[/.test(code)) {
    return new ProviderError(`${operation}: the Management Activity API answered that the tenant "does not exist" for auditing, which means unified audit logging is not turned on (or was never provisioned). ${ENABLE_AUDIT_LOG}`, { ...opts, providerCode: M365_ERROR_CODES.unifiedAuditLogDisabled });
  }
  switch (code) {
    case 'AF10001':
      return new AuthError(`${operation}: the Office 365 Management APIs refused the token because it lacks the ActivityFeed.Read application permission (AF10001). ${grantInstructions('ActivityFeed.Read', 'Office 365 Management APIs')}`, opts);
    case 'AF20010':
      return new AuthError(`${operation}: the token belongs to a different tenant than the one in the URL (AF20010). Check the Directory (tenant) ID.`, opts);
    case 'AF20011':
    case 'AF20012':
    case 'AF20013':
      return new ProviderError(`${operation}: the Management Activity API does not accept this tenant (${code}: ${message}). Check the Directory (tenant) ID; if it is right, ${ENABLE_AUDIT_LOG}`, opts);
    case 'AF20022':
      return new ProviderError(`${operation}: there is no audit subscription for this content type (AF20022); Parapet starts it on the next sync.`, opts);
    case 'AF20023':
      return new ProviderError(`${operation}: the audit subscription was disabled by an administrator (AF20023). Check that unified audit logging is still on: ${ENABLE_AUDIT_LOG}`, opts);
    case 'AF20051':
      return new ProviderError(`${operation}: the content blob has expired (AF20051): Microsoft keeps audit content for 7 days only.`, opts);
    case 'AF20050':
      return new ProviderError(`${operation}: the content blob does not exist (AF20050).`, opts);
    default:
      break;
  }
  if (response.status === 401) {
    return new AuthError(`${operation}: the Management Activity API refused the access token (HTTP 401). Check that the app registration has the Office 365 Management APIs permission ActivityFeed.Read with admin consent.`, opts);
  }
  return new ProviderError(`${operation}: the Management Activity API answered HTTP ${response.status}${code ? ` ${code}` : ''}: ${message || response.text.slice(0, 200)}`, opts);
}

function graphError(response: HttpResponse, operation: string): ParapetError {
  const error = nested(json(response.text));
  const code = error?.code ?? '';
  const message = error?.message ?? response.text.slice(0, 200);
  const opts = { status: response.status, providerCode: code || null, retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()) };
  if (code === M365_ERROR_CODES.nonPremium) {
    return new AuthError(`${operation}: Microsoft Graph refused because the tenant has no Microsoft Entra ID P1 or P2 licence (sign-in logs and last sign-in times need one). License the tenant, or turn sign-in collection off (includeSignIns: false).`, opts);
  }
  if (response.status === 403) {
    const permission = PERMISSION_FOR_OPERATION[operation];
    const hint = permission ? `the app lacks the Microsoft Graph application permission ${permission}, or admin consent was not granted. ${grantInstructions(permission)}` : `the app lacks a permission this call needs (${message}).`;
    return new AuthError(`${operation}: Microsoft Graph refused (${code || 'HTTP 403'}): ${hint}`, opts);
  }
  if (response.status === 401) {
    return new AuthError(`${operation}: Microsoft Graph refused the access token (${code || 'HTTP 401'}: ${message}).`, opts);
  }
  if (response.status === 404 && code === 'Request_ResourceNotFound') {
    return new NotFoundError(`${operation}: ${message}`);
  }
  return new ProviderError(`${operation}: Microsoft Graph answered HTTP ${response.status}${code ? ` ${code}` : ''}: ${message}`, opts);
}

/** Words every Microsoft error the way the connector's users can act on it. */
export const mapM365Error: ErrorMapper = (response, operation) => {
  switch (apiOf(response.url)) {
    case 'token':
      return tokenError(response, operation);
    case 'manage':
      return manageError(response, operation);
    default:
      return graphError(response, operation);
  }
};

function isAf429(response: HttpResponse): boolean {
  return (response.status === 403 || response.status === 429) && response.text.includes('AF429');
}

/** What the Management API's throttling did to one connector instance. */
export interface M365Throttles {
  /** AF429 back-offs begun (one however many requests in flight were refused with it). */
  backOffs: number;
}

/**
 * AF429 arrives as 403 with no Retry-After: back off exponentially (1 s, 2 s, 4 s … 60 s) per connector
 * instance, resetting once the Management API answers normally again. An AF429 that comes back while the
 * instance is already backing off was sent before the back-off began (requests run several at a time): it
 * waits out the same back-off instead of doubling it. Graph's 429 + Retry-After is left to the client's
 * default handling.
 */
export function m365ThrottleSignal(clock: Clock = systemClock, throttles: M365Throttles = { backOffs: 0 }): ThrottleSignal {
  let consecutive = 0;
  let backingOffUntil = 0;
  return (response) => {
    if (!isAf429(response)) {
      if (apiOf(response.url) === 'manage') consecutive = 0;
      return null;
    }
    const now = clock.now();
    if (now < backingOffUntil) return { retryAfterMs: backingOffUntil - now };
    consecutive++;
    throttles.backOffs++;
    const stated = parseRetryAfter(response.headers['retry-after'], now);
    const wait = stated ?? Math.min(60_000, 1000 * 2 ** (consecutive - 1));
    backingOffUntil = now + wait;
    return { retryAfterMs: wait };
  };
}

/** Graph's identity service reports how much of its resource-unit budget an app has used. */
export const readM365Budget: BudgetReader = (response) => {
  const used = Number(response.headers['x-ms-throttle-limit-percentage']);
  if (!Number.isFinite(used) || response.headers['x-ms-throttle-limit-percentage'] === undefined) return null;
  return { limit: 100, remaining: Math.max(0, Math.round(100 - used * 100)) };
};

/** A fresh policy per connector instance (the AF429 backoff keeps per-instance state), on the instance's clock. */
export function m365HttpPolicy(clock: Clock = systemClock, throttles?: M365Throttles): HttpPolicy {
  return { throttleSignal: m365ThrottleSignal(clock, throttles), mapError: mapM365Error, readBudget: readM365Budget, retry: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 } };
}
