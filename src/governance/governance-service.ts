import type { Logger } from 'pino';
import type { Alert } from '../core/alert.js';
import { DAY, HOUR, MINUTE, type Clock } from '../core/clock.js';
import { AuthError, ConfigError, PermissionError, NetworkError, NotFoundError, ParapetError, ProviderError, RateLimitedError, ValidationError, errorMessage } from '../core/errors.js';
import {
  ACTION_IDS,
  ACTION_KINDS,
  PLAYBOOK_IDS,
  isActionKind,
  type ActionStatus,
  type GovernanceLogEntry,
  type GovernanceRequest,
  type LogEvent,
  type Prefer,
  type TargetType,
} from '../core/governance-action.js';
import { newId } from '../core/ids.js';
import type { PlannedCall } from '../connectors/sdk/http-client.js';
import type { Store } from '../store/db.js';
import { getAlert } from '../store/repos/alerts.js';
import {
  appendGovernanceLog,
  countPolicyRequestsSince,
  getGovernanceRequest,
  insertGovernanceRequest,
  listGovernanceLog,
  listGovernanceRequests,
  listUnverifiedSucceeded,
  transitionGovernanceRequest,
  type GovernanceLogFilter,
  type GovernanceRequestFilter,
} from '../store/repos/governance.js';
import { dispatch } from './dispatch.js';
import type { ConnectorRegistry } from '../connectors/sdk/registry-of.js';
import { openInstance } from './instance-sessions.js';
import type { Notifier } from './notify/notifier.js';
import { chatEvent, userNotice } from './notify/templates.js';
import { resolveRule, type GovernanceRule } from './rules.js';
import { protectionOf } from './safety.js';
import { resolveTarget, targetTypeOf, type ResolvedTarget, type TargetAccount, type TargetRef } from './targets.js';

/** Who asks or decides: a Parapet user with their role, or a policy. */
export interface Actor {
  name: string;
  role: 'admin' | 'analyst' | 'viewer' | 'policy';
}

export interface RequestInput {
  /** An action id (`suspend-user`) or a playbook (`contain-person`). */
  kind: string;
  target: Omit<TargetRef, 'type'> & { type?: TargetType };
  reason?: string;
  prefer?: Prefer;
  alertId?: string;
  policyId?: string;
  via: 'policy' | PersonChannel;
}

/** How a person asks: through the CLI or the API. */
export type PersonChannel = 'cli' | 'api';

/** What a dry run found: where the action would run and exactly which calls would change something. */
export interface DryRunPlan {
  kind: string;
  target: string;
  /** Null when the request would be refused; `blocked` says why. */
  where: string | null;
  blocked: string | null;
  steps: { kind: string; where: string; target: string; calls: PlannedCall[]; note: string | null }[];
}

