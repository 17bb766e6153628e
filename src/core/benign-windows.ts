import type { Alert, AlertResolution } from './alert.js';
import { HOUR } from './clock.js';
import { stateKey } from './state-key.js';

/**
 * Activity windows an analyst dismissed as benign, per policy and subject: the policy's baselines learn
 * what an alert held only once its alert was closed as benign (`benign_true_positive` or `false_positive`),
 * so an attack never teaches a baseline by itself. Kept in the policy's detector state under
 * `benignKey(subject)`, written when the alert is closed and removed when it is reopened.
 */
export interface BenignWindows {
  /** [first activity time, last activity time, alert id]. */
  w: [number, number, string][];
}

export const MAX_BENIGN_WINDOWS = 50;
/** Activities this close to a dismissed window belong to it (a burst's first minutes before the alert). */
export const BENIGN_SLACK_MS = HOUR;

export const BENIGN_RESOLUTIONS: readonly AlertResolution[] = ['benign_true_positive', 'false_positive'];

/** The state key of a subject's benign windows (`user` subjects are keyed like `userKeyOf`). */
export function benignKey(subjectKey: string, subjectType = 'user'): string {
  return subjectType === 'user' ? stateKey('benign:user:', subjectKey) : `benign:${subjectType}:${subjectKey}`;
}

/**
 * What a policy learns about when one of its alerts is dismissed as benign: the alert's subject and, when the
 * finding's details name one as `learns: { type, key }`, what the baseline is about (e.g. a mailbox delegated
 * to several people in turn), so the next finding about it can read the dismissal whoever its subject is.
 */
export function benignSubjects(alert: Pick<Alert, 'subject' | 'details'>): { type: string; key: string }[] {
  const learns = alert.details.learns as { type?: unknown; key?: unknown } | undefined;
  const also = learns && typeof learns.type === 'string' && typeof learns.key === 'string' && !(learns.type === alert.subject.type && learns.key === alert.subject.key) ? [{ type: learns.type, key: learns.key }] : [];
  return [{ type: alert.subject.type, key: alert.subject.key }, ...also];
}

export function inBenignWindow(windows: BenignWindows | undefined, time: number): boolean {
  return (windows?.w ?? []).some(([first, last]) => time >= first - BENIGN_SLACK_MS && time <= last + BENIGN_SLACK_MS);
}

export function withBenignWindow(windows: BenignWindows | undefined, window: [number, number, string]): BenignWindows {
  const kept = (windows?.w ?? []).filter((w) => w[2] !== window[2]);
  return { w: [...kept, window].sort((x, y) => x[0] - y[0]).slice(-MAX_BENIGN_WINDOWS) };
}

export function withoutBenignWindow(windows: BenignWindows | undefined, alertId: string): BenignWindows {
  return { w: (windows?.w ?? []).filter((w) => w[2] !== alertId) };
}
