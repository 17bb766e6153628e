import { z } from 'zod';
import type { Action, Activity } from '../core/activity.js';
import { GovernanceActionSchema, SeveritySchema, type AlertSubject, type Severity } from '../core/alert.js';
import { DAY, HOUR } from '../core/clock.js';
import type { ActivityInput } from './activity-builder.js';
import { RANGE_TAGS, type EnrichedActivity, type IndicatorEntry, type IpRangeEntry } from './enrichment/enricher.js';

export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export const SensitivitySchema = z.enum(SENSITIVITIES);
export type Sensitivity = z.infer<typeof SensitivitySchema>;

export const RangeTagSchema = z.enum(RANGE_TAGS);

/** Who and what a policy looks at. Empty include lists mean everyone / everywhere. */
export const ScopeSchema = z
  .object({
    /** E-mails or provider user ids (case-insensitive). */
    includeUsers: z.array(z.string()).default([]),
    excludeUsers: z.array(z.string()).default([]),
    /** Group names from the inventory (the user's groups in the app, or at the identity provider). */
    includeGroups: z.array(z.string()).default([]),
    excludeGroups: z.array(z.string()).default([]),
    /** Only activities from addresses in ranges with these tags. */
    includeIpTags: z.array(RangeTagSchema).default([]),
    /** Never activities from addresses in ranges with these tags. */
    excludeIpTags: z.array(RangeTagSchema).default([]),
  })
  .strict();
export type Scope = z.infer<typeof ScopeSchema>;

/** An admin's tuning of a policy (built-in or custom); stored in `policies.settings`. */
export const PolicySettingsSchema = z
  .object({
    enabled: z.boolean().optional(),
    /** @default medium */
    sensitivity: SensitivitySchema.optional(),
    /** Days of a user's history before the policy may alert about them. @default the policy's own */
    learningDays: z.number().min(0).max(180).optional(),
    /** Replaces the policy's severity. */
    severity: SeveritySchema.optional(),
    /** Added to the policy's default scope (location policies already ignore corporate and vpn ranges). */
    scope: ScopeSchema.partial().optional(),
    /** Overrides of the sensitivity's parameters (names per policy, see docs/policies). */
    params: z.record(z.string(), z.unknown()).optional(),
    /** Governance actions to request with each alert. */
    actions: z.array(GovernanceActionSchema).optional(),
  })
  .strict();
export type PolicySettings = z.infer<typeof PolicySettingsSchema>;

/** How the engine counts a finding before it becomes an alert ("N within a window"). */
export interface ThresholdSpec {
  count: number;
  windowMs: number;
  /** What is counted separately. */
  groupBy: 'user' | 'ip' | 'app';
  /** Count distinct values of this instead of activities (password spray: distinct users per IP). */
  distinct?: 'user' | 'ip' | 'app';
  /** The sentence for the alert, from the numbers the engine counted. */
  explain(facts: ThresholdFacts): string;
}

export interface ThresholdFacts {
  count: number;
  windowMs: number;
  group: string;
  distinctValues: string[];
  first: number;
  last: number;
}

/** What a policy reports for one activity; the engine applies thresholds, learning, scope and dedup. */
export interface Finding {
  /** Which part of the policy fired; a variant with a threshold is counted before alerting. */
  variant?: string;
  severity?: Severity;
  /** One sentence: what happened, compared to which baseline, why unusual. Threshold variants: optional. */
  explanation?: string;
  baseline?: Record<string, unknown> | null;
  details?: Record<string, unknown>;
  /** Earlier activities that belong to the evidence (the previous location, the downloads counted). */
  related?: readonly { id: string; time: number }[];
  /**
   * How many activities the finding stands for when `related` names only the last of them (a volume window's
   * count): a later finding of the same alert that stands for all its evidence rewrites the alert's text.
   * @default the activities it names
   */
  covers?: number;
  /** Who the alert is about. @default the activity's actor */
  subject?: Pick<AlertSubject, 'type' | 'key'> & Partial<Pick<AlertSubject, 'email' | 'userId'>>;
}

/** What the directory (inventory) says about an actor, prefetched by the engine for each page. */
export interface DirectoryFacts {
  /** Status of the account in this app, when the inventory has it. */
  accountStatus: 'active' | 'suspended' | 'deleted' | null;
  /** Status of the linked identity's account at the identity provider, when linked. */
  identityStatus: 'active' | 'suspended' | 'deleted' | null;
  identityId: string | null;
  /** The connector instance of the identity provider that holds the linked identity, when known. */
  identityProviderInstanceId: string | null;
  groups: readonly string[];
  /**
   * The organisation's own mail domains as the provider of the actor's connector reports them (Microsoft
   * 365: Graph `/domains` with `isVerified`, from the settings snapshot); empty when unknown.
   */
  organisationDomains?: readonly string[];
  /**
   * The organisation's mail contacts (external recipients kept in the directory: Microsoft 365 Graph
   * `/contacts`, settings snapshot `mailContacts`), to resolve a forwarding recipient given by name.
   */
  mailContacts?: readonly MailContact[];
}

