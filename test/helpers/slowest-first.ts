import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each of `npm test`'s longest files took in CI (Node 20, with the PostgreSQL matrix; fresh-clone
 * `.ci/run`). Update when a file's time changes much, or add a file that comes near these.
 */
export const EXPECTED_SECONDS: Readonly<Record<string, number>> = {
  // Measured in the `.ci/run` of 18703c7 (8 + 3 kills per connector, the ASN index).
  'test/detection-scenarios.test.ts': 300,
  'test/sync-failures-2.test.ts': 291,
  'test/conformance-sync-2.test.ts': 242,
  'test/conformance-sync-1.test.ts': 179,
  'test/secret-canary.test.ts': 149,
  'test/sync-failures-1.test.ts': 143,
  'test/conformance-sync-3.test.ts': 133,
  'src/connectors/conformance.test.ts': 115,
  'test/browser/posture.test.ts': 109,
  'test/conformance-sync-4.test.ts': 108,
  'test/cli-terminal.test.ts': 108,
  'test/browser/portal.test.ts': 93,
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
