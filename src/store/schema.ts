import type { AuthTables } from './tables/auth.js';
import type { DetectionTables } from './tables/detection.js';
import type { PostureTables } from './tables/posture.js';
import type { GovernanceTables } from './tables/governance.js';
import type { StreamHealthTables } from './tables/stream-health.js';
/**
 * Table types for Kysely. Booleans are stored as 0/1 and JSON as text so one schema serves SQLite and,
 * later, PostgreSQL; repos convert at the edge. Times are epoch milliseconds.
 */
export interface ConnectorInstancesTable {
  id: string;
  name: string;
  provider: string;
  /** AES-256-GCM sealed JSON of the connector config (secret-box.ts). */
  config_sealed: string;
  status: 'connecting' | 'connected' | 'error' | 'disabled';
  status_reason: string | null;
  created_at: number;
  updated_at: number;
  last_sync_at: number | null;
  last_success_at: number | null;
  /** JSON BudgetSnapshot: the provider's rate-limit budget as last seen. */
  budget: string | null;
  /** JSON array of the stream names this instance collects; null: every stream (migration 0007). */
  streams: string | null;
}

export interface StreamStatesTable {
  connector_instance_id: string;
  stream: string;
  /** Incremental streams: where to resume. Snapshot streams: null. */
  checkpoint: string | null;
  last_run_at: number | null;
  last_success_at: number | null;
  updated_at: number;
}

export interface SyncRunsTable {
  id: string;
  connector_instance_id: string;
  stream: string;
  started_at: number;
  finished_at: number | null;
  status: 'running' | 'succeeded' | 'failed';
  records: number;
  error: string | null;
}

export interface IdentitiesTable {
  id: string;
  display_name: string | null;
  primary_email: string | null;
  /** The connected identity provider that holds this identity (governance acts through it). */
  idp_instance_id: string | null;
  idp_account_id: string | null;
  created_at: number;
}

export interface IdentityEmailsTable {
  email: string;
  identity_id: string;
}

export interface AccountsTable {
  id: string;
  connector_instance_id: string;
  provider_id: string;
  email: string | null;
  name: string | null;
  status: 'active' | 'suspended' | 'deleted';
  is_admin: number | null;
  identity_id: string | null;
  aliases: string;
  details: string;
  /** 1 when this identity-provider account may anchor its identity (see AccountRecord.identityAnchor). Migration 0005. */
  identity_anchor: number;
  first_seen_at: number;
  last_seen_at: number;
}

/**
 * A counter per scope (a connection's id, or `identities`) that triggers move up whenever the inventory
 * detection reads changes (migration 0013). Rows are never deleted: their sum only grows.
 */
export interface InventoryVersionTable {
  scope: string;
  version: number;
}

export interface SettingsSnapshotsTable {
  connector_instance_id: string;
  key: string;
  value: string;
  captured_at: number;
}

export interface ActivitiesTable {
  id: string;
  connector_instance_id: string;
  provider: string;
  app: string;
  tenant_id: string | null;
  source_id: string;
  time: number;
  original_time: string;
  ingested_at: number;
  class_uid: number;
  activity_id: number;
  category_uid: number;
  severity_id: number;
  action: string;
  event_type: string;
  message: string | null;
  outcome: string;
  outcome_reason: string | null;
  outcome_code: string | null;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
  actor_type: string;
  actor_is_admin: number | null;
  actor_app_id: string | null;
  actor_app_name: string | null;
  impersonator: string | null;
  service: string | null;
  targets: string;
  src_ip: string | null;
  src_port: number | null;
  ip_version: number | null;
  geo_country: string | null;
  geo_region: string | null;
  geo_city: string | null;
  geo_lat: number | null;
  geo_lon: number | null;
  geo_source: string | null;
  asn: number | null;
  as_org: string | null;
  isp: string | null;
  ip_flags: string | null;
  user_agent: string | null;
  ua_os: string | null;
  ua_browser: string | null;
  ua_device: string | null;
  device: string | null;
  session_id: string | null;
  correlation_id: string | null;
  auth_mfa: number | null;
  auth_protocol: string | null;
  auth_interactive: number | null;
  auth_method: string | null;
  raw: string;
  /** Monotonic number given in the transaction that stored the row: detection's reading order (0004). */
  ingest_seq: number | null;
}

/** The last `activities.ingest_seq` handed out (row `activities`); it never goes back (0015). */
export interface IngestCounterTable {
  name: string;
  last_seq: number;
}

export interface GroupsTable {
  id: string;
  connector_instance_id: string;
  provider_id: string;
  name: string | null;
  kind: string | null;
  details: string;
  last_seen_at: number;
  deleted: number;
}

export interface GroupMembersTable {
  connector_instance_id: string;
  group_provider_id: string;
  member_provider_id: string;
}

export interface PrivilegesTable {
  connector_instance_id: string;
  account_provider_id: string;
  role_id: string;
  role: string;
  scope: string;
  details: string;
  last_seen_at: number;
}

export interface OAuthAppsTable {
  id: string;
  connector_instance_id: string;
  provider_id: string;
  app_id: string | null;
  name: string | null;
  publisher: string | null;
  verified_publisher: number | null;
  third_party: number | null;
  enabled: number | null;
  /** JSON array of grants: {id, kind, scopes, principalProviderId, resource}. */
  grants: string;
  details: string;
  last_seen_at: number;
  deleted: number;
}

export interface Database extends DetectionTables, StreamHealthTables, AuthTables, PostureTables, GovernanceTables {
  connector_instances: ConnectorInstancesTable;
  inventory_version: InventoryVersionTable;
  stream_states: StreamStatesTable;
  sync_runs: SyncRunsTable;
  identities: IdentitiesTable;
  identity_emails: IdentityEmailsTable;
  accounts: AccountsTable;
  settings_snapshots: SettingsSnapshotsTable;
  activities: ActivitiesTable;
  ingest_counter: IngestCounterTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  privileges: PrivilegesTable;
  oauth_apps: OAuthAppsTable;
}
