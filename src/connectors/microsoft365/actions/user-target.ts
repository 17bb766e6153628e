import { AuthError, NotFoundError, ValidationError } from '../../../core/errors.js';
import type { ConnectorRuntime } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { M365Session } from '../session.js';

export interface UserTarget {
  id: string;
  userPrincipalName: string;
  accountEnabled: boolean | null;
}

/** Looks the user up first: a clear message beats Graph's when the user is gone or synced from on-premises. */
export async function cloudUser(session: M365Session, runtime: ConnectorRuntime, id: string, verb: string): Promise<UserTarget> {
  let user;
  try {
    user = await session.client.graphGet('microsoft365.graph.user', `/users/${encodeURIComponent(id)}`, { $select: 'id,userPrincipalName,accountEnabled,onPremisesSyncEnabled' }, runtime.signal);
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`Microsoft 365: cannot ${verb} user ${id}: no such user in the tenant (deleted?).`, { cause: error });
    throw error;
  }
  const upn = str(user.userPrincipalName) ?? id;
  if (user.onPremisesSyncEnabled === true) {
    throw new ValidationError(`Microsoft 365: cannot ${verb} ${upn} in the cloud: the account is synchronised from on-premises Active Directory. Do it in Active Directory; Entra Connect carries the change to Microsoft 365.`);
  }
  return { id: str(user.id) ?? id, userPrincipalName: upn, accountEnabled: typeof user.accountEnabled === 'boolean' ? user.accountEnabled : null };
}

/** Graph refuses to change administrators unless the app holds a privileged role itself: say so plainly. */
export async function explainDenied(session: M365Session, error: unknown, permission: string, upn: string, verb: string): Promise<never> {
  if (error instanceof AuthError && error.status === 403) {
    const token = await session.tokens.token('graph').catch(() => null);
    if (token?.roles.includes(permission) || token?.roles.includes('User.ReadWrite.All')) {
      throw new AuthError(
        `Microsoft 365: Microsoft Graph refused to ${verb} ${upn} although the app has ${permission}: ${upn} holds an administrator role, and only an app that itself holds the Privileged Authentication Administrator role may change administrators. Assign that role to the Parapet app (Entra admin center → Roles & admins), or do it by hand.`,
        { status: 403, providerCode: error.providerCode, cause: error },
      );
    }
  }
  throw error;
}

/** Reads `accountEnabled` back after a suspend or unsuspend. */
export async function readBackEnabled(session: M365Session, runtime: ConnectorRuntime, id: string, expected: boolean): Promise<{ ok: boolean; detail: string }> {
  const user = await session.client.graphGet('microsoft365.graph.user', `/users/${encodeURIComponent(id)}`, { $select: 'id,userPrincipalName,accountEnabled' }, runtime.signal);
  const upn = str(user.userPrincipalName) ?? id;
  const ok = user.accountEnabled === expected;
  return { ok, detail: `Microsoft Graph reports ${upn} accountEnabled = ${JSON.stringify(user.accountEnabled ?? null)}${ok ? '' : ` (expected ${expected})`}.` };
}
