import { afterAll, describe, expect, it } from 'vitest';
import { corpus } from '../src/connectors/microsoft365/fidelity/corpus.js';
import { runParapet } from './helpers/run-parapet.js';
import { tempDir } from './helpers/temp-dir.js';

const record = (shape: string): unknown => {
  const found = corpus.find((c) => c.shape === shape);
  if (!found) throw new Error(`no corpus case "${shape}"`);
  return found.record;
};

describe('parapet normalize --report (issue #11 item 5)', () => {
  const dir = tempDir('parapet-normalize-report-');
  afterAll(() => dir.cleanup());

  it('prints, after the activities, per field how many records carried it and how many activities got it', async () => {
    const input = [
      record('Graph signIn'), // user, ip, time, errorCode; no targets
      record('UAL RecordType 6 OneDrive FileDeleted (no ResultStatus)'), // no ResultStatus: outcome derived
      record('UAL RecordType 8 directory change (Add User.)'), // no client IP
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const run = await runParapet(['normalize', '--provider', 'microsoft365', '--report'], { dataDir: dir.path, stdin: input });
    expect(run.code).toBe(0);
    // stdout stays JSON lines: three activities, nothing else.
    const activities = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string });
    expect(activities.map((a) => a.action)).toEqual(['user.login_failed', 'file.deleted', 'user.created']);
    const table = run.stderr.slice(run.stderr.indexOf('fields per record'));
    const rows = Object.fromEntries(
      table
        .split('\n')
        .map((l) => /^(\w+)\s+(\d+)\s+(\d+)$/.exec(l.trim()))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], [Number(m[2]), Number(m[3])]]),
    );
    expect(rows).toEqual({
      user: [3, 3],
      ip: [2, 2],
      time: [3, 3],
      action: [3, 3],
      outcome: [2, 3],
      targets: [2, 2],
    });
    expect(table).toMatch(/of 3 record\(s\)/);
  });

  it('without --report prints no table', async () => {
    const run = await runParapet(['normalize', '--provider', 'docusign'], { dataDir: dir.path, stdin: JSON.stringify(record('Graph signIn')) });
    expect(run.stderr).not.toMatch(/fields per record/);
  });
});