export interface MailContact {
  name: string | null;
  alias: string | null;
  email: string;
}

export interface RuleContext<P> {
  params: P;
  sensitivity: Sensitivity;
  learningMs: number;
  /** True while the activity's user (or, for org-level policies, the organisation) is still being learned. */
  learning: boolean;
  /** The engine's clock: now, not the activity's time. */
  now: number;
  directory(activity: Activity): DirectoryFacts | null;
  /** Set when this activity was delivered earlier and is judged again: the activity whose recall asked for it. */
  recalledBy?: Activity;
}

export interface RuleResult<S> {
  /** New values for the state keys the policy asked for; null deletes. */
  state?: Record<string, S | null>;
  findings?: Finding[];
}

/** A MITRE ATT&CK technique or sub-technique: `T1098.003`, "Account Manipulation: Additional Cloud Roles". */
export interface AttackTechnique {
  id: string;
  name: string;
}

/** The technique's page on attack.mitre.org (`T1098.003` -> `/techniques/T1098/003/`). */
export function attackUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

/** Which earlier activities a policy's {@link Rule.recall} asks for: by these people, within `[from, to]`. */
export interface RecallQuery {
  /** Actors' e-mails (in any app; compared lower-cased). */
  emails: readonly string[];
  /** Actors' provider user ids, in the connector instance that names them. */
  users: readonly { instanceId: string; userId: string }[];
  from: number;
  /** The engine asks for no more than its lateness bound after `from` (`EngineOptions.latenessMs`). */
  to: number;
}

/** At most this many earlier activities per recall, earliest first. */
export const MAX_RECALLED = 100;

/** One of a policy's own examples; built-in policies and policy files both carry them. */
export interface RuleExample {
  name: string;
  activities: ActivityInput[];
  settings?: PolicySettings;
  /** Admin ranges and imported indicators the example needs. */
  intel?: { ranges?: IpRangeEntry[]; indicators?: IndicatorEntry[] };
  /** What the inventory says, keyed by the actor's e-mail. */
  directory?: Record<string, Partial<DirectoryFacts>>;
  /** The engine's clock. @default the last activity's time */
  now?: number | string;
  expect: ExpectedAlerts;
}

export interface ExpectedAlerts {
  /** How many alerts the examples must raise (0 for a no-fire example). */
  alerts: number;
  severity?: Severity;
  /** Subjects of the alerts, in order of creation. */
  subjects?: string[];
  /** For each alert, the activity ids its evidence must include. */
  activityIds?: string[][];
  /** Text every explanation must contain. */
  explanationContains?: string;
}

/**
 * One detection: metadata, parameters per sensitivity, and pure functions. Built-in policies
 * (rules/*.ts) and custom policy files (custom/) produce the same shape and run through the same engine
 * and test runner.
 */
