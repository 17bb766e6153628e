import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../core/errors.js';
import { exactStreamPosition } from '../client.js';
import { boxTime, decodeCursor, dedupe, encodeCursor, SEEN_IDS_KEPT } from './event-cursor.js';

describe('Box event cursor', () => {
  it('round-trips and refuses anything else, naming the fix', () => {
    const c = { position: '1152922976252290886', createdAfter: boxTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), seen: ['a', 'b'] };
    expect(c.createdAfter).toBe('2026-01-02T03:04:05+00:00');
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    for (const bad of ['okta-next:/x', 'box-admin-logs:{', 'box-admin-logs:{"p":1,"a":"x","s":[]}']) expect(() => decodeCursor(bad)).toThrow(ProviderError);
    expect(() => decodeCursor('x')).toThrow(/--full/);
  });

  it('drops ids already delivered, in the page and before it, keeps records without an id, and remembers a bounded tail', () => {
    const e = (id?: string) => (id ? { event_id: id } : { event_type: 'LOGIN' });
    const first = dedupe([e('a'), e('b'), e('a'), e()], []);
    expect(first.fresh).toEqual([e('a'), e('b'), e()]);
    const second = dedupe([e('b'), e('c')], first.seen);
    expect(second.fresh).toEqual([e('c')]);
    const many = dedupe(Array.from({ length: SEEN_IDS_KEPT + 10 }, (_, i) => e(`id${i}`)), []);
    expect(many.seen).toHaveLength(SEEN_IDS_KEPT);
    expect(many.seen[0]).toBe('id10');
  });

  it('keeps an int64 stream position exact (JSON numbers round beyond 2^53), and a string one as given', () => {
    const text = '{"chunk_size":0,"next_stream_position":1152922976252290886,"entries":[]}';
    const parsed = String((JSON.parse(text) as { next_stream_position: number }).next_stream_position);
    expect(parsed).not.toBe('1152922976252290886');
    expect(exactStreamPosition(text, parsed)).toBe('1152922976252290886');
    expect(exactStreamPosition('{"next_stream_position":"abc123","entries":[]}', 'abc123')).toBe('abc123');
  });
});
