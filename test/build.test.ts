import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runParapet } from './helpers/run-parapet.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildModule = pathToFileURL(join(root, 'bin', 'build.js')).href;
const { ensureBuild } = (await import(buildModule)) as { ensureBuild(root?: string, entryPoints?: string[]): Promise<string> };

/** The builds in a tree's .build/ (without the stamp of the last check). */
const builds = (tree: string): string[] => readdirSync(join(tree, '.build')).filter((name) => name !== 'stamp.json').sort();

/** A tiny source tree: one module importing another and a JSON file, and a test file that must not be built. */
function sourceTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-build-'));
  mkdirSync(join(dir, 'src', 'data'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'tree', type: 'module', version: '9.9.9' }));
  writeFileSync(join(dir, 'src', 'answer.ts'), 'export const answer: number = 42;\n');
  writeFileSync(join(dir, 'src', 'data', 'names.json'), '["ada"]\n');
  writeFileSync(
    join(dir, 'src', 'main.ts'),
    "import { answer } from './answer.js';\nimport names from './data/names.json' with { type: 'json' };\nexport const result: string = `${answer} ${names.join(',')}`;\n",
  );
  writeFileSync(join(dir, 'src', 'main.test.ts'), 'throw new Error("tests are not built");\n');
  return dir;
}

const trees: string[] = [];
afterEach(() => {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the compiled tree (bin/build.js)', () => {
  it('bundles an entry point with the modules and data files it imports, leaves tests out, and runs', async () => {
    const tree = sourceTree();
    trees.push(tree);
    const dir = await ensureBuild(tree, ['main.ts']);
    const built = (await import(pathToFileURL(join(dir, 'src', 'main.js')).href)) as { result: string };
    expect(built.result).toBe('42 ada');
    expect(readdirSync(join(dir, 'src')).sort()).toEqual(['main.js', 'main.js.map']);
  });

  it('keeps what an entry imports lazily in a chunk of its own, loaded only when it runs', async () => {
    const tree = sourceTree();
    trees.push(tree);
    writeFileSync(join(tree, 'src', 'lazy.ts'), "import { answer } from './answer.js';\nexport const later = async (): Promise<string> => `${(await import('./late.js')).late} ${answer}`;\n");
    writeFileSync(join(tree, 'src', 'late.ts'), "export const late: string = 'loaded later';\n");
    const dir = await ensureBuild(tree, ['lazy.ts']);
    expect(readFileSync(join(dir, 'src', 'lazy.js'), 'utf8')).not.toContain('loaded later');
    const built = (await import(pathToFileURL(join(dir, 'src', 'lazy.js')).href)) as { later(): Promise<string> };
    expect(await built.later()).toBe('loaded later 42');
    expect(readdirSync(join(dir, 'src', 'chunks')).filter((f) => f.endsWith('.js'))).toHaveLength(1);
  });

  it('reuses the build while the sources are unchanged and makes a new one when a source changes', async () => {
    const tree = sourceTree();
    trees.push(tree);
    const first = await ensureBuild(tree, ['main.ts']);
    expect(await ensureBuild(tree, ['main.ts'])).toBe(first);
    writeFileSync(join(tree, 'src', 'answer.ts'), 'export const answer: number = 43;\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(tree, 'src', 'answer.ts'), later, later);
    const second = await ensureBuild(tree, ['main.ts']);
    expect(second).not.toBe(first);
    expect(readFileSync(join(second, 'src', 'main.js'), 'utf8')).toContain('43');
    // The older build stays for a process that may still be running from it.
    expect(builds(tree)).toEqual([first, second].map((d) => d.split('/').pop()).sort());
  });

  it('rebuilds when a file in a nested directory is touched, or written back with its old modification time', async () => {
    const tree = sourceTree();
    trees.push(tree);
    mkdirSync(join(tree, 'src', 'deep', 'er'), { recursive: true });
    const nested = join(tree, 'src', 'deep', 'er', 'word.ts');
    writeFileSync(nested, "export const word: string = 'one';\n");
    writeFileSync(join(tree, 'src', 'main.ts'), "import { word } from './deep/er/word.js';\nexport const result: string = word;\n");
    const first = await ensureBuild(tree, ['main.ts']);
    expect(await ensureBuild(tree, ['main.ts'])).toBe(first);
    // Touched only (same text): a new stat is enough to look again; the key is a new one, so a new build.
    const later = new Date(Date.now() + 5_000);
    utimesSync(nested, later, later);
    const touched = await ensureBuild(tree, ['main.ts']);
    expect(touched).not.toBe(first);
    expect(await ensureBuild(tree, ['main.ts'])).toBe(touched);
    // Rewritten in place with the old modification time put back (as `cp -p` or `tar x` do): still seen.
    const { mtime } = statSync(nested);
    writeFileSync(nested, "export const word: string = 'two';\n");
    utimesSync(nested, mtime, mtime);
    const rewritten = await ensureBuild(tree, ['main.ts']);
    const built = (await import(pathToFileURL(join(rewritten, 'src', 'main.js')).href)) as { result: string };
    expect(built.result).toBe('two');
  });

  it('rebuilds when a source is added or removed, and not when only a test file is added', async () => {
    const tree = sourceTree();
    trees.push(tree);
    const first = await ensureBuild(tree, ['main.ts']);
    writeFileSync(join(tree, 'src', 'data', 'other.test.ts'), 'throw new Error("tests are not built");\n');
    expect(await ensureBuild(tree, ['main.ts'])).toBe(first);
    const old = new Date(Date.now() - 86_400_000);
    writeFileSync(join(tree, 'src', 'data', 'extra.ts'), 'export const extra = 1;\n');
    utimesSync(join(tree, 'src', 'data', 'extra.ts'), old, old);
    const added = await ensureBuild(tree, ['main.ts']);
    expect(added).not.toBe(first);
    rmSync(join(tree, 'src', 'data', 'extra.ts'));
    expect(await ensureBuild(tree, ['main.ts'])).toBe(first);
  });

  it('gives processes that start together one complete build', async () => {
    const tree = sourceTree();
    trees.push(tree);
    const script = `const { ensureBuild } = await import(${JSON.stringify(buildModule)}); process.stdout.write(await ensureBuild(${JSON.stringify(tree)}, ['main.ts']));`;
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
        }),
      ),
    );
    expect(new Set(runs).size).toBe(1);
    expect(builds(tree)).toEqual([runs[0]!.split('/').pop()]);
  });

  it('runs the CLI from the compiled tree, which still finds package.json above it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parapet-build-data-'));
    trees.push(dataDir);
    const run = await runParapet(['--version'], { dataDir });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
