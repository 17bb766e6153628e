import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Activity, ProviderId } from '../../core/activity.js';
import type { AccountRecord, AccountRef } from '../../core/account.js';
import type { GroupRecord } from '../../core/group.js';
import type { OAuthAppRecord } from '../../core/oauth-app.js';
import type { PrivilegeRecord } from '../../core/privilege.js';
import type { Clock } from '../../core/clock.js';
import type { HttpClient, HttpPolicy } from './http-client.js';
import type { RateLimitPolicy } from './rate-limit-governor.js';
import type { SimulatorFactory } from './simulator/simulator.js';
import type { PostureCheck } from './define-check.js';
import type { FieldSourceMap } from './fidelity.js';

/** The capability columns of the seed's connector table. */
export const CAPABILITIES = [
  'accounts',
  'groups',
  'privileges',
  'logOnActivity',
  'userActivity',
  'adminActivity',
  'userGovernance',
  'viewAppPermissions',
  'revokeAppPermissions',
  'sspm',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** What a connector gets to talk to its provider: everything is per connector instance. */
export interface ConnectorRuntime {
  /** Outbound client already bound to this instance's governor, host guard and redaction. */
  http: HttpClient;
  logger: Logger;
  clock: Clock;
  signal?: AbortSignal | undefined;
}

export interface CheckResult {
  /** Short name shown in a table, e.g. `token`, `monitor-api`. */
  name: string;
  ok: boolean;
  /** On failure: what is missing, in plain words, and how to fix it. */
  detail: string;
}

export interface TestResult {
  ok: boolean;
  checks: CheckResult[];
}

/** Snapshot entities a connector may inventory. Each has its record type. */
export interface SnapshotRecordMap {
  accounts: AccountRecord;
  settings: SettingsRecord;
  groups: GroupRecord;
  privileges: PrivilegeRecord;
  oauthApps: OAuthAppRecord;
}
export type SnapshotEntity = keyof SnapshotRecordMap;

/** One named settings document (posture input), e.g. DocuSign `password_rules` of one account. */
export interface SettingsRecord {
  key: string;
  value: Record<string, unknown>;
}

export interface SnapshotStream<S, E extends SnapshotEntity = SnapshotEntity> {
  kind: 'snapshot';
  entity: E;
  /** Yields pages of records; the whole sequence is the complete current state. */
  read(session: S, runtime: ConnectorRuntime): AsyncIterable<SnapshotRecordMap[E][]>;
}

export interface IncrementalPage {
  /** Raw provider records, exactly as received; normalised by the sync. */
  records: unknown[];
  /** Where to resume after this page. Committed with the page in one transaction. */
  checkpoint: string;
  /**
   * The records come from a range the stream had already read (re-listed to catch late content): those
   * new to the store arrived late, and the ones it already holds are expected rather than duplicates.
   */
  recheck?: boolean;
}

export interface IncrementalReadOptions {
  /** The last committed checkpoint, or null on first sync. */
  checkpoint: string | null;
  /** Epoch ms the first sync reads back to (default now - 7 days). */
  backfillFrom: number;
}

export interface IncrementalStream<S> {
  kind: 'incremental';
  entity: 'activities';
  read(session: S, runtime: ConnectorRuntime, options: IncrementalReadOptions): AsyncIterable<IncrementalPage>;
}

export type StreamDefinition<S> =
  | SnapshotStream<S, 'accounts'>
  | SnapshotStream<S, 'settings'>
  | SnapshotStream<S, 'groups'>
  | SnapshotStream<S, 'privileges'>
  | SnapshotStream<S, 'oauthApps'>
  | IncrementalStream<S>;

/** What a normaliser may consult: the inventory at ingest time. Pure functions only read it. */
export interface NormalizeContext {
  connectorInstanceId: string;
  ingestedAt: number;
  lookupAccount(providerUserId: string): AccountRef | undefined;
}

/** An Activity before Parapet stamps its own id, instance and ingest time on it. */
export type NormalizedActivity = Omit<Activity, 'id' | 'connectorInstanceId' | 'ingestedAt'>;

export interface ActionDefinition<C, S> {
  /** One of the governance vocabulary's ids (core/governance-action.ts), e.g. `suspend-user`. */
  id: string;
  title: string;
  /** The undo action's id where one exists (suspend -> unsuspend). */
  undo?: string;
  /**
   * The shape of a valid target id (Microsoft Graph and DocuSign: a GUID). Governance refuses any other
   * before the action runs. @default letters, digits and `._@:+-`, at most 256 characters
   */
  targetIdPattern?: RegExp;
  /**
   * Carries the action out. `evidence`: what it removed or changed, kept in the governance log's entry so an
   * analyst can restore it by hand where the action has no undo (e.g. the inbox rules it deleted).
   */
  run(session: S, runtime: ConnectorRuntime, input: { targetProviderId: string; config: C }): Promise<{ detail: string; evidence?: Record<string, unknown> }>;
  /**
   * Reads the effect back from the provider after `run` (the user is disabled, no grant is left). `ok:
   * false` means the provider does not show the change yet. @default none: the effect is not read back
   */
  verify?(session: S, runtime: ConnectorRuntime, input: { targetProviderId: string; config: C }): Promise<{ ok: boolean; detail: string }>;
}

/** A GUID, as Microsoft Graph and DocuSign name users, apps and grants. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ConnectorDefinition<C, S> {
  id: ProviderId;
  displayName: string;
  capabilities: readonly Capability[];
  /** Several instances (e.g. several DocuSign organisations) may be connected at once. */
  multiInstance: boolean;
  /** What the connect wizard asks for. */
  configSchema: z.ZodType<C>;
  /** Config fields that hold secrets: encrypted at rest, redacted everywhere. */
  secretFields: readonly string[];
  /** The provider's documented limits; the governor keeps each instance under them. */
  rateLimit: RateLimitPolicy;
  /** How the provider signals throttling, words its errors and reports its budget (applied to `runtime.http`). */
  httpPolicy?: HttpPolicy;
  /**
   * Hosts this instance may send credentials to. A request with credentials to any other host is refused
   * before it leaves the process.
   */
  allowedHosts(config: C): readonly string[];
  /** Builds the authenticated provider client (token cache and the like) shared by streams and checks. */
  createSession(config: C, runtime: ConnectorRuntime): S;
  testConnection(session: S, runtime: ConnectorRuntime): Promise<TestResult>;
  streams: Readonly<Record<string, StreamDefinition<S>>>;
  /** Pure and total: never throws; unknown shapes map to `other` with `raw` whole. */
  normalize(record: unknown, context: NormalizeContext): NormalizedActivity;
  actions: Readonly<Record<string, ActionDefinition<C, S>>>;
  /** A local server of the provider's API, for tests, the demo and `parapet simulate`. */
  simulator: SimulatorFactory<C>;
  /**
   * This app is an identity provider (Entra ID, Okta): its accounts anchor identities, and governance may
   * suspend a person here when another app cannot. @default false
   */
  identityProvider?: boolean;
  /** What an admin must have in place before connecting, in plain words (the connect wizard lists them). @default none */
  prerequisites?: readonly string[];
  /**
   * The provider's consent page, with `{field}` placeholders the wizard fills from the config being entered
   * (e.g. `{integrationKey}`) and `{redirectUri}` (the wizard's own address). @default none
   */
  consentUrlTemplate?: string;
  /**
   * The provider ids Parapet itself acts as through this config (the impersonated admin, the app's client
   * id): governance never suspends or revokes them, which would cut Parapet off. @default none
   */
  ownIdentities?(config: C): readonly string[];
  /** Posture (SSPM) checks evaluated over the `settings` stream's documents. @default none */
  postureChecks?: readonly PostureCheck[];
  /**
   * Where each headline Activity field (user, IP, time, action, outcome, targets) comes from, per record
   * shape `normalize` accepts. docs/activity-schema.md §6 is generated from it (a test keeps them equal) and
   * `parapet normalize --report` counts the records that carry each field.
   */
  fieldSources?: readonly FieldSourceMap[];
}

/** Exists for type inference: `export default defineConnector({...})`. */
export function defineConnector<C, S>(definition: ConnectorDefinition<C, S>): ConnectorDefinition<C, S> {
  return definition;
}

// Method-style members are bivariant, so every concrete connector is assignable here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- erasure point for the registry
export type AnyConnector = ConnectorDefinition<any, any>;
