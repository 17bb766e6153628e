import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../../core/clock.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import okta from '../index.js';
import { oktaSimulator, type RunningOktaSimulator } from '../simulator/index.js';
import { activitiesStream } from './activities.js';

describe('Okta System Log: a backfill longer than Okta keeps', () => {
  // Okta's clock 400 days behind this machine's: only its own clock says where its 90 days start.
  const oktaNow = CONFORMANCE_NOW - 400 * DAY;
  let sim: RunningOktaSimulator;
  beforeAll(async () => {
    sim = await oktaSimulator.start({ seed: 7, frozenAt: oktaNow, historyDays: 30, pageSize: 500 });
  });
  afterAll(async () => sim.close());

  it('starts at the retention limit counted on Okta\'s clock: no 400 for a since too old, and the whole log it keeps', async () => {
    const runtime = runtimeFor(okta, sim.config);
    const session = okta.createSession(sim.config, runtime);
    const times: number[] = [];
    for await (const page of activitiesStream.read(session, runtime, { checkpoint: null, backfillFrom: oktaNow - 120 * DAY })) {
      for (const record of page.records) times.push(Date.parse(String((record as { published?: string }).published)));
    }
    expect(times.length).toBeGreaterThan(0);
    // The simulator holds 30 days of history, all inside what Okta keeps: every event of it comes back.
    expect(Math.min(...times)).toBeLessThan(oktaNow - 25 * DAY);
    expect(times.every((t) => t >= oktaNow - 90 * DAY && t <= oktaNow)).toBe(true);
  });
});
