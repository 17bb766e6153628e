/**
 * Detection's tables (migration 0003-detection). Same conventions as schema.ts: booleans 0/1, JSON as
 * text, times in epoch milliseconds.
 */

/** Built-in policy tuning and custom policies. A built-in policy without a row runs with its defaults. */
export interface PoliciesTable {
  /** `detection.impossible-travel`, or a custom policy's own dotted id. */
  id: string;
  kind: 'builtin' | 'custom';
  enabled: number;
  /** JSON PolicySettings (sensitivity, learning days, scope, parameters, actions). */
  settings: string;
  /** Custom policies: the YAML or JSON text exactly as the admin wrote it. */
  source: string | null;
  source_format: 'yaml' | 'json' | null;
  created_at: number;
  updated_at: number;
}

/** Policy state: baselines, counters, last locations; one small JSON value per policy × key. */
export interface DetectorStateTable {
  policy_id: string;
  key: string;
  value: string;
  updated_at: number;
  /** When this entry may be pruned (baselines untouched for long are forgotten). */
  expires_at: number;
}

/** One row (id 1): moved up by every transaction that writes detector_state (migration 0012). */
export interface DetectorStateVersionTable {
  id: number;
  version: number;
}

/** Which activities detection has already seen, so reprocessing a page raises nothing twice. */
export interface DetectionSeenTable {
  connector_instance_id: string;
  source_id: string;
  time: number;
}

export interface AlertsTable {
  id: string;
  fingerprint: string;
  policy_id: string;
  policy_name: string;
  variant: string | null;
  severity: 'low' | 'medium' | 'high' | 'critical';
  status: 'open' | 'in_progress' | 'resolved' | 'dismissed';
  resolution: 'true_positive' | 'benign_true_positive' | 'false_positive' | null;
  resolution_note: string | null;
  subject_type: 'user' | 'ip' | 'app';
  subject_key: string;
  subject_email: string | null;
  subject_user_id: string | null;
  identity_id: string | null;
  connector_instance_id: string | null;
  provider: string | null;
  app: string | null;
  explanation: string;
  /** JSON object or null. */
  baseline: string | null;
  /** JSON object. */
  details: string;
  /** JSON array of governance action names. */
  requested_actions: string;
  evidence_count: number;
  first_activity_at: number;
  last_activity_at: number;
  created_at: number;
  updated_at: number;
  /** policy | variant | subject: alerts of one key join by activity time (0004). */
  dedup_key: string | null;
  /** The closed alert of the same key this one follows (a finding after dismiss/resolve). */
  previous_alert_id: string | null;
}

export interface AlertEvidenceTable {
  alert_id: string;
  activity_id: string;
  time: number;
  added_at: number;
}

/** Admin-defined IP ranges with a tag other policies honour. */
export interface IpRangesTable {
  id: string;
  cidr: string;
  tag: 'corporate' | 'vpn' | 'cloud' | 'risky';
  label: string | null;
  created_at: number;
}

/** Addresses from imported feeds (Tor exit lists, threat feeds) the admin supplies. */
export interface ThreatIndicatorsTable {
  feed: string;
  /** An IP address or CIDR range, canonical form. */
  value: string;
  kind: 'tor' | 'threat' | 'anonymizer';
  imported_at: number;
}

/** Where a consumer of stored activities (detection) has read up to: an `activities.ingest_seq`. */
export interface DetectionCursorTable {
  consumer: string;
  position: number;
  updated_at: number;
}

/** An analyst's exclusion: findings of `policy_id` (or `*`) matching kind/value raise no alert until expiry. */
export interface SuppressionsTable {
  id: string;
  policy_id: string;
  kind: 'user' | 'ip_range' | 'asn' | 'country' | 'app';
  value: string;
  owner: string;
  reason: string;
  expires_at: number;
  created_at: number;
}

/** A finding a suppression silenced, kept so it is shown on the alert it would have joined. */
export interface SuppressedFindingsTable {
  id: string;
  suppression_id: string;
  policy_id: string;
  dedup_key: string;
  subject_key: string;
  explanation: string;
  /** JSON array of activity ids. */
  activity_ids: string;
  first_activity_at: number;
  last_activity_at: number;
  created_at: number;
}

/** Detection's tables, merged into `Database` (schema.ts). */
export interface DetectionTables {
  policies: PoliciesTable;
  detector_state: DetectorStateTable;
  detector_state_version: DetectorStateVersionTable;
  detection_seen: DetectionSeenTable;
  alerts: AlertsTable;
  alert_evidence: AlertEvidenceTable;
  ip_ranges: IpRangesTable;
  threat_indicators: ThreatIndicatorsTable;
  detection_cursor: DetectionCursorTable;
  suppressions: SuppressionsTable;
  suppressed_findings: SuppressedFindingsTable;
}
