import type { PostureCheck } from '../connectors/sdk/define-check.js';
import type { PostureException, StoredFinding } from '../store/repos/posture.js';

/** What drift compares with: the last finding, or after an error the last one actually read (a history entry). */
export type DriftBaseline = Pick<StoredFinding, 'status' | 'evidence' | 'observed'>;
import type { CheckOutcome } from './evaluate-checks.js';

/** Why a finding raises a drift alert. */
export type DriftKind = 'regressed' | 'worsened' | 'beyond-exception';

export interface Drift {
  kind: DriftKind;
  /** One sentence: what it was, what it is. */
  summary: string;
}

function worse(check: PostureCheck, before: number | null, now: number | undefined): boolean {
  if (before === null || now === undefined || !check.worseWhen) return false;
  return check.worseWhen === 'higher' ? now > before : now < before;
}

/**
 * Compares a check's new outcome with its last stored finding. A pass that turns into a fail is drift; so is a
 * failing value that gets worse in the check's `worseWhen` direction. Under an active exception the accepted
 * value is the yardstick instead: only a value worse than the one accepted alerts. The first evaluation of a
 * check is its baseline and never alerts, nor does a change from "not applicable" (a feature or scope that was
 * not there is not a settings change). A change from "error" is not compared with the error either: the caller
 * passes the last finding read before it (PostureService), so a pass that failed while it could not be read alerts.
 */
export function detectDrift(check: PostureCheck, previous: DriftBaseline | null, current: CheckOutcome, exception: PostureException | null): Drift | null {
  if (current.status !== 'fail') return null;
  if (exception) {
    if (worse(check, exception.acceptedObserved, current.observed)) {
      return { kind: 'beyond-exception', summary: `The value moved from ${exception.acceptedObserved} (accepted by ${exception.owner} until ${new Date(exception.expiresAt).toISOString().slice(0, 10)}) to ${current.observed}.` };
    }
    return null;
  }
  if (!previous) return null;
  if (previous.status === 'pass') return { kind: 'regressed', summary: `It passed until now (${previous.evidence})` };
  if (previous.status === 'fail' && worse(check, previous.observed, current.observed)) {
    return { kind: 'worsened', summary: `It already failed, and the value moved from ${previous.observed} to ${current.observed}.` };
  }
  return null;
}
