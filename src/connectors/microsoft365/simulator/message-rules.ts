import { createHash } from 'node:crypto';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';
import { EXTERNAL_FORWARD_ADDRESS } from './scenarios.js';
import type { SimUser, Tenant } from './tenant.js';

/** A recipient as Graph writes it in a rule's actions. */
export interface SimRecipient {
  emailAddress: { name: string; address: string };
}

/** One inbox rule (Graph `messageRule`), as `GET /users/{id}/mailFolders/inbox/messageRules` returns it. */
export interface SimMessageRule {
  id: string;
  displayName: string;
  sequence: number;
  isEnabled: boolean;
  hasError: boolean;
  isReadOnly: boolean;
  conditions: Record<string, unknown>;
  actions: {
    forwardTo?: SimRecipient[];
    forwardAsAttachmentTo?: SimRecipient[];
    redirectTo?: SimRecipient[];
    moveToFolder?: string;
    markAsRead?: boolean;
    stopProcessingRules?: boolean;
    delete?: boolean;
  };
}

/** Graph's rule ids are short base64 strings (`AQAAAJ5dZp8=`): 8 bytes, the first four a version. */
function ruleId(userId: string, n: number): string {
  const hash = createHash('sha1').update(`${userId}:${n}`).digest();
  return Buffer.concat([Buffer.from([1, 0, 0, 0]), hash.subarray(0, 4)]).toString('base64');
}

const recipient = (address: string, name = address): SimRecipient => ({ emailAddress: { name, address } });

/**
 * Every mailbox's inbox rules. Members have mailboxes (guests do not); a few keep an ordinary filing rule,
 * one forwards to a colleague while on leave, and with the inbox-forwarding-rule scenario the phished user
 * carries the attacker's rule that forwards payment mail out and hides it.
 */
export class MessageRuleStore {
  private readonly rules = new Map<string, SimMessageRule[]>();

  constructor(tenant: Tenant, facts: readonly ScenarioFact[]) {
    const members = tenant.users.filter((u) => u.userType === 'Member' && u.workforceIndex !== null);
    for (const [i, user] of members.entries()) {
      if (i % 4 === 0) this.add(user, { displayName: 'Newsletters', conditions: { senderContains: ['newsletter', 'noreply'] }, actions: { moveToFolder: 'AAMkNewsletters', stopProcessingRules: false } });
    }
    const onLeave = members[3];
    const colleague = members[4];
    if (onLeave && colleague?.mail) {
      this.add(onLeave, { displayName: 'While on parental leave', conditions: {}, actions: { forwardTo: [recipient(colleague.mail, colleague.displayName)], stopProcessingRules: false } });
    }
    const phished = facts.find((f) => f.id === 'inbox-forwarding-rule')?.user;
    const victim = phished ? tenant.users.find((u) => (u.mail ?? u.userPrincipalName).toLowerCase() === phished) : undefined;
    if (victim) {
      this.add(victim, {
        displayName: '.',
        conditions: { bodyOrSubjectContains: ['invoice', 'payment', 'wire', 'remittance'] },
        actions: { forwardTo: [recipient(EXTERNAL_FORWARD_ADDRESS)], moveToFolder: 'AAMkRSSSubscriptions', markAsRead: true, stopProcessingRules: true },
      });
    }
  }

  has(user: SimUser): boolean {
    return user.userType === 'Member';
  }

  list(user: SimUser): SimMessageRule[] {
    return this.rules.get(user.id) ?? [];
  }

  /** Adds a rule to a mailbox (tests and scenarios); returns it with its new id and sequence. */
  add(user: SimUser, rule: Pick<SimMessageRule, 'displayName' | 'conditions' | 'actions'> & Partial<SimMessageRule>): SimMessageRule {
    const list = this.rules.get(user.id) ?? [];
    const full: SimMessageRule = { id: ruleId(user.id, list.length + 1), sequence: list.length + 1, isEnabled: true, hasError: false, isReadOnly: false, ...rule };
    list.push(full);
    this.rules.set(user.id, list);
    return full;
  }

  remove(user: SimUser, id: string): SimMessageRule | null {
    const list = this.rules.get(user.id) ?? [];
    const index = list.findIndex((r) => r.id === id);
    if (index < 0) return null;
    return list.splice(index, 1)[0] ?? null;
  }
}
