/** Response shapes of /api/v1, written against /work/wt/API-CONTRACT.md; domain records reuse the core types. */
import type { Activity } from '../../../src/core/activity.js';
import type { Alert, AlertResolution, AlertStatus, Severity } from '../../../src/core/alert.js';

export type { Activity, Alert, AlertResolution, AlertStatus, Severity };

export type Role = 'admin' | 'analyst' | 'viewer';
export interface User {
  id: string;
  username: string;
  role: Role;
  sso?: boolean;
  disabled?: boolean;
  lockedUntil?: number | null;
  lastLoginAt?: number | null;
}
export interface Session {
  user: User;
  csrfToken: string;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface Items<T> {
  items: T[];
}

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  writeOnly?: boolean;
}

export interface ConnectorType {
  id: string;
  displayName: string;
  capabilities: Record<string, boolean> | string[];
  multiInstance?: boolean;
  configSchema: JsonSchema;
  secretFields: string[];
  prerequisites: string[];
  consentUrl?: string | null;
  streams: (string | { name: string; kind?: string; entity?: string })[];
}

export interface StreamStatus {
  stream: string;
  lastSuccessAt: number | string | null;
  lastError: string | null;
  newestEventAt: number | string | null;
  lagSeconds: number | null;
  recordsLastRun: number | null;
  kind?: 'snapshot' | 'incremental';
  collected?: boolean;
  running?: boolean;
  lastRunAt?: number | null;
}
export interface Connector {
  id: string;
  name: string;
  provider: string;
  displayName: string;
  status: string;
  statusReason: string | null;
  enabled: boolean;
  lastSyncAt: number | string | null;
  accounts: number;
  activities: number;
  streams: StreamStatus[];
  syncing?: boolean;
  lastSuccessAt?: number | null;
}
export interface ConnectionCheck {
  name: string;
  ok: boolean;
  detail: string | null;
}
export interface TestResult {
  ok: boolean;
  checks: ConnectionCheck[];
}

export interface AlertComment {
  id?: string;
  author?: string | { id: string | null; name: string };
  text: string;
  createdAt?: number | string;
}
/** Someone an alert can be assigned to (GET /alerts/assignees). */
export interface Assignee {
  id: string;
  username: string;
  role: 'admin' | 'analyst';
}
export interface AlertDetail {
  alert: Alert & { assigneeId?: string | null };
  evidence: Activity[];
  explanation: string;
  baseline: Record<string, unknown> | null;
  comments: AlertComment[];
  /** What closing the alert as benign teaches its policy ("A benign verdict …"); null: not a detection policy's alert. */
  benignVerdict: string | null;
}

export interface Identity {
  id: string;
  displayName?: string | null;
  name?: string | null;
  email?: string | null;
  primaryEmail?: string | null;
  [key: string]: unknown;
}
export interface AccountRow {
  id: string;
  connectorInstanceId?: string;
  provider?: string;
  app?: string;
  email?: string | null;
  displayName?: string | null;
  status?: string;
  isAdmin?: boolean | null;
  lastLoginAt?: number | string | null;
  [key: string]: unknown;
}
export interface IdentityDetail {
  identity: Identity;
  accounts: AccountRow[];
  privileges: Record<string, unknown>[];
  groups: Record<string, unknown>[];
  oauthGrants: Record<string, unknown>[];
  alerts: Alert[];
}

export type Sensitivity = 'low' | 'medium' | 'high';
export interface Policy {
  id: string;
  kind: 'builtin' | 'custom';
  title: string;
  description: string;
  runbook?: string;
  enabled: boolean;
  severity: Severity;
  defaultSeverity?: Severity;
  sensitivity?: Sensitivity;
  learningDays?: number;
  params?: unknown;
  paramsBySensitivity?: Record<string, unknown>;
  paramDocs?: Record<string, string>;
  source?: string | null;
  examples?: number;
}
export interface PolicyTestResult {
  passed: boolean;
  cases: { name: string; passed: boolean; failures?: string[]; alerts?: number }[];
}
export interface BacktestResult {
  alerts: Partial<Alert>[];
  counts: Record<string, number>;
}

export interface OAuthApp {
  id: string;
  name?: string | null;
  displayName?: string | null;
  publisher?: string | null;
  provider?: string;
  thirdParty?: boolean;
  scopes?: string[];
  verifiedPublisher?: boolean;
  connectorInstanceId?: string;
  grants?: { id?: string; kind?: string; principalProviderId?: string | null; user?: string | null; email?: string | null; scopes?: string[] }[];
  users?: number;
  [key: string]: unknown;
}

export interface IpRange {
  id: string;
  cidr: string;
  tag?: string;
  name?: string;
  [key: string]: unknown;
}
export interface ApiToken {
  id: string;
  prefix?: string;
  name: string;
  scope: 'read' | 'read-write';
  expiresAt?: number | string | null;
  createdAt?: number | string | null;
  lastUsedAt?: number | string | null;
}

export interface OverviewStats {
  connectors: { id: string; name: string; provider: string; status: string; statusReason?: string | null; lastSuccessAt?: number | null }[];
  alertsPerDay: { day: string; count: number }[];
  activityPerDay: { day: string; provider: string; count: number }[];
  openAlerts: number;
}

/** GET /posture (src/api/routes/posture.ts). */
export type PostureStatus = 'pass' | 'fail' | 'not_applicable' | 'error';
export interface PostureScore {
  score: number | null;
  scoreWithoutExceptions: number | null;
  passed: number;
  failed: number;
  excepted: number;
  notApplicable: number;
  errors: number;
}
export interface PostureException {
  id: string;
  connectorInstanceId: string;
  checkId: string;
  owner: string;
  reason: string;
  expiresAt: number;
  acceptedObserved: number | null;
  expired?: boolean;
}
export interface PostureFinding {
  connectorInstanceId: string;
  instanceName: string;
  provider: string;
  appName: string;
  checkId: string;
  title: string;
  severity: Severity;
  status: PostureStatus;
  evidence: string;
  expected: string | null;
  remediation: string;
  reference: string | null;
  notEvaluable: string | null;
  exception: PostureException | null;
  gain: number;
}
export interface PostureHistoryEntry {
  id: string;
  connectorInstanceId: string;
  checkId: string;
  status: PostureStatus;
  evidence: string;
  observed: number | null;
  evaluatedAt: number;
  alertId: string | null;
}
export interface PostureReport {
  generatedAt: number;
  overall: PostureScore;
  apps: { provider: string; appName: string; score: PostureScore }[];
  findings: PostureFinding[];
  exceptions: (PostureException & { expired: boolean })[];
}
