import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each of `npm test`'s longest files took in CI (Node 20, with the PostgreSQL matrix; fresh-clone
 * `.ci/run`). Update when a file's time changes much, or add a file that comes near these.
 */
export const EXPECTED_SECONDS: Readonly<Record<string, number>> = {
  // `npm test`: measured in a PostgreSQL + browser run of 9b590ed (4 December 2026); the two conformance
  // shards estimated from their tests' times there, after the kill tests of ten connectors left for the chaos stage.
  'test/detection-scenarios.test.ts': 292,
  'test/secret-canary.test.ts': 282,
  'test/sync-failures-2.test.ts': 269,
  'test/sync-failures-1.test.ts': 161,
  'test/cli-terminal.test.ts': 130,
  'test/conformance-sync-1.test.ts': 120,
  'test/conformance-sync-2.test.ts': 120,
  'src/connectors/conformance.test.ts': 117,
  'test/browser/portal.test.ts': 76,
  'test/browser/posture.test.ts': 75,
  'test/workers.test.ts': 57,
  // `npm run test:chaos` (vitest.chaos.config.ts), its kill tests measured side by side the same day.
  'test/chaos/kills-postgres-2.chaos.ts': 355,
  'test/chaos/kills-postgres-1.chaos.ts': 283,
  'test/chaos/kills-sqlite-2.chaos.ts': 232,
  'test/chaos/kills-postgres-3.chaos.ts': 231,
  'test/chaos/kills-postgres-4.chaos.ts': 218,
  'test/chaos/kills-sqlite-1.chaos.ts': 215,
  'test/chaos/kills-sqlite-3.chaos.ts': 166,
};

/**
 * Longest files first, so that no worker starts a five-minute file when the others are nearly done. Vitest
 * orders by the durations of its last run, but CI runs in a fresh clone without that cache, where vitest
 * orders by file size: the kill-test shards (test/conformance-sync-<n>.test.ts, a few lines each, the
 * longest files) then ran last, one after another on the worker that was free. The files listed in
 * {@link EXPECTED_SECONDS} go first, longest first; the others follow in vitest's own order.
 */
export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const root = this.ctx.config.root;
    const weight = (file: TestSpecification) => EXPECTED_SECONDS[relative(root, file.moduleId)] ?? 0;
    return ordered
      .map((file, index) => ({ file, index, weight: weight(file) }))
      .sort((a, b) => b.weight - a.weight || a.index - b.index)
      .map(({ file }) => file);
  }
}
