import { NotFoundError, ProviderError } from '../../../core/errors.js';
import { GUID_PATTERN, type ActionDefinition, type ConnectorRuntime } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { GraphObject } from '../client.js';
import type { Microsoft365Config } from '../config.js';
import type { M365Session } from '../session.js';

/** The rule actions that send a message elsewhere (Graph `messageRuleActions`). */
const SENDING_ACTIONS = ['forwardTo', 'forwardAsAttachmentTo', 'redirectTo'] as const;

/** The addresses an inbox rule forwards or redirects to; empty for a rule that only files or flags. */
export function forwardingAddresses(rule: GraphObject): string[] {
  const actions = (rule.actions ?? {}) as Record<string, unknown>;
  const addresses: string[] = [];
  for (const key of SENDING_ACTIONS) {
    const recipients = actions[key];
    if (!Array.isArray(recipients)) continue;
    for (const r of recipients as { emailAddress?: { address?: unknown } }[]) {
      const address = str(r.emailAddress?.address);
      if (address) addresses.push(address);
    }
  }
  return addresses;
}

async function mailboxOwner(session: M365Session, runtime: ConnectorRuntime, id: string): Promise<string> {
  try {
    const user = await session.client.graphGet('microsoft365.graph.user', `/users/${encodeURIComponent(id)}`, { $select: 'id,userPrincipalName' }, runtime.signal);
    return str(user.userPrincipalName) ?? id;
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`Microsoft 365: cannot remove the inbox rules of user ${id}: no such user in the tenant (deleted?).`, { cause: error });
    throw error;
  }
}

async function inboxRules(session: M365Session, runtime: ConnectorRuntime, id: string, upn: string): Promise<GraphObject[]> {
  const rules: GraphObject[] = [];
  try {
    const url = session.client.graphUrl(`/users/${encodeURIComponent(id)}/mailFolders/inbox/messageRules`);
    for await (const page of session.client.graphPages('microsoft365.graph.message-rules', url, undefined, { signal: runtime.signal })) rules.push(...page);
  } catch (error) {
    // Exchange words it its own way (MailboxNotEnabledForRESTAPI, ErrorInvalidUser): any 404 here means no reachable mailbox.
    if (error instanceof NotFoundError || (error instanceof ProviderError && error.status === 404)) throw new NotFoundError(`Microsoft 365: ${upn} has no Exchange Online mailbox Microsoft Graph can reach (none, inactive, or on-premises): nothing to remove here.`, { cause: error });
    throw error;
  }
  return rules;
}

const MAILBOX_FORWARDING_NOTE =
  'Mailbox-level forwarding (Set-Mailbox ForwardingSmtpAddress) is not reachable through Microsoft Graph: check it in the Exchange admin center (Mailboxes → the user → Mail flow settings) or clear it with Set-Mailbox -ForwardingSmtpAddress $null.';

/**
 * Deletes the user's inbox rules that forward or redirect mail (Graph messageRules, MailboxSettings.ReadWrite).
 * A deleted rule cannot be brought back by Graph as it was: the removed rules are returned as evidence, in
 * full, so an analyst can recreate a legitimate one (POST .../messageRules with the same body).
 */
export const removeForwardingRules: ActionDefinition<Microsoft365Config, M365Session> = {
  id: 'remove-forwarding-rules',
  title: 'Remove inbox rules that forward or redirect mail',
  targetIdPattern: GUID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const upn = await mailboxOwner(session, runtime, targetProviderId);
    const forwarding = (await inboxRules(session, runtime, targetProviderId, upn)).filter((r) => forwardingAddresses(r).length > 0);
    if (forwarding.length === 0) return { detail: `${upn} has no inbox rule that forwards or redirects mail: nothing to remove. ${MAILBOX_FORWARDING_NOTE}` };
    const removed: GraphObject[] = [];
    for (const rule of forwarding) {
      const ruleId = str(rule.id);
      if (!ruleId) continue;
      // A rule already gone (404) counts as removed: the action is idempotent.
      await session.client.graphDelete('microsoft365.graph.delete-message-rule', `/users/${encodeURIComponent(targetProviderId)}/mailFolders/inbox/messageRules/${encodeURIComponent(ruleId)}`, runtime.signal);
      removed.push(rule);
    }
    const names = removed.map((r) => `"${str(r.displayName) ?? str(r.id)}" → ${forwardingAddresses(r).join(', ')}`);
    return {
      detail: `Removed ${removed.length} inbox rule(s) of ${upn} that forwarded or redirected mail: ${names.join('; ')}. This cannot be undone automatically: the rules as they were are kept in this log entry (evidence.removedRules) to recreate one by hand if it was legitimate. ${MAILBOX_FORWARDING_NOTE}`,
      evidence: { mailbox: upn, removedRules: removed },
    };
  },
  async verify(session, runtime, { targetProviderId }) {
    const left = (await inboxRules(session, runtime, targetProviderId, targetProviderId)).filter((r) => forwardingAddresses(r).length > 0);
    return { ok: left.length === 0, detail: left.length === 0 ? 'Microsoft Graph lists no inbox rule that forwards or redirects mail any more.' : `Microsoft Graph still lists ${left.length} forwarding rule(s).` };
  },
};
