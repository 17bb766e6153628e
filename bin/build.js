#!/usr/bin/env node
// Compiles src/ to plain JavaScript once, so a command starts without transpiling TypeScript on every run.
// The entry points are bundled with code splitting: a command loads a few dozen chunks, not the ~400 modules
// of src/ and zod, and what a command imports lazily (`await import(...)`) stays out until it runs.
//
// The build lives in .build/<key>/src, where the key is a digest of every source file's path, size,
// modification and status-change time (so a file written back with its old mtime still counts): an edited,
// pulled or checked-out source tree gets a new build on its next start, and a process that is still running
// keeps the build it loaded. Builds are written to a temporary directory and renamed into place, so
// processes started together (tests spawn many) never see half a build.
// `npm install` runs this as `prepare`; bin/parapet.js runs it again when the sources changed since.
//
// Every start checks the sources cheaply first (.build/stamp.json, see isFresh): only when something under
// src/ changed since the last check does it compute the key, which reads and hashes far more.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Builds made longer ago than this are deleted when a new build is made. */
const STALE_BUILD_MS = 24 * 60 * 60 * 1000;
const ABANDONED_TMP_MS = 10 * 60 * 1000;
/** In .build/: which build the sources had when last checked, and what the check needs to know (isFresh). */
const STAMP = 'stamp.json';
const BUILD_SCRIPT = fileURLToPath(import.meta.url);
/**
 * The modules loaded from outside the build (bin/parapet.js, bench/api-export-child.js), under src/: each keeps
 * its path in the build (`<dir>/src/cli/main.js`); everything they import goes into shared chunks.
 */
export const ENTRY_POINTS = ['cli/main.ts', 'api/build-api.ts', 'store/db.ts', 'connectors/registry.ts', 'sync/sync-service.ts', 'core/clock.ts'];
/**
 * Packages bundled into the chunks: pure JavaScript, many small files, loaded by most commands (zod alone is
 * ~200 modules), and fastify-type-provider-zod with zod so both see one zod. The others stay in
 * node_modules: native addons, packages that read their own files or start worker threads (pino).
 */
const BUNDLED_PACKAGES = new Set(['zod', 'fastify-type-provider-zod', 'commander', 'kysely', 'ulid']);

const packageName = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

/** Leaves every package outside BUNDLED_PACKAGES (and node: built-ins) to be imported from node_modules. */
const externals = {
  name: 'parapet-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED_PACKAGES.has(packageName(args.path)) ? undefined : { external: true }));
  },
};

const isTest = (path) => path.endsWith('.test.ts');

