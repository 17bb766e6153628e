import { defineConfig } from 'vitest/config';

/** `npm run test:chaos`: the chaos suite alone (test/chaos/*.chaos.ts; not part of `npm test`). */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
