import { describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.js';
import type { HttpResponse } from '../sdk/http-client.js';
import { m365ThrottleSignal, type M365Throttles } from './http-policy.js';

const FEED = 'https://manage.office.com/api/v1.0/72f988bf-86f1-41af-91ab-2d7cd011db47/activity/feed';
const af429: HttpResponse = { status: 403, url: `${FEED}/audit/x`, headers: {}, text: '{"error":{"code":"AF429","message":"Too many requests. Method=GetBlob, PublisherId=x"}}' };
const ok: HttpResponse = { status: 200, url: `${FEED}/audit/y`, headers: {}, text: '[]' };
const graph429: HttpResponse = { status: 429, url: 'https://graph.microsoft.com/v1.0/auditLogs/signIns', headers: { 'retry-after': '2' }, text: '' };

describe('AF429 back-off', () => {
  it('doubles from 1 s while Microsoft keeps refusing, and starts again after a normal answer', () => {
    const clock = manualClock(0);
    const signal = m365ThrottleSignal(clock);
    const waits: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const wait = signal(af429)?.retryAfterMs ?? null;
      waits.push(wait);
      clock.advance(wait ?? 0);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(signal(ok)).toBeNull();
    expect(signal(af429)?.retryAfterMs).toBe(1000);
  });

  it('counts requests refused while already backing off as the same back-off', () => {
    const clock = manualClock(0);
    const throttles: M365Throttles = { backOffs: 0 };
    const signal = m365ThrottleSignal(clock, throttles);
    expect(signal(af429)?.retryAfterMs).toBe(1000);
    // Three more that were in flight come back refused within the second.
    clock.advance(5);
    expect(signal(af429)?.retryAfterMs).toBe(995);
    clock.advance(20);
    expect(signal(af429)?.retryAfterMs).toBe(975);
    expect(throttles.backOffs).toBe(1);
    clock.advance(975);
    expect(signal(af429)?.retryAfterMs).toBe(2000);
    expect(throttles.backOffs).toBe(2);
  });

  it('leaves Graph\'s 429 to the client, and does not let it reset the Management API\'s back-off', () => {
    const clock = manualClock(0);
    const signal = m365ThrottleSignal(clock);
    signal(af429);
    clock.advance(1000);
    expect(signal(graph429)).toBeNull();
    expect(signal(af429)?.retryAfterMs).toBe(2000);
  });
});