/** Every file a build depends on: the TypeScript modules and the data files (JSON) bundled into them. */
function sourceFiles(sourceDir) {
  return readdirSync(sourceDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .filter((path) => !isTest(path))
    .sort();
}

async function buildKey(sourceDir, files) {
  // The output targets Node 20.18 whatever runs the build, so Node 20 and 24 (CI runs both) share it.
  // This file's own text too: a change to how sources are compiled makes a new build.
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256').update(readFileSync(BUILD_SCRIPT));
  for (const file of files) {
    const stat = statSync(file);
    hash.update(`${relative(sourceDir, file)} ${stat.size} ${stat.mtimeMs} ${stat.ctimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function compile(sourceDir, files, outDir, entryPoints) {
  await bundle(
    entryPoints.map((entry) => join(sourceDir, entry)),
    join(outDir, 'src'),
    sourceDir,
  );
}

/**
 * Compiles entry points (absolute paths) into `outdir`, each at its path under `outbase`, as Parapet ships:
 * the build every command runs, and the detection bench's "as shipped" measurement (bench/shipped-build.ts).
 */
export async function bundle(entryPoints, outdir, outbase) {
  const { build } = await import('esbuild');
  await build({
    entryPoints,
    outdir,
    outbase,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    plugins: [externals],
    // Bundled CommonJS (commander) calls require() for Node's built-ins: give each chunk a real one.
    banner: { js: "import { createRequire as __parapetCreateRequire } from 'node:module'; const require = __parapetCreateRequire(import.meta.url);" },
    // Less text to parse at every start; names are kept, and the source maps lead back to src/ (PARAPET_DEBUG).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    logLevel: 'error',
  });
}

/**
 * The newest status-change time (ctime) under `sourceDir` — every directory and every non-test file — and
 * the number of those files, stopping at the first time newer than `newerThan` (then `newest` is that time).
 * A file's ctime moves whenever it is written, touched, renamed or replaced, even by a copy that keeps an
 * older mtime (`cp -p`, `tar x`), and a directory's when an entry is added, removed or renamed, so "nothing
 * newer than at the last check and as many files" means the sources are as they were. Unlike the key it
 * reads no paths into a digest: a few hundred stat calls, the cheap part of a start.
 */
function scanSources(sourceDir, newerThan = Infinity) {
  let newest = -Infinity;
  let files = 0;
  const pending = [sourceDir];
  while (pending.length > 0) {
    const dir = pending.pop();
    const dirTime = statSync(dir).ctimeMs;
    if (dirTime > newest) newest = dirTime;
    if (newest > newerThan) return { newest, files };
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && !isTest(entry.name)) {
        files++;
        const time = statSync(path).ctimeMs;
        if (time > newest) newest = time;
        if (newest > newerThan) return { newest, files };
      }
    }
  }
  return { newest, files };
}

/** The build the stamp names, when the sources (and this script) have not changed since it was written. */
function isFresh(sourceDir, buildRoot) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(buildRoot, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof stamp?.key !== 'string' || typeof stamp.newest !== 'number' || typeof stamp.files !== 'number') return undefined;
  const dir = join(buildRoot, stamp.key);
  try {
    if (statSync(BUILD_SCRIPT).ctimeMs > stamp.newest || !existsSync(join(dir, 'src'))) return undefined;
    const scan = scanSources(sourceDir, stamp.newest);
    return scan.newest <= stamp.newest && scan.files === stamp.files ? dir : undefined;
  } catch {
    // A file vanished while it was scanned (an editor's temporary file): look again the long way.
    return undefined;
  }
}

/** Records the build for the sources as scanned before it was looked up (a later edit is newer than `newest`). */
function writeStamp(buildRoot, key, scan) {
  const tmp = join(buildRoot, `${STAMP}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, JSON.stringify({ key, newest: Math.max(scan.newest, statSync(BUILD_SCRIPT).ctimeMs), files: scan.files }));
    renameSync(tmp, join(buildRoot, STAMP));
  } catch {
    // A read-only install: the next start computes the key again.
    rmSync(tmp, { force: true });
  }
}

function pruneOldBuilds(buildRoot, keep) {
  for (const name of readdirSync(buildRoot)) {
    if (name === keep || name === STAMP) continue;
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
export async function ensureBuild(root = ROOT, entryPoints = ENTRY_POINTS) {
  const sourceDir = join(root, 'src');
  const buildRoot = join(root, '.build');
  const fresh = isFresh(sourceDir, buildRoot);
  if (fresh) return fresh;
  // Scanned before the files are read for the key, so a file changed while this runs counts as newer.
  const scan = scanSources(sourceDir);
  const files = sourceFiles(sourceDir);
  const key = await buildKey(sourceDir, files);
  const dir = join(buildRoot, key);
  if (existsSync(join(dir, 'src'))) {
    writeStamp(buildRoot, key, scan);
    return dir;
  }
  const tmp = join(buildRoot, `tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await compile(sourceDir, files, tmp, entryPoints);
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another process finished the same build first: use it.
      if (!existsSync(join(dir, 'src'))) throw error;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeStamp(buildRoot, key, scan);
  pruneOldBuilds(buildRoot, key);
  return dir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = await ensureBuild();
  console.log(`parapet: compiled src/ into ${relative(ROOT, dir)}`);
}
