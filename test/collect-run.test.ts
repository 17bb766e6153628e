import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { collectRun } from './helpers/parapet-cli.js';

describe('collecting a child process’s output', () => {
  it('keeps a character whose bytes arrive in two writes whole, and everything written before exit', async () => {
    // "…" is three bytes in UTF-8; the child writes the first byte, waits, then the other two and a tail that
    // is still in the pipe when the process exits.
    const script = `process.stdout.write(Buffer.from([0x61, 0xe2])); setTimeout(() => { process.stdout.write(Buffer.from([0x80, 0xa6])); process.stdout.write('b'.repeat(200000)); process.stderr.write(Buffer.from([0xe2])); setTimeout(() => process.stderr.write(Buffer.from([0x80, 0xa6])), 30); }, 30);`;
    const run = await collectRun(spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(run.code).toBe(0);
    expect({ head: run.stdout.slice(0, 3), length: run.stdout.length, onlyB: /^a…b+$/.test(run.stdout) }).toEqual({ head: 'a…b', length: 200002, onlyB: true });
    expect(run.stderr).toBe('…');
  });
});
