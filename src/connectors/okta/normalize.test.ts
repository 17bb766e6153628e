import { describe, expect, it } from 'vitest';
import { normalizeRecord, offlineContext } from '../sdk/normalize-total.js';
import okta from './index.js';
import { corpus } from './fidelity/corpus.js';

const normalize = (record: unknown) => normalizeRecord(okta, record, offlineContext('t', 42));

describe('Okta normaliser', () => {
  it('yields the fields of every corpus record (API form, EventBridge envelope, role grant)', () => {
    for (const c of corpus) {
      const a = normalize(c.record);
      const e = c.expect;
      if (e.user) expect(a.actor.email, c.shape).toBe(e.user);
      if (e.ip) expect(a.srcIp, c.shape).toBe(e.ip);
      if (e.time !== undefined) expect(a.time, c.shape).toBe(e.time);
      if (e.action) expect(a.action, c.shape).toBe(e.action);
      if (e.outcome) expect(a.outcome, c.shape).toBe(e.outcome);
      if (e.targets) expect(a.targets.map((t) => t.id ?? t.email ?? t.name), c.shape).toEqual(e.targets);
    }
  });

  it("keeps the docs sample's impossible date (2017-09-31) as its original text; the time rolls over as JavaScript's parser does", () => {
    const a = normalize(corpus.find((c) => c.shape === 'System Log API LogEvent')?.record);
    expect(a.originalTime).toBe('2017-09-31T22:23:07.777Z');
    expect(a.time).toBe(Date.UTC(2017, 9, 1, 22, 23, 7, 777));
    expect(a.eventType).toBe('user.session.start');
  });

  it('reads Splunk-flattened records (dotted keys, target{} multi-values, zone-less time) like the API form', () => {
    const a = normalize({
      uuid: 'u-1',
      published: '2024-05-01 10:00:00.123',
      eventType: 'group.user_membership.add',
      'actor.type': 'User',
      'actor.alternateId': 'Admin@Example.com',
      'client.ipAddress': '203.0.113.9',
      'outcome.result': 'SUCCESS',
      'target{}.type': ['User', 'UserGroup'],
      'target{}.id': ['00u1', '00g1'],
      'target{}.alternateId': ['ann@example.com', 'unknown'],
      'target{}.displayName': ['Ann', 'Finance'],
    });
    expect(a).toMatchObject({ time: Date.UTC(2024, 4, 1, 10, 0, 0, 123), action: 'group.member_added', outcome: 'success', srcIp: '203.0.113.9', actor: { email: 'admin@example.com' } });
    expect(a.targets).toEqual([
      { type: 'user', id: '00u1', name: 'Ann', email: 'ann@example.com' },
      { type: 'group', id: '00g1', name: 'Finance' },
    ]);
  });

  it('maps outcomes and failures: a FAILURE sign-in is user.login_failed with its reason; CHALLENGE is interrupted', () => {
    const failed = normalize({ uuid: 'u-2', published: '2024-05-01T10:00:00Z', eventType: 'user.session.start', actor: { type: 'User', alternateId: 'a@b.c' }, outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } });
    expect(failed).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeReason: 'INVALID_CREDENTIALS' });
    expect(normalize({ uuid: 'u-3', published: '2024-05-01T10:00:00Z', eventType: 'policy.evaluate_sign_on', outcome: { result: 'CHALLENGE' } }).outcome).toBe('interrupted');
  });

  it('keeps an unknown event type as `other` with its raw record whole', () => {
    const record = { uuid: 'u-4', published: '2024-05-01T10:00:00Z', eventType: 'system.brand_new.thing', outcome: { result: 'SUCCESS' } };
    const a = normalize(record);
    expect(a).toMatchObject({ action: 'other', eventType: 'system.brand_new.thing', raw: record });
  });

  it('puts an API token on the Okta management API, so credential detections key on one app', () => {
    const a = normalize({ uuid: 'u-5', published: '2024-05-01T10:00:00Z', eventType: 'system.api_token.create', actor: { type: 'User', alternateId: 'it@b.c' }, outcome: { result: 'SUCCESS' }, target: [{ id: '00T1', type: 'Token', displayName: 'sync' }] });
    expect(a.action).toBe('credential.created');
    expect(a.targets.map((t) => [t.type, t.name])).toEqual([
      ['token', 'sync'],
      ['app', 'Okta API (API tokens)'],
    ]);
  });
});
