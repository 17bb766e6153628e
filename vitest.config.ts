import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/helpers/slowest-first.js';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one worker; many files wait on simulators and child processes (two
    // workers kept the 2 cores under half busy, 0.9 cores on average), so three keep both cores busy.
    maxWorkers: 3,
    // Longest files first, also in a fresh clone without vitest's cache (test/helpers/slowest-first.ts).
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      {
        extends: true,
        // The modules' own tests share one module graph per worker: each file importing the store, detection
        // and zod afresh cost more CPU than the tests (import 159 s of 420 s CPU for src/; measured 2026-12-04).
        // They hold no process-wide state between files (timers faked are restored; simulators and stores closed).
        test: { name: 'unit', include: ['src/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        // The cross-cutting suites (CLI processes, servers, browsers, kills) each get a fresh process.
        test: { name: 'integration', include: ['test/**/*.test.ts'] },
      },
    ],
  },
});
