import { describe, expect, it } from 'vitest';
import { registry } from '../connectors/registry.js';
import type { PostureStatus } from '../connectors/sdk/define-check.js';
import type { PostureException } from '../store/repos/posture.js';
import { detectDrift, type DriftBaseline } from './drift.js';
import type { CheckOutcome } from './evaluate-checks.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const check = (id: string) => registry.list().flatMap((c) => c.postureChecks ?? []).find((c) => c.id === id)!;
// DS-SESS-1 (web idle timeout) is worse when higher, DS-PW-2 (minimum password length) when lower.
const timeout = check('DS-SESS-1');
const length = check('DS-PW-2');
const before = (status: PostureStatus, observed: number | null = null): DriftBaseline => ({ status, evidence: `was ${status}.`, observed });
const now = (checkId: string, status: PostureStatus, observed?: number): CheckOutcome => ({ checkId, status, evidence: `is ${status}.`, ...(observed !== undefined ? { observed } : {}) });
const accepted = (observed: number): PostureException => ({
  id: 'ex-1', connectorInstanceId: 'ds', checkId: timeout.id, owner: 'ana@northwind.example', reason: 'kiosks', expiresAt: NOW + 86_400_000,
  acceptedObserved: observed, acceptedEvidence: 'accepted.', createdAt: NOW, createdBy: null, expiryAlertedAt: null, revokedAt: null,
});

describe('detectDrift (docs/posture.md: regressed, worsened, beyond-exception)', () => {
  it('a pass that fails is regressed; nothing else turning into a fail is drift: the first evaluation, not applicable, error', () => {
    expect(detectDrift(timeout, before('pass', 30), now(timeout.id, 'fail', 120), null)?.kind).toBe('regressed');
    expect([null, before('not_applicable'), before('error')].map((b) => detectDrift(timeout, b, now(timeout.id, 'fail', 120), null))).toEqual([null, null, null]);
    expect(['pass', 'not_applicable', 'error'].map((s) => detectDrift(timeout, before('pass', 30), now(timeout.id, s as PostureStatus, 30), null))).toEqual([null, null, null]);
  });

  it('a failing value is worsened only in its check\'s direction', () => {
    expect([detectDrift(timeout, before('fail', 60), now(timeout.id, 'fail', 120), null)?.kind, detectDrift(timeout, before('fail', 120), now(timeout.id, 'fail', 60), null)]).toEqual(['worsened', null]);
    expect([detectDrift(length, before('fail', 8), now(length.id, 'fail', 6), null)?.kind, detectDrift(length, before('fail', 6), now(length.id, 'fail', 8), null)]).toEqual(['worsened', null]);
    expect(detectDrift(timeout, before('fail', 60), now(timeout.id, 'fail', 60), null)).toBeNull();
  });

  it('under an exception only a value worse than the accepted one alerts, whatever the last value was', () => {
    expect(detectDrift(timeout, before('pass', 30), now(timeout.id, 'fail', 90), accepted(120))).toBeNull();
    expect(detectDrift(timeout, before('fail', 90), now(timeout.id, 'fail', 110), accepted(120))).toBeNull();
    expect(detectDrift(timeout, before('fail', 130), now(timeout.id, 'fail', 121), accepted(120))?.kind).toBe('beyond-exception');
  });
});