export interface Rule<S = unknown, P = Record<string, unknown>> {
  /** Dotted id: `detection.impossible-travel`, `custom.after-hours-admin`. */
  id: string;
  kind: 'builtin' | 'custom';
  title: string;
  description: string;
  severity: Severity;
  runbook: string;
  reference: string | null;
  /** MITRE ATT&CK (Enterprise) techniques the policy detects, most specific first; shown in its docs. */
  attack?: readonly AttackTechnique[];
  /**
   * What an analyst's benign verdict (an alert closed as benign true positive or false positive) teaches the
   * policy, as the end of "A benign verdict teaches this policy that …": shown when an analyst closes one of
   * its alerts and in its docs. Set exactly when the policy reads the benign windows of its alerts' subjects
   * (a test checks it); absent, a verdict teaches it nothing and the same activity alerts again.
   */
  learnsFromBenign?: string;
  /** Only these actions reach `evaluate` (null: every activity). */
  actions: readonly Action[] | null;
  /** Parameters for each sensitivity; documented in docs/policies/<id>.md. */
  params: Record<Sensitivity, P>;
  /** One line per parameter: what it means (the docs table is generated from this and `params`). */
  paramDocs?: { [K in keyof P]: string };
  /** Validates an admin's parameter overrides. */
  paramsSchema?: z.ZodType<{ [K in keyof P]?: P[K] | undefined }>;
  defaults: {
    enabled: boolean;
    learningDays: number;
    /**
     * `user`: the learning period counts from the activity's user's first activity; `org`: from the first
     * activity Parapet saw at all. @default user
     */
    learningBasis?: 'user' | 'org';
    /** The engine drops findings while learning. False: the policy reads `ctx.learning` itself. @default true */
    learningGate?: boolean;
    scope?: Partial<Scope>;
    /** Later activities within this long of an open alert join it. @default 24h */
    dedupWindowMs?: number;
    actions?: readonly z.infer<typeof GovernanceActionSchema>[];
  };
  /** Threshold per finding variant ("N within a window"); the engine counts. */
  thresholds?(params: P): Record<string, ThresholdSpec>;
  /**
   * State entries this activity needs (e.g. `u:<user>`); they are loaded before `evaluate`. Return none for
   * an activity `evaluate` ignores (with these params, given by the engine): nothing is then read for it.
   */
  stateKeys?(event: EnrichedActivity, ctx: { directory(activity: Activity): DirectoryFacts | null; params?: P }): string[];
  /**
   * How long an untouched state entry is kept; a function says it per key (short-lived entries beside
   * long-lived baselines in one policy). @default 120 days
   */
  stateTtlMs?: number | ((key: string) => number);
  /**
   * Activities delivered before this one whose judgement it changes: a termination read after the leaver's
   * activity (an audit log that lags, a feed listed newest first). The engine finds them among what it
   * evaluated in earlier pages (at most {@link MAX_RECALLED}, earliest first, and within its lateness bound
   * after the query's `from`: how far out of order it judges exactly) and evaluates them again for this
   * policy right after this activity, with the state it left: their findings are raised as in time order, what
   * they would write is dropped, and learning counts from the organisation's first activity. Return null for
   * an activity that changes nothing.
   */
  recall?(event: EnrichedActivity, ctx: { directory(activity: Activity): DirectoryFacts | null; params?: P }): RecallQuery | null;
  /** The policy reads `ctx.directory` (account and identity status): the engine prefetches it. */
  needsDirectory?: boolean;
  /**
   * The policy judges where a person is (travel, countries, anonymisers): it never sees activities from the
   * admin's ranges tagged corporate or vpn (one rule for every location policy, see `fromTrustedEgress`).
   */
  usesLocation?: boolean;
  /**
   * Custom policies: why the policy switched itself off (too slow on an activity), else null. The
   * detection service reports it and stores the policy disabled.
   */
  disabledReason?(): string | null;
  evaluate(event: EnrichedActivity, state: Readonly<Record<string, S | undefined>>, ctx: RuleContext<P>): RuleResult<S>;
  examples: readonly RuleExample[];
}

/** Identity function for type inference, like `defineConnector`. */
export function defineRule<S, P>(rule: Rule<S, P>): Rule<S, P> {
  return rule;
}

export const DEFAULT_DEDUP_WINDOW_MS = 24 * HOUR;
export const DEFAULT_STATE_TTL_MS = 120 * DAY;

/** A rule with its settings resolved: what the engine runs. */
export interface ActivePolicy {
  rule: Rule<unknown, unknown>;
  enabled: boolean;
  sensitivity: Sensitivity;
  learningMs: number;
  severity: Severity;
  /** The admin's severity, which replaces the policy's own and its findings'. */
  severityOverride: Severity | null;
  scope: Scope;
  params: unknown;
  actions: readonly z.infer<typeof GovernanceActionSchema>[];
  thresholds: Record<string, ThresholdSpec>;
  dedupWindowMs: number;
}

/** Resolves a rule and an admin's settings into what the engine runs. Throws ZodError on bad params. */
export function resolvePolicy(rule: Rule<unknown, unknown>, settings: PolicySettings = {}): ActivePolicy {
  const sensitivity = settings.sensitivity ?? 'medium';
  const baseParams = rule.params[sensitivity];
  const overrides = settings.params ?? {};
  const checked = rule.paramsSchema ? rule.paramsSchema.parse(overrides) : overrides;
  const params = typeof baseParams === 'object' && baseParams !== null ? { ...baseParams, ...(checked as object) } : baseParams;
  const scope = ScopeSchema.parse({});
  for (const part of [rule.defaults.scope ?? {}, settings.scope ?? {}]) {
    for (const [key, value] of Object.entries(part) as [keyof Scope, string[]][]) {
      scope[key] = [...new Set([...(scope[key] as string[]), ...value])] as never;
    }
  }
  return {
    rule,
    enabled: settings.enabled ?? rule.defaults.enabled,
    sensitivity,
    learningMs: (settings.learningDays ?? rule.defaults.learningDays) * DAY,
    severity: settings.severity ?? rule.severity,
    severityOverride: settings.severity ?? null,
    scope,
    params,
    actions: settings.actions ?? rule.defaults.actions ?? [],
    thresholds: rule.thresholds ? rule.thresholds(params) : {},
    dedupWindowMs: rule.defaults.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS,
  };
}
