#!/usr/bin/env node
// Compiles src/ to plain JavaScript once, so a command starts without transpiling TypeScript on every run.
//
// The build lives in .build/<key>/src, where the key is a digest of every source file's path, size and
// modification time: an edited, pulled or checked-out source tree gets a new build on its next start, and
// a process that is still running keeps the build it loaded. Builds are written to a temporary directory
// and renamed into place, so processes started together (tests spawn many) never see half a build.
// `npm install` runs this as `prepare`; bin/parapet.js runs it again when the sources changed since.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Builds made longer ago than this are deleted when a new build is made. */
const STALE_BUILD_MS = 24 * 60 * 60 * 1000;
const ABANDONED_TMP_MS = 10 * 60 * 1000;
/** Bump when the way sources are compiled changes, so existing builds are not reused. */
const BUILD_FORMAT = 1;

const isTest = (path) => path.endsWith('.test.ts');

/** Every file that goes into a build: TypeScript modules to compile and the data files they read. */
function sourceFiles(sourceDir) {
  return readdirSync(sourceDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .filter((path) => !isTest(path))
    .sort();
}

function buildKey(sourceDir, files) {
  // The output targets Node 20.18 whatever runs the build, so Node 20 and 24 (CI runs both) share it.
  const hash = createHash('sha256').update(`format ${BUILD_FORMAT}\n`);
  for (const file of files) {
    const stat = statSync(file);
    hash.update(`${relative(sourceDir, file)} ${stat.size} ${stat.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function compile(sourceDir, files, outDir) {
  const { build } = await import('esbuild');
  const modules = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  await build({
    entryPoints: modules,
    outdir: join(outDir, 'src'),
    outbase: sourceDir,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    // JSON modules are imported `with { type: 'json' }`; Node 20.18 understands the attribute, keep it.
    supported: { 'import-attributes': true },
    sourcemap: 'linked',
    logLevel: 'error',
  });
  for (const file of files) {
    if (file.endsWith('.ts')) continue;
    const target = join(outDir, 'src', relative(sourceDir, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
}

function pruneOldBuilds(buildRoot, keep) {
  for (const name of readdirSync(buildRoot)) {
    if (name === keep) continue;
    const path = join(buildRoot, name);
    try {
      // A tmp- directory younger than that may be another process's build in progress.
      const age = Date.now() - statSync(path).mtimeMs;
      if (age > STALE_BUILD_MS || (name.startsWith('tmp-') && age > ABANDONED_TMP_MS)) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another process pruned it first.
    }
  }
}

/**
 * The directory holding the compiled tree for the sources under `root`/src as they are now
 * (`<dir>/src/cli/main.js`), compiling it first when there is none.
 */
export async function ensureBuild(root = ROOT) {
  const sourceDir = join(root, 'src');
  const buildRoot = join(root, '.build');
  const files = sourceFiles(sourceDir);
  const key = buildKey(sourceDir, files);
  const dir = join(buildRoot, key);
  if (existsSync(join(dir, 'src'))) return dir;
  const tmp = join(buildRoot, `tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await compile(sourceDir, files, tmp);
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another process finished the same build first: use it.
      if (!existsSync(join(dir, 'src'))) throw error;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  pruneOldBuilds(buildRoot, key);
  return dir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = await ensureBuild();
  console.log(`parapet: compiled src/ into ${relative(ROOT, dir)}`);
}
