import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/helpers/slowest-first.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one worker; many files wait on simulators and child processes (two
    // workers kept the 2 cores under half busy, 0.9 cores on average), so three keep both cores busy.
    maxWorkers: 3,
    // Longest files first, also in a fresh clone without vitest's cache (test/helpers/slowest-first.ts).
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
