#!/usr/bin/env node
// Compiles src/ to plain JavaScript once, so a command starts without transpiling TypeScript on every run.
// The entry points are bundled with code splitting: a command loads a few dozen chunks, not the ~400 modules
// of src/ and zod, and what a command imports lazily (`await import(...)`) stays out until it runs.
//
// The build lives in .build/<key>/src, where the key is a digest of every source file's path, size and
// modification time: an edited, pulled or checked-out source tree gets a new build on its next start, and
// a process that is still running keeps the build it loaded. Builds are written to a temporary directory
// and renamed into place, so processes started together (tests spawn many) never see half a build.
// `npm install` runs this as `prepare`; bin/parapet.js runs it again when the sources changed since.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Builds made longer ago than this are deleted when a new build is made. */
const STALE_BUILD_MS = 24 * 60 * 60 * 1000;
const ABANDONED_TMP_MS = 10 * 60 * 1000;
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

function buildKey(sourceDir, files) {
  // The output targets Node 20.18 whatever runs the build, so Node 20 and 24 (CI runs both) share it.
  // This file's own text too: a change to how sources are compiled makes a new build.
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of files) {
    const stat = statSync(file);
    hash.update(`${relative(sourceDir, file)} ${stat.size} ${stat.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function compile(sourceDir, files, outDir, entryPoints) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: entryPoints.map((entry) => join(sourceDir, entry)),
    outdir: join(outDir, 'src'),
    outbase: sourceDir,
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
export async function ensureBuild(root = ROOT, entryPoints = ENTRY_POINTS) {
  const sourceDir = join(root, 'src');
  const buildRoot = join(root, '.build');
  const files = sourceFiles(sourceDir);
  const key = buildKey(sourceDir, files);
  const dir = join(buildRoot, key);
  if (existsSync(join(dir, 'src'))) return dir;
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
  pruneOldBuilds(buildRoot, key);
  return dir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = await ensureBuild();
  console.log(`parapet: compiled src/ into ${relative(ROOT, dir)}`);
}
