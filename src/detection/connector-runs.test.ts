import { describe, expect, it } from 'vitest';
import { connectorRuns } from './connector-runs.js';

describe('connectorRuns', () => {
  const items = ['a', 'a', 'b', 'a', 'a', 'a', 'a'];
  it('cuts where the connector changes, keeping order and every item once', () => {
    expect([...connectorRuns(items, (x) => x)]).toEqual([
      { instance: 'a', from: 0, to: 2 },
      { instance: 'b', from: 2, to: 3 },
      { instance: 'a', from: 3, to: 7 },
    ]);
  });
  it('cuts a long run at the limit', () => {
    expect([...connectorRuns(items, (x) => x, 3)]).toEqual([
      { instance: 'a', from: 0, to: 2 },
      { instance: 'b', from: 2, to: 3 },
      { instance: 'a', from: 3, to: 6 },
      { instance: 'a', from: 6, to: 7 },
    ]);
  });
  it('yields nothing for nothing', () => {
    expect([...connectorRuns([], (x: string) => x)]).toEqual([]);
  });
});
