import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { clockMidWindow } from './window-clock.js';

describe('clockMidWindow', () => {
  it('reads the middle of the window it is made in, or of the next when made past it, and runs on in real time', () => {
    let real = Date.UTC(2026, 11, 6, 23, 59, 58);
    const tick = () => real;
    const hourly = clockMidWindow(HOUR, tick);
    expect(new Date(hourly()).toISOString()).toBe('2026-12-07T00:30:00.000Z');
    real += 1_500;
    expect(hourly() - Date.UTC(2026, 11, 7, 0, 30)).toBe(1_500);
    expect(new Date(clockMidWindow(DAY, tick)()).toISOString()).toBe('2026-12-07T12:00:00.000Z');
    real = Date.UTC(2026, 11, 6, 10, 0, 10);
    expect(new Date(clockMidWindow(MINUTE, tick)()).toISOString()).toBe('2026-12-06T10:00:30.000Z');
    expect(new Date(clockMidWindow(DAY, tick)()).toISOString()).toBe('2026-12-06T12:00:00.000Z');
    real = Date.UTC(2026, 11, 6, 10, 0, 30);
    expect(clockMidWindow(MINUTE, tick)()).toBe(real);
  });
});
