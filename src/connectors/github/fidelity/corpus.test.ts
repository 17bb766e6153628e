import { describe, expect, it } from 'vitest';
import { offlineContext } from '../../sdk/normalize-total.js';
import { normalizeGithub } from '../normalize.js';
import { corpus } from './corpus.js';

/** Until the shared fidelity test enrols every corpus, this one checks GitHub's field by field. */
describe('GitHub fidelity corpus', () => {
  for (const c of corpus) {
    it(`${c.shape}: yields the documented fields`, () => {
      const a = normalizeGithub(c.record, offlineContext('c', 1));
      if (c.expect.user) expect([a.actor.email, a.actor.userId, a.actor.name]).toContain(c.expect.user);
      if (c.expect.ip) expect(a.srcIp).toBe(c.expect.ip);
      if (c.expect.time !== undefined) expect(a.time).toBe(c.expect.time);
      if (c.expect.action) expect(a.action).toBe(c.expect.action);
      if (c.expect.outcome) expect(a.outcome).toBe(c.expect.outcome);
      if (c.expect.targets) {
        expect(a.targets).toHaveLength(c.expect.targets.length);
        c.expect.targets.forEach((t, i) => expect([a.targets[i]?.id, a.targets[i]?.email, a.targets[i]?.name]).toContain(t));
      }
    });
  }
});
