import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each of `npm test`'s longest files took in CI (Node 20, with the PostgreSQL matrix; fresh-clone
 * `.ci/run`). Update when a file's time changes much, or add a file that comes near these.
 */
export const EXPECTED_SECONDS: Readonly<Record<string, number>> = {
  // Measured in a PostgreSQL + browser run of a6bd35c (src/ tests unisolated, one RSA key pair per process).
  'test/detection-scenarios.test.ts': 328,
  'test/sync-failures-2.test.ts': 289,
  'test/conformance-sync-2.test.ts': 248,
  'test/conformance-sync-4.test.ts': 232,
  'test/secret-canary.test.ts': 203,
  'test/conformance-sync-1.test.ts': 184,
  'test/cli-terminal.test.ts': 178,
  'test/conformance-sync-3.test.ts': 164,
  'test/sync-failures-1.test.ts': 148,
  'test/browser/portal.test.ts': 124,
  'src/connectors/conformance.test.ts': 123,
  'test/workers.test.ts': 79,
  'test/browser/posture.test.ts': 76,
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
