import { describe, expect, it } from 'vitest';
import { fitColumns } from '../src/cli/output.js';

const sum = (widths: number[], gap = 2) => widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);

describe('fitColumns: tables sized to the terminal', () => {
  const columns = ['time', 'connector', 'action', 'outcome', 'user', 'ip', 'country', 'event'];
  const natural = [20, 17, 17, 7, 36, 15, 7, 15];
  const options = { dropFirst: ['event', 'connector', 'country', 'outcome'], keepWhole: ['time', 'ip'] };

  it('keeps every column at full width when the terminal is wide enough', () => {
    expect(fitColumns(columns, natural, 160, options)).toEqual({ columns, widths: natural });
  });

  it('at 80 columns drops the least useful columns first, keeps times and addresses whole, and fits', () => {
    const fitted = fitColumns(columns, natural, 80, options);
    expect(fitted.columns).toEqual(['time', 'action', 'outcome', 'user', 'ip']);
    expect(fitted.widths[0]).toBe(20);
    expect(fitted.widths[4]).toBe(15);
    expect(sum(fitted.widths)).toBeLessThanOrEqual(80);
    // the widest column gives way first, down to half its width (user 18 of 36); then the next widest
    expect(fitted.widths).toEqual([20, 12, 7, 18, 15]);
  });

  it('without a drop order, gives up the rightmost columns, and never exceeds the width', () => {
    for (const width of [20, 40, 60, 100, 140]) {
      const fitted = fitColumns(columns, natural, width);
      expect(fitted.columns).toEqual(columns.slice(0, fitted.columns.length));
      if (fitted.columns.length > 1) expect(sum(fitted.widths)).toBeLessThanOrEqual(width);
    }
  });
});
