import { describe, expect, it } from 'vitest';
import { HOUR } from '../../../core/clock.js';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import { microsoft365Simulator } from './index.js';

// The demo builds its tenant at whatever hour `npm start` runs: every scenario must lie in the tenant's past
// then, or its facts expect alerts about events no feed lists.
describe('Microsoft 365 simulator scenarios at any hour of the day', () => {
  it('lists every event of every scenario fact, whatever the hour (UTC) the tenant is built', async () => {
    const unlisted: string[] = [];
    for (let hour = 0; hour < 24; hour += 3) {
      const sim = await microsoft365Simulator.start({ seed: 1, frozenAt: CONFORMANCE_NOW - 12 * HOUR + hour * HOUR });
      try {
        const listed = new Set(sim.truth().activityIds);
        for (const fact of sim.scenarios()) {
          const ids = [...fact.eventIds, ...(fact.alerts ?? []).flatMap((a) => a.eventIds)];
          const missing = ids.filter((id) => !listed.has(id));
          if (missing.length > 0) unlisted.push(`${hour}:00 UTC ${fact.id}: ${missing.length} of ${ids.length}`);
        }
        expect(sim.scenarios().length).toBeGreaterThan(10);
      } finally {
        await sim.close();
      }
    }
    expect(unlisted).toEqual([]);
  });
});