export interface GovernanceServiceOptions {
  store: Store;
  registry: ConnectorRegistry;
  logger: Logger;
  clock: Clock;
  notifier: Notifier;
  /** Automatic requests of one action kind all policies together may make per hour. @default 20 */
  overallPerHour?: number;
  /** Attempts per action on transient failures (network, throttling, 5xx). @default 3 */
  maxAttempts?: number;
  /** Waits between attempts (tests pass one that does not wait). @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_TARGET_ID = /^[A-Za-z0-9._@:+-]{1,256}$/;
/** Revoking sessions first ends what the attacker holds now; consents and forwarding rules are what outlives a suspension. */
const PLAYBOOK_STEPS = ['revoke-sessions', 'suspend-user', 'revoke-oauth-grants', 'remove-forwarding-rules'] as const;
const SYSTEM = 'parapet';
/**
 * When a change the provider accepted but did not show is read back again, counted from the first read-back
 * (Graph, for one, can take minutes to show its own writes). After the last one it is left to a person.
 */
export const RECHECK_AFTER_MS = [MINUTE, 5 * MINUTE, 30 * MINUTE] as const;

/** A read-back's answer, or, when it could not be made, a failed one that says why. */
async function readOrExplain<T>(read: () => Promise<T>): Promise<T | { ok: false; detail: string }> {
  try {
    return await read();
  } catch (error) {
    return { ok: false, detail: `Could not read the effect back: ${errorMessage(error)}` };
  }
}

/** Failures worth another attempt; a 4xx says the request itself is wrong and is never retried. */
export function isTransient(error: unknown): boolean {
  if (error instanceof AuthError) return false;
  if (error instanceof RateLimitedError || error instanceof NetworkError) return true;
  if (error instanceof ProviderError) return error.status === null || error.status >= 500;
  return false;
}

/**
 * Governance: request -> approve -> dispatch (app or identity provider) -> run with retries -> read back
 * -> log; undo; dry runs; the contain-person playbook. The CLI, the API and policies all come through here.
 */
export class GovernanceService {
  private readonly overallPerHour: number;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GovernanceServiceOptions) {
    this.overallPerHour = options.overallPerHour ?? 20;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private get db() {
    return this.options.store.db;
  }

  private now(): number {
    return this.options.clock.now();
  }

  /** Records a request and, when its rule is automatic, runs it. Returns the request as it ended. */
  async request(input: RequestInput, actor: Actor): Promise<GovernanceRequest> {
    const prepared = await this.prepare(input, actor);
    const { rule, target, kind, reason } = prepared;
    const base = this.newRequest(input, actor, kind, target, reason, rule);
    const dedupKey = input.via === 'policy' && input.alertId ? `${input.alertId}:${kind}` : null;

    if (prepared.blocked) {
      const blocked = { ...base, status: 'blocked' as const, result: prepared.blocked.reason };
      const { request, created } = await insertGovernanceRequest(this.db, blocked, dedupKey);
      if (created) {
        await this.log(request, 'requested', actor.name, `${actor.name} asked to ${this.verb(kind)} ${target.label}: ${reason}`);
        await this.log(request, prepared.blocked.event, SYSTEM, prepared.blocked.reason);
      }
      return request;
    }
    const route = prepared.route;
    const automatic = rule.mode === 'automatic';
    const request: GovernanceRequest = {
      ...base,
      status: automatic ? 'approved' : 'pending',
      route: route?.route ?? null,
      connectorInstanceId: route?.instanceId ?? null,
      providerTargetId: route?.providerTargetId ?? null,
      decidedBy: automatic ? `automatic (${input.policyId ?? 'manual'} rule)` : null,
      decidedAt: automatic ? this.now() : null,
      expiresAt: automatic ? null : this.now() + rule.expiresHours * HOUR,
    };
    const inserted = await insertGovernanceRequest(this.db, request, dedupKey);
    if (!inserted.created) return inserted.request;
    await this.log(request, 'requested', actor.name, `${actor.name} asked to ${this.verb(kind)} ${target.label}${route ? ` (${route.where})` : ''}: ${reason}`, { via: input.via, alertId: input.alertId ?? null });
    if (!automatic) {
      await this.announce(request, 'awaits approval', `Approvers: ${rule.approverRoles.join(', ')}; expires ${new Date(request.expiresAt ?? 0).toISOString()}.`);
      return request;
    }
    await this.log(request, 'approved', request.decidedBy ?? SYSTEM, `Runs without approval: the ${input.policyId ?? 'manual'} rule for ${kind} is automatic.`);
    return this.execute(request.id);
  }

  /** Everything `request` would do, without recording or changing anything: reads go out, changes are only listed. */
  async dryRun(input: RequestInput, actor: Actor): Promise<DryRunPlan> {
    const prepared = await this.prepare(input, actor);
    const plan: DryRunPlan = { kind: prepared.kind, target: prepared.target.label, where: prepared.route?.where ?? null, blocked: prepared.blocked?.reason ?? null, steps: [] };
    if (prepared.blocked) return plan;
    const steps = prepared.kind === 'contain-person' ? await this.playbookSteps(prepared.target, prepared.rule) : [{ kind: prepared.kind, route: prepared.route!, account: prepared.route?.account ?? null }];
    for (const step of steps) {
      if ('blocked' in step) {
        plan.steps.push({ kind: step.kind, where: step.where, target: step.label, calls: [], note: step.blocked });
        continue;
      }
      const calls: PlannedCall[] = [];
      let note: string | null = null;
      if (step.route.route === 'notify') {
        note = `Would e-mail ${step.route.providerTargetId ?? ''}${this.options.notifier.canWebhook ? ' and post to the webhook' : ''}.`;
      } else {
        try {
          await this.runConnectorAction(step.kind, step.route.instanceId!, step.route.providerTargetId!, { dryRun: (call) => calls.push(call) });
        } catch (error) {
          // After a recorded change, later steps depend on the provider's real answer: the plan stops there.
          note = calls.length ? `Further calls depend on the provider's answer to the first change (${errorMessage(error)}).` : `Would fail: ${errorMessage(error)}`;
        }
      }
      plan.steps.push({ kind: step.kind, where: step.route.where, target: step.account?.email ?? step.route.providerTargetId ?? '', calls, note });
    }
    return plan;
  }

  async approve(id: string, actor: Actor): Promise<GovernanceRequest> {
    const request = await this.pendingForDecision(id, actor, 'approve');
    const ok = await transitionGovernanceRequest(this.db, id, ['pending'], { status: 'approved', decidedBy: actor.name, decidedAt: this.now(), updatedAt: this.now() });
    if (!ok) throw new ValidationError(`Action ${id} was decided by someone else meanwhile: see \`parapet actions\`.`);
    await this.log(request, 'approved', actor.name, `Approved by ${actor.name} (${actor.role}).`);
    return this.execute(id);
  }

  async reject(id: string, actor: Actor, note?: string): Promise<GovernanceRequest> {
    const request = await this.pendingForDecision(id, actor, 'reject');
    await transitionGovernanceRequest(this.db, id, ['pending'], { status: 'rejected', decidedBy: actor.name, decidedAt: this.now(), result: note ?? null, updatedAt: this.now() });
    const detail = `Rejected by ${actor.name}${note ? `: ${note}` : '.'}`;
    await this.log(request, 'rejected', actor.name, detail);
    await this.announce(request, 'rejected', detail);
    return getGovernanceRequest(this.db, id);
  }

  async cancel(id: string, actor: Actor): Promise<GovernanceRequest> {
    const request = await getGovernanceRequest(this.db, id);
    if (request.status !== 'pending' && request.status !== 'approved') throw new ValidationError(`Action ${id} is ${request.status}: only a pending or queued action can be cancelled.`);
    if (actor.role !== 'admin' && actor.name !== request.requestedBy) {
      await this.log(request, 'approval-refused', actor.name, `${actor.name} (${actor.role}) may not cancel it: only the requester or an admin may.`);
      throw new PermissionError(`Only ${request.requestedBy} (who asked) or an admin may cancel action ${id}.`);
    }
    const ok = await transitionGovernanceRequest(this.db, id, ['pending', 'approved'], { status: 'cancelled', decidedBy: actor.name, decidedAt: this.now(), updatedAt: this.now() });
    if (!ok) throw new ValidationError(`Action ${id} started or was decided meanwhile: see \`parapet actions\`.`);
    await this.log(request, 'cancelled', actor.name, `Cancelled by ${actor.name}.`);
    await this.announce(request, 'cancelled', `Cancelled by ${actor.name}.`);
    return getGovernanceRequest(this.db, id);
  }

  /**
   * Reverses a succeeded suspend (or unsuspend), or every reversible step of a playbook. Runs at once. `via`
   * is the channel the person asking used, recorded on the undo (not the original's: a policy's action is
   * undone by someone, through the CLI or the API).
   */
  async undo(id: string, actor: Actor, via: PersonChannel = 'cli'): Promise<GovernanceRequest> {
    const original = await getGovernanceRequest(this.db, id);
    if (actor.role !== 'admin' && !original.approverRoles.includes(actor.role as 'admin' | 'analyst')) {
      await this.log(original, 'approval-refused', actor.name, `${actor.name} (${actor.role}) may not undo it: ${original.approverRoles.join(' or ')} may.`);
      throw new PermissionError(`Undoing action ${id} needs the role ${original.approverRoles.join(' or ')}; ${actor.name} is ${actor.role}.`);
    }
    if (original.undoneBy) throw new ValidationError(`Action ${id} was already undone by ${original.undoneBy}.`);
    if (original.kind === 'contain-person') return this.undoPlaybook(original, actor, via);
    if (original.status !== 'succeeded') throw new ValidationError(`Action ${id} is ${original.status}: only a succeeded action can be undone.`);
    const undoKind = await this.undoKindOf(original);
    if (!undoKind) {
      const kept = original.kind === 'remove-forwarding-rules' || original.kind === 'revoke-oauth-grants' ? ` What it removed is kept in its log entry's evidence (\`parapet action show ${id}\`) to restore by hand.` : '';
      throw new ValidationError(`${original.kind} cannot be undone: the provider offers no reverse action (only suspend and unsuspend have one).${kept}`);
    }
    const undo = await this.runUndo(original, undoKind, actor, via);
    return undo;
  }

  /** Pending requests past their deadline become expired. Returns how many. */
  async expirePending(): Promise<number> {
    const pending = await listGovernanceRequests(this.db, { status: 'pending', limit: 10_000 });
    let expired = 0;
    for (const request of pending) {
      if (request.expiresAt === null || request.expiresAt > this.now()) continue;
      if (await transitionGovernanceRequest(this.db, request.id, ['pending'], { status: 'expired', updatedAt: this.now() })) {
        const detail = `Nobody decided within the approval window (until ${new Date(request.expiresAt).toISOString()}); ask again if it is still needed.`;
        await this.log(request, 'expired', SYSTEM, detail);
        await this.announce(request, 'expired', detail);
        expired++;
      }
    }
    return expired;
  }

  /**
   * Reads back again, when due (RECHECK_AFTER_MS), each change of the last day the provider accepted but did
   * not show. One that shows now becomes verified and the chat channel hears it; one still not shown at the
   * last re-read is announced again, once, for a person to check. Each re-read is logged. The schedulers run
   * it (governance-sweep.ts); it is safe to run at any time.
   */
  async recheckUnverified(): Promise<{ reread: number; verified: number }> {
    let reread = 0;
    let verified = 0;
    for (const request of await listUnverifiedSucceeded(this.db, this.now() - DAY)) {
      const misses = (await listGovernanceLog(this.db, { actionId: request.id, event: 'not-verified' })).filter((e) => e.actionId === request.id);
      const first = misses[0];
      const recheck = misses.length;
      const after = RECHECK_AFTER_MS[recheck - 1];
      if (!first || after === undefined || this.now() < first.time + after) continue;
      const check = await readOrExplain(() => this.readBack(request));
      if (check === null) continue;
      reread++;
      const minutes = Math.round(after / MINUTE);
      if (check.ok) {
        if (!(await transitionGovernanceRequest(this.db, request.id, ['succeeded'], { verified: true, updatedAt: this.now() }))) continue;
        verified++;
        await this.log(request, 'verified', SYSTEM, `Read again ${minutes} min after the action: ${check.detail}`, { recheck });
        await this.announce(request, 'verified', `The provider shows it now, ${minutes} min after the action: ${check.detail}`);
        continue;
      }
      await this.log(request, 'not-verified', SYSTEM, `Read again ${minutes} min after the action: ${check.detail}`, { recheck });
      if (recheck === RECHECK_AFTER_MS.length) {
        await this.announce(request, 'not-verified', `Still not shown ${minutes} min after the action: ${check.detail} Check it in the app, and make the change there if it did not take.`);
      }
    }
    return { reread, verified };
  }

  /** The actions new alerts' policies request (detection hands every new alert here). */
  async onAlerts(alerts: readonly Alert[]): Promise<GovernanceRequest[]> {
    const made: GovernanceRequest[] = [];
    for (const alert of alerts) {
      for (const kind of alert.requestedActions) {
        const actor: Actor = { name: `policy:${alert.policyId}`, role: 'policy' };
        const ref = alertTarget(alert, kind);
        try {
          made.push(await this.request({ kind, target: ref, via: 'policy', policyId: alert.policyId, alertId: alert.id, reason: alert.explanation }, actor));
        } catch (error) {
          this.options.logger.error({ alert: alert.id, kind, err: errorMessage(error) }, 'governance could not record the action a policy requested');
        }
      }
    }
    return made;
  }

  list(filter: GovernanceRequestFilter = {}): Promise<GovernanceRequest[]> {
    return listGovernanceRequests(this.db, filter);
  }

  get(id: string): Promise<GovernanceRequest> {
    return getGovernanceRequest(this.db, id);
  }

  log_(filter: GovernanceLogFilter = {}): Promise<GovernanceLogEntry[]> {
    return listGovernanceLog(this.db, filter);
  }

  // --- internals -------------------------------------------------------------------------------------

  private async prepare(input: RequestInput, actor: Actor) {
    const kind = input.kind;
    if (!isActionKind(kind) && !(PLAYBOOK_IDS as readonly string[]).includes(kind)) {
      throw new ValidationError(`"${kind}" is not a governance action. Actions: ${ACTION_IDS.join(', ')}; playbooks: ${PLAYBOOK_IDS.join(', ')}.`);
    }
    if (actor.role === 'viewer') throw new PermissionError(`${actor.name} is a viewer: requesting actions needs the analyst or admin role.`);
    const type: TargetType = kind === 'contain-person' ? 'identity' : (input.target.type ?? targetTypeOf(kind));
    const target = await resolveTarget(this.db, { ...input.target, type });
    const rule = await resolveRule(this.db, input.policyId ?? null, kind);
    const reason = input.reason?.trim() || (input.alertId ? `alert ${input.alertId}` : 'no reason given');
    const prefer = input.prefer ?? rule.prefer;
    let route: Awaited<ReturnType<typeof dispatch>> | null = null;
    let blocked: { event: LogEvent; reason: string } | null = null;
    if (kind !== 'contain-person') {
      route = await dispatch(this.db, this.options.registry, kind, target, { prefer, canNotify: this.options.notifier.canEmail || this.options.notifier.canWebhook });
      if (!route.ok) blocked = { event: 'blocked', reason: route.reason };
    } else if (target.accounts.length === 0) {
      blocked = { event: 'blocked', reason: `${target.label} has no account in any connected app: nothing to contain.` };
    }
    if (!blocked) {
      const accounts = kind === 'contain-person' ? target.accounts : route?.ok && route.account ? [route.account] : target.accounts;
      const protectedWhy = await protectionOf(this.db, kind, target.type === 'oauth-app' ? [] : accounts, target.oauthApp ? [target.oauthApp.providerId, target.oauthApp.appId ?? ''].filter(Boolean) : [], rule);
      if (protectedWhy) blocked = { event: 'blocked', reason: protectedWhy };
    }
    if (!blocked && input.via === 'policy') blocked = await this.rateLimit(kind, input.policyId ?? null, rule);
    return { kind, target, rule, reason, route: route?.ok ? route : null, blocked };
  }

  private async rateLimit(kind: string, policyId: string | null, rule: GovernanceRule): Promise<{ event: LogEvent; reason: string } | null> {
    const since = this.now() - HOUR;
    const byPolicy = await countPolicyRequestsSince(this.db, { kind, since, ...(policyId ? { policyId } : {}) });
    if (byPolicy >= rule.maxPerHour) {
      return { event: 'rate-limited', reason: `Rate limit: policy ${policyId ?? '?'} already asked to ${this.verb(kind)} ${byPolicy} time(s) in the last hour (at most ${rule.maxPerHour}). A runaway policy is stopped here; raise maxPerHour in its governance rule if this is expected.` };
    }
    const overall = await countPolicyRequestsSince(this.db, { kind, since });
    if (overall >= this.overallPerHour) {
      return { event: 'rate-limited', reason: `Rate limit: policies together already asked to ${this.verb(kind)} ${overall} time(s) in the last hour (at most ${this.overallPerHour}, PARAPET_GOVERNANCE_MAX_PER_HOUR).` };
    }
    return null;
  }

  private newRequest(input: RequestInput, actor: Actor, kind: string, target: ResolvedTarget, reason: string, rule: GovernanceRule): GovernanceRequest {
    const now = this.now();
    return {
      id: newId(),
      kind,
      status: 'pending',
      targetType: target.type,
      targetId: target.id,
      targetLabel: target.label,
      identityId: target.identityId,
      route: null,
      connectorInstanceId: null,
      providerTargetId: null,
      prefer: input.prefer ?? rule.prefer,
      policyId: input.policyId ?? null,
      alertId: input.alertId ?? null,
      parentId: null,
      step: null,
      undoOf: null,
      undoneBy: null,
      requestedBy: actor.name,
      requestedVia: input.via,
      reason,
      approvalRequired: rule.mode === 'approval',
      approverRoles: rule.approverRoles,
      selfApproval: rule.allowSelfApproval,
      decidedBy: null,
      decidedAt: null,
      expiresAt: null,
      attempts: 0,
      result: null,
      verified: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  private async pendingForDecision(id: string, actor: Actor, verb: 'approve' | 'reject'): Promise<GovernanceRequest> {
    const request = await getGovernanceRequest(this.db, id);
    if (request.status === 'pending' && request.expiresAt !== null && request.expiresAt <= this.now()) {
      await this.expirePending();
      throw new ValidationError(`Action ${id} expired at ${new Date(request.expiresAt).toISOString()} before anyone decided: request it again.`);
    }
    if (request.status !== 'pending') throw new ValidationError(`Action ${id} is ${request.status}, not waiting for approval.`);
    if (!request.approverRoles.includes(actor.role as 'admin' | 'analyst')) {
      await this.log(request, 'approval-refused', actor.name, `${actor.name} (${actor.role}) may not ${verb} it: only ${request.approverRoles.join(' or ')} may.`);
      throw new PermissionError(`${actor.name} is ${actor.role}; only ${request.approverRoles.join(' or ')} may ${verb} action ${id}.`);
    }
    if (verb === 'approve' && !request.selfApproval && actor.name === request.requestedBy) {
      await this.log(request, 'approval-refused', actor.name, `${actor.name} asked for it and may not approve their own request (the rule forbids self-approval).`);
      throw new PermissionError(`${actor.name} asked for action ${id} and may not approve it too: another ${request.approverRoles.join(' or ')} must.`);
    }
    return request;
  }

  /** Runs an approved request (a playbook runs its steps). Returns the request as it ended. */
  async execute(id: string): Promise<GovernanceRequest> {
    const request = await getGovernanceRequest(this.db, id);
    if (!(await transitionGovernanceRequest(this.db, id, ['approved'], { status: 'running', updatedAt: this.now() }))) {
      throw new ValidationError(`Action ${id} is ${request.status}: only an approved action runs (it may be running elsewhere already).`);
    }
    if (request.kind === 'contain-person') return this.runPlaybook(request);
    // The protected list and admin flags may have changed while the request waited for approval (the playbook re-reads them per step too).
    const protectedWhy = await this.protectionNow(request);
    if (protectedWhy) {
      await transitionGovernanceRequest(this.db, id, ['running'], { status: 'blocked', result: protectedWhy, updatedAt: this.now() });
      await this.log(request, 'blocked', SYSTEM, protectedWhy);
      await this.announce(request, 'blocked', protectedWhy);
      return getGovernanceRequest(this.db, id);
    }
    await this.runStep(request);
    return getGovernanceRequest(this.db, id);
  }

  /** Why the account (or OAuth app) an approved request acts on is protected now, or null. An undo restores what Parapet did and is never held back. */
  private async protectionNow(request: GovernanceRequest): Promise<string | null> {
    if (request.undoOf !== null || request.route === 'notify' || !request.connectorInstanceId || !request.providerTargetId) return null;
    const rule = await resolveRule(this.db, request.policyId, request.kind);
    if (request.targetType === 'oauth-app') {
      const app = await this.db.selectFrom('oauth_apps').select('app_id').where('id', '=', request.targetId).executeTakeFirst();
      return protectionOf(this.db, request.kind, [], [request.providerTargetId, app?.app_id ?? ''].filter(Boolean), rule);
    }
    const account = await resolveTarget(this.db, { type: 'account', ref: request.providerTargetId, instance: request.connectorInstanceId }).then(
      (target) => target.accounts,
      (error: unknown) => {
        // An account gone from the inventory can still be on the protected list by its provider id.
        if (error instanceof NotFoundError) return [];
        throw error;
      },
    );
    return protectionOf(this.db, request.kind, account, account.length ? [] : [request.providerTargetId], rule);
  }

  private async runStep(request: GovernanceRequest): Promise<ActionStatus> {
    let attempts = 0;
    for (;;) {
      attempts++;
      await this.log(request, 'attempt', SYSTEM, `Attempt ${attempts}: ${this.verb(request.kind)} ${request.targetLabel} ${this.whereOf(request)}.`, { attempt: attempts, route: request.route, instance: request.connectorInstanceId });
      try {
        const detail = request.route === 'notify' ? await this.notifyUser(request) : await this.runConnectorAction(request.kind, request.connectorInstanceId!, request.providerTargetId!, {});
        await transitionGovernanceRequest(this.db, request.id, ['running'], { attempts, result: detail.detail, updatedAt: this.now() });
        // What the action removed (inbox rules, consents) stays in the log: the only way back for actions without undo.
        await this.log(request, 'succeeded', SYSTEM, detail.detail, { attempt: attempts, ...(detail.evidence ? { evidence: detail.evidence } : {}) });
        // What the read-back saw when the change does not show (null: it shows, or nothing was read back).
        let notVerified: string | null = null;
        if (detail.verify) {
          const check = await readOrExplain(detail.verify);
          if (!check.ok) notVerified = check.detail;
          await this.log(request, check.ok ? 'verified' : 'not-verified', SYSTEM, check.detail);
        }
        const verified = detail.verify ? notVerified === null : null;
        await transitionGovernanceRequest(this.db, request.id, ['running'], { status: 'succeeded', verified, updatedAt: this.now() });
        // The provider accepted the change but does not show it: the channel must hear that, not "succeeded".
        if (notVerified !== null) await this.announce(request, 'not-verified', `${detail.detail} The provider does not show it yet: ${notVerified} Check it in the app.`);
        else await this.announce(request, 'succeeded', detail.detail);
        return 'succeeded';
      } catch (error) {
        const message = errorMessage(error);
        const retry = isTransient(error) && attempts < this.maxAttempts;
        await this.log(request, 'failed', SYSTEM, retry ? `${message} (transient: trying again)` : message, { attempt: attempts, error: error instanceof Error ? error.name : 'Error', final: !retry });
        if (retry) {
          await this.sleep(1000 * attempts);
          continue;
        }
        const blocked = error instanceof ProtectedTargetError;
        await transitionGovernanceRequest(this.db, request.id, ['running'], { status: blocked ? 'blocked' : 'failed', attempts, result: message, updatedAt: this.now() });
        await this.announce(request, blocked ? 'blocked' : 'failed', message);
        return blocked ? 'blocked' : 'failed';
      }
    }
  }

  /** Reads a succeeded request's effect back from the provider (null: its action has no read-back). */
  private async readBack(request: GovernanceRequest) {
    if (!request.connectorInstanceId || !request.providerTargetId) return null;
    const { opened, action } = await this.openAction(request.kind, request.connectorInstanceId, {});
    if (!action.verify) return null;
    return action.verify(opened.session, opened.runtime, { targetProviderId: request.providerTargetId, config: opened.config });
  }

  private async openAction(kind: string, instanceId: string, options: { dryRun?: (call: PlannedCall) => void }) {
    const opened = await openInstance({ store: this.options.store, registry: this.options.registry, logger: this.options.logger, clock: this.options.clock }, instanceId, options);
    const action = opened.connector.actions[kind];
    if (!action) throw new ConfigError(`${opened.connector.displayName} (${opened.instance.name}) has no "${kind}" action.`);
    return { opened, action };
  }

  /** One connector action against one target; validates the id first and refuses Parapet's own identities. */
  private async runConnectorAction(kind: string, instanceId: string, providerTargetId: string, options: { dryRun?: (call: PlannedCall) => void }) {
    const { opened, action } = await this.openAction(kind, instanceId, options);
    const pattern = action.targetIdPattern ?? DEFAULT_TARGET_ID;
    if (!pattern.test(providerTargetId)) throw new ValidationError(`${opened.connector.displayName}: "${providerTargetId}" is not a valid target id for ${kind} (expected ${pattern.source}); nothing was sent.`);
    const own = (opened.connector.ownIdentities?.(opened.config) ?? []).map((v) => v.toLowerCase());
    if (own.includes(providerTargetId.toLowerCase())) {
      throw new ProtectedTargetError(`${providerTargetId} is the identity Parapet itself uses to reach ${opened.connector.displayName} (${opened.instance.name}); acting on it would cut Parapet off. Nothing was sent.`);
    }
    const input = { targetProviderId: providerTargetId, config: opened.config };
    const result = await action.run(opened.session, opened.runtime, input);
    return { detail: result.detail, evidence: result.evidence ?? null, verify: action.verify ? () => action.verify!(opened.session, opened.runtime, input) : null };
  }

  private async notifyUser(request: GovernanceRequest) {
    const alert = request.alertId ? await getAlert(this.db, request.alertId).catch(() => null) : null;
    const { notifier } = this.options;
    const done: string[] = [];
    if (notifier.canEmail && request.providerTargetId) {
      const notice = userNotice({ email: request.providerTargetId, reason: request.reason, alert });
      done.push(await notifier.sendEmail({ to: request.providerTargetId, ...notice }));
    }
    if (notifier.canWebhook) {
      const posted = notifier.postWebhook(chatEvent({ event: 'notified', kind: request.kind, target: request.targetLabel, detail: request.reason, actionId: request.id, alert }));
      // Once the person was e-mailed, a retry for the channel's sake would e-mail them again: the channel is told
      // at best. Without an e-mail the webhook is the notice, and its failure is the action's.
      if (done.length === 0) done.push(await posted);
      else done.push(await posted.catch((error: unknown) => `The chat webhook was not told: ${errorMessage(error)}`));
    }
    return { detail: done.join(' '), evidence: null, verify: null };
  }

  /** Best-effort: tells the chat tool about a request awaiting approval, a success or a failure. Never fails the action. */
  private async announce(request: GovernanceRequest, event: string, detail: string): Promise<void> {
    if (!this.options.notifier.canWebhook || request.kind === 'notify-user') return;
    try {
      const alert = request.alertId ? await getAlert(this.db, request.alertId).catch(() => null) : null;
      const answer = await this.options.notifier.postWebhook(chatEvent({ event, kind: request.kind, target: request.targetLabel, detail, actionId: request.id, alert }));
      await this.log(request, 'notified', SYSTEM, answer);
    } catch (error) {
      await this.log(request, 'notified', SYSTEM, `Could not post to the webhook: ${errorMessage(error)}`, { ok: false });
    }
  }

  private async playbookSteps(target: ResolvedTarget, rule: GovernanceRule) {
    type Step = { kind: string; route: Extract<Awaited<ReturnType<typeof dispatch>>, { ok: true }>; account: TargetAccount | null } | { kind: string; blocked: string; where: string; label: string };
    const steps: Step[] = [];
    for (const account of target.accounts.filter((a) => a.status !== 'deleted')) {
      const single: ResolvedTarget = { ...target, type: 'account', accounts: [account], idp: null };
      for (const kind of PLAYBOOK_STEPS) {
        const route = await dispatch(this.db, this.options.registry, kind, single, { prefer: 'app', canNotify: false });
        if (!route.ok) {
          // Only where the app can: other apps' inability is not a failure of containment.
          if (kind === 'revoke-sessions') {
            const fallback = await dispatch(this.db, this.options.registry, 'require-reauth', single, { prefer: 'app', canNotify: false });
            if (fallback.ok) steps.push({ kind: 'require-reauth', route: fallback, account });
          }
          continue;
        }
        const protectedWhy = await protectionOf(this.db, kind, [account], [], rule);
        if (protectedWhy) steps.push({ kind, blocked: protectedWhy, where: route.where, label: account.email ?? account.providerId });
        else steps.push({ kind, route, account });
      }
    }
    return steps;
  }

  private async runPlaybook(parent: GovernanceRequest): Promise<GovernanceRequest> {
    const target = await resolveTarget(this.db, { type: 'identity', ref: parent.targetId });
    const rule = await resolveRule(this.db, parent.policyId, parent.kind);
    const steps = await this.playbookSteps(target, rule);
    const outcomes: ActionStatus[] = [];
    for (const [index, step] of steps.entries()) {
      const child: GovernanceRequest = {
        ...parent,
        id: newId(),
        kind: step.kind,
        status: 'blocked' in step ? 'blocked' : 'running',
        targetType: 'account',
        targetId: 'blocked' in step ? parent.targetId : (step.account?.id ?? parent.targetId),
        targetLabel: 'blocked' in step ? step.label : (step.account?.email ?? step.route.providerTargetId ?? parent.targetLabel),
        route: 'blocked' in step ? null : step.route.route,
        connectorInstanceId: 'blocked' in step ? null : step.route.instanceId,
        providerTargetId: 'blocked' in step ? null : step.route.providerTargetId,
        parentId: parent.id,
        step: index + 1,
        requestedVia: 'playbook',
        attempts: 0,
        result: 'blocked' in step ? step.blocked : null,
        verified: null,
        createdAt: this.now(),
        updatedAt: this.now(),
      };
      await insertGovernanceRequest(this.db, child, null);
      if ('blocked' in step) {
        await this.log(child, 'blocked', SYSTEM, `Step ${index + 1} (${step.where}): ${step.blocked}`);
        outcomes.push('blocked');
        continue;
      }
      await this.log(child, 'dispatched', SYSTEM, `Step ${index + 1} of ${parent.kind}: ${this.verb(step.kind)} ${child.targetLabel} in ${step.route.where}.`, { parent: parent.id });
      outcomes.push(await this.runStep(child));
    }
    const succeeded = outcomes.filter((o) => o === 'succeeded').length;
    const status: ActionStatus = steps.length === 0 ? 'failed' : succeeded === steps.length ? 'succeeded' : succeeded === 0 ? 'failed' : 'partial';
    const summary =
      steps.length === 0
        ? `Nothing connected can contain ${parent.targetLabel}: none of their apps can revoke sessions, suspend, revoke app consents or remove mail rules.`
        : `${succeeded} of ${steps.length} step(s) succeeded${status === 'succeeded' ? '' : ` (${outcomes.map((o, i) => `${i + 1}: ${o}`).join(', ')}); the failed steps are in the log`}.`;
    await transitionGovernanceRequest(this.db, parent.id, ['running'], { status, result: summary, updatedAt: this.now() });
    await this.log(parent, status === 'succeeded' ? 'succeeded' : 'failed', SYSTEM, summary);
    return getGovernanceRequest(this.db, parent.id);
  }

  private async undoPlaybook(parent: GovernanceRequest, actor: Actor, via: PersonChannel): Promise<GovernanceRequest> {
    if (parent.status !== 'succeeded' && parent.status !== 'partial') throw new ValidationError(`Playbook ${parent.id} is ${parent.status}: nothing it did can be undone.`);
    const children = await listGovernanceRequests(this.db, { parentId: parent.id });
    const undoable: { child: GovernanceRequest; undoKind: string }[] = [];
    for (const child of children) {
      if (child.status !== 'succeeded' || child.undoneBy) continue;
      const undoKind = await this.undoKindOf(child);
      if (undoKind) undoable.push({ child, undoKind });
    }
    if (undoable.length === 0) throw new ValidationError(`Nothing playbook ${parent.id} did can be undone (revoked sessions, revoked app consents and removed inbox rules cannot be restored; the removed ones are in the log's evidence).`);
    await this.log(parent, 'undo-requested', actor.name, `${actor.name} asked to undo ${undoable.length} reversible step(s); revoked sessions, revoked app consents and removed inbox rules stay as they are (the log's evidence lists them).`);
    const results = [];
    for (const { child, undoKind } of undoable) results.push(await this.runUndo(child, undoKind, actor, via));
    const ok = results.filter((r) => r.status === 'succeeded').length;
    if (ok === results.length) {
      await transitionGovernanceRequest(this.db, parent.id, ['succeeded', 'partial'], { status: 'undone', undoneBy: actor.name, updatedAt: this.now() });
      await this.log(parent, 'undone', actor.name, `Undid ${ok} step(s).`);
    } else {
      await this.log(parent, 'failed', SYSTEM, `Undo: ${ok} of ${results.length} step(s) reversed; see the steps' entries.`);
    }
    return getGovernanceRequest(this.db, parent.id);
  }

  private async runUndo(original: GovernanceRequest, undoKind: string, actor: Actor, via: PersonChannel): Promise<GovernanceRequest> {
    const undo: GovernanceRequest = {
      ...original,
      id: newId(),
      kind: undoKind,
      status: 'approved',
      undoOf: original.id,
      undoneBy: null,
      parentId: null,
      step: null,
      requestedBy: actor.name,
      requestedVia: via,
      reason: `undo of ${original.id} (${original.kind})`,
      decidedBy: actor.name,
      decidedAt: this.now(),
      expiresAt: null,
      attempts: 0,
      result: null,
      verified: null,
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    await insertGovernanceRequest(this.db, undo, null);
    await this.log(original, 'undo-requested', actor.name, `${actor.name} asked to undo it: ${undoKind} ${original.targetLabel} (action ${undo.id}).`);
    await this.log(undo, 'requested', actor.name, `Undo of ${original.id}: ${this.verb(undoKind)} ${original.targetLabel} ${this.whereOf(original)}.`);
    const done = await this.execute(undo.id);
    if (done.status === 'succeeded') {
      await transitionGovernanceRequest(this.db, original.id, ['succeeded'], { status: 'undone', undoneBy: undo.id, updatedAt: this.now() });
      await this.log(original, 'undone', actor.name, `Undone by action ${undo.id}: ${done.result ?? ''}`);
    }
    return done;
  }

  private async undoKindOf(request: GovernanceRequest): Promise<string | null> {
    const generic = isActionKind(request.kind) ? ACTION_KINDS[request.kind].undo : null;
    if (!generic || !request.connectorInstanceId) return null;
    try {
      const instance = await this.db.selectFrom('connector_instances').select('provider').where('id', '=', request.connectorInstanceId).executeTakeFirstOrThrow();
      const connector = this.options.registry.get(instance.provider);
      return connector?.actions[request.kind]?.undo ?? (connector?.actions[generic] ? generic : null);
    } catch {
      throw new NotFoundError(`The connection action ${request.id} ran through no longer exists: undo it in the app by hand.`);
    }
  }

  private verb(kind: string): string {
    return isActionKind(kind) ? ACTION_KINDS[kind].title.toLowerCase().replace(/^(.)/, (c) => c) : kind;
  }

  private whereOf(request: GovernanceRequest): string {
    if (request.route === 'notify') return 'by e-mail / webhook';
    if (request.route === 'idp') return `through the identity provider (${request.connectorInstanceId ?? '?'})`;
    return `in the app (${request.connectorInstanceId ?? '?'})`;
  }

  private async log(request: GovernanceRequest, event: LogEvent, actor: string, detail: string, data: Record<string, unknown> = {}): Promise<void> {
    await appendGovernanceLog(this.db, { time: this.now(), actionId: request.id, event, actor, kind: request.kind, targetLabel: request.targetLabel, detail, data });
    this.options.logger.info({ action: request.id, kind: request.kind, event, target: request.targetLabel }, detail);
  }
}

/** A target that turned out, once the connection was open, to be Parapet's own identity there. */
class ProtectedTargetError extends ParapetError {
  override name = 'ProtectedTargetError';
}

/** What a policy's requested action acts on: the alert's account in its app, the person, or the app. */
function alertTarget(alert: Alert, kind: string): RequestInput['target'] {
  const type = targetTypeOf(kind);
  if (type === 'oauth-app') return { type, ref: alert.subject.type === 'app' ? alert.subject.key : String(alert.details.appId ?? alert.subject.key), ...(alert.connectorInstanceId ? { instance: alert.connectorInstanceId } : {}) };
  if (type === 'account' && alert.subject.userId && alert.connectorInstanceId) return { type: 'account', ref: alert.subject.userId, instance: alert.connectorInstanceId };
  return { type: 'identity', ref: alert.subject.identityId ?? alert.subject.email ?? alert.subject.key };
}
