/**
 * Posture (migration 0009-posture). Same conventions as schema.ts: times in epoch ms, JSON as text.
 * `posture_findings` holds each check's latest finding per instance; `posture_history` appends a row only when
 * a finding changes (status, observed value or evidence), so history stays small however often posture runs.
 */
export interface PostureFindingsTable {
  connector_instance_id: string;
  check_id: string;
  status: 'pass' | 'fail' | 'not_applicable' | 'error';
  evidence: string;
  expected: string | null;
  observed: number | null;
  /** JSON object. */
  details: string;
  /** When the check first reported this status (unchanged since). */
  since: number;
  evaluated_at: number;
}

export interface PostureHistoryTable {
  id: string;
  connector_instance_id: string;
  check_id: string;
  status: 'pass' | 'fail' | 'not_applicable' | 'error';
  evidence: string;
  observed: number | null;
  evaluated_at: number;
  /** The drift alert this change raised, if any. */
  alert_id: string | null;
}

/** Accepted risk on one check of one instance. */
export interface PostureExceptionsTable {
  id: string;
  connector_instance_id: string;
  check_id: string;
  owner: string;
  reason: string;
  expires_at: number;
  /** The value accepted (finding's `observed` when the exception was made); a worse one alerts. */
  accepted_observed: number | null;
  accepted_evidence: string;
  created_at: number;
  created_by: string | null;
  /** Set once the expiry alert was raised. */
  expiry_alerted_at: number | null;
  /** Set when someone withdrew the exception before it expired. */
  revoked_at: number | null;
}

export interface PostureTables {
  posture_findings: PostureFindingsTable;
  posture_history: PostureHistoryTable;
  posture_exceptions: PostureExceptionsTable;
}
