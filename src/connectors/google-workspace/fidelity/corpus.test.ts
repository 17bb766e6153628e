import { describe, expect, it } from 'vitest';
import { normalizeRecord, offlineContext } from '../../sdk/normalize-total.js';
import connector from '../index.js';
import { corpus } from './corpus.js';

describe('Google Workspace fidelity corpus', () => {
  for (const c of corpus) {
    it(`${c.shape}: yields user, IP, time, action, outcome and targets`, () => {
      const a = normalizeRecord(connector, c.record, offlineContext('c', 1));
      const got = {
        user: a.actor.email ?? a.actor.userId ?? undefined,
        ip: a.srcIp ?? undefined,
        time: a.time,
        action: a.action,
        outcome: a.outcome,
        targets: a.targets.map((t) => t.email ?? t.id ?? t.name).filter((x): x is string => typeof x === 'string'),
      };
      const want = c.expect;
      for (const field of Object.keys(want) as (keyof typeof want)[]) {
        if (field === 'targets') expect(got.targets).toEqual(expect.arrayContaining(want.targets ?? []));
        else expect(got[field], field).toBe(want[field]);
      }
    });
  }
});
