import type { Alert } from '../core/alert.js';
import { newId } from '../core/ids.js';
import type { PostureCheck } from '../connectors/sdk/define-check.js';
import type { ConnectorInstance } from '../store/repos/connector-instances.js';
import type { PostureException } from '../store/repos/posture.js';
import type { Drift } from './drift.js';
import type { CheckOutcome } from './evaluate-checks.js';

/** Policy ids posture alerts carry (the alert list filters on them). */
export const POSTURE_POLICIES = {
  drift: { id: 'posture.drift', name: 'Security setting drifted' },
  exceptionExpired: { id: 'posture.exception-expired', name: 'Posture exception expired' },
} as const;

interface AlertInput {
  policy: { id: string; name: string };
  variant: string;
  check: PostureCheck;
  instance: ConnectorInstance;
  explanation: string;
  details: Record<string, unknown>;
  now: number;
}

/** A posture alert: its subject is the check on one instance; it has no activities, its evidence is in `details`. */
function postureAlert(input: AlertInput): Alert {
  const key = `${input.check.id}@${input.instance.id}`;
  return {
    id: newId(input.now),
    fingerprint: `${input.policy.id}|${input.variant}|app:${key}|${input.now}`,
    policyId: input.policy.id,
    policyName: input.policy.name,
    variant: input.variant,
    severity: input.check.severity,
    status: 'open',
    resolution: null,
    resolutionNote: null,
    subject: { type: 'app', key, email: null, userId: null, identityId: null },
    connectorInstanceId: input.instance.id,
    provider: input.instance.provider,
    app: input.instance.provider,
    explanation: input.explanation,
    baseline: null,
    details: input.details,
    activityIds: [],
    requestedActions: [],
    firstActivityAt: input.now,
    lastActivityAt: input.now,
    createdAt: input.now,
    updatedAt: input.now,
    previousAlertId: null,
  };
}

export function driftAlert(check: PostureCheck, instance: ConnectorInstance, outcome: CheckOutcome, drift: Drift, now: number): Alert {
  const expected = outcome.expected ? ` Expected: ${outcome.expected}.` : '';
  return postureAlert({
    policy: POSTURE_POLICIES.drift,
    variant: drift.kind,
    check,
    instance,
    now,
    explanation: `${instance.name}: ${check.id} "${check.title}" now fails. ${outcome.evidence}${expected} ${drift.summary}`.trim(),
    details: { checkId: check.id, drift: drift.kind, evidence: outcome.evidence, expected: outcome.expected ?? null, observed: outcome.observed ?? null, remediation: check.remediation, ...(outcome.details ? { facts: outcome.details } : {}) },
  });
}

export function expiryAlert(check: PostureCheck, instance: ConnectorInstance, exception: PostureException, outcome: CheckOutcome, now: number): Alert {
  return postureAlert({
    policy: POSTURE_POLICIES.exceptionExpired,
    variant: 'expired',
    check,
    instance,
    now,
    explanation: `${instance.name}: the accepted risk on ${check.id} "${check.title}" (owner ${exception.owner}: ${exception.reason}) expired on ${new Date(exception.expiresAt).toISOString().slice(0, 10)} and the check still fails: ${outcome.evidence}`,
    details: { checkId: check.id, exceptionId: exception.id, owner: exception.owner, reason: exception.reason, expiresAt: exception.expiresAt, evidence: outcome.evidence, remediation: check.remediation },
  });
}
