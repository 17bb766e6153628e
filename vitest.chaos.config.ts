import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/helpers/slowest-first.js';

/** `npm run test:chaos`: the chaos suite alone (test/chaos/*.chaos.ts; not part of `npm test`). */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    // The kill shards run side by side (`--maxWorkers=4`): longest first, so none starts last alone.
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
