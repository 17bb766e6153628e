import type { Db } from '../store/db.js';
import { listProtected } from '../store/repos/governance.js';
import type { GovernanceRule } from './rules.js';
import type { TargetAccount } from './targets.js';

/** Kinds that only tell someone something: the protected list does not stop them. */
const HARMLESS = new Set(['notify-user']);

function matches(pattern: string, values: readonly string[]): boolean {
  if (pattern.startsWith('*@')) return values.some((v) => v.endsWith(pattern.slice(1)));
  return values.includes(pattern);
}

/**
 * Why an action must not touch this account, or null: it is on the protected list (break-glass accounts,
 * Parapet's own service accounts, VIPs), or it is an administrator and the rule does not allow admins.
 */
export async function protectionOf(db: Db, kind: string, accounts: readonly TargetAccount[], extraValues: readonly string[], rule: GovernanceRule): Promise<string | null> {
  if (HARMLESS.has(kind)) return null;
  const entries = await listProtected(db);
  for (const account of accounts) {
    const values = [account.email, account.providerId, account.id, ...account.aliases, ...extraValues].filter((v): v is string => Boolean(v)).map((v) => v.toLowerCase());
    const hit = entries.find((e) => matches(e.match, values));
    if (hit) return `${account.email ?? account.providerId} is protected (${hit.match}: ${hit.reason}); no action may touch it. Remove it from the protected list first if you mean it.`;
    if (account.isAdmin === true && !rule.allowAdmins) {
      return `${account.email ?? account.providerId} is an administrator: governance does not act on administrators unless the policy's rule allows it (allowAdmins), so a bad policy cannot lock the company out.`;
    }
  }
  if (accounts.length === 0 && extraValues.length > 0) {
    const values = extraValues.map((v) => v.toLowerCase());
    const hit = entries.find((e) => matches(e.match, values));
    if (hit) return `${extraValues[0]} is protected (${hit.match}: ${hit.reason}).`;
  }
  return null;
}
