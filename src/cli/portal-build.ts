import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the built portal (web/dist) is made from: a change to any of these makes the build stale. */
const SOURCES = ['web/index.html', 'web/vite.config.ts', 'web/src', 'web/public', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export interface PortalBuildState {
  /** web/dist/index.html, the file `parapet serve` falls back to. */
  indexHtml: string;
  /** `missing`: never built; `stale`: a source is newer than the build; `fresh`: nothing to do; `absent`: no web/ sources (an installed package without them). */
  state: 'missing' | 'stale' | 'fresh' | 'absent';
}

export function portalBuildState(root: string): PortalBuildState {
  const indexHtml = join(root, 'web', 'dist', 'index.html');
  const hasSources = existsSync(join(root, 'web', 'src'));
  if (!existsSync(indexHtml)) return { indexHtml, state: hasSources ? 'missing' : 'absent' };
  if (!hasSources) return { indexHtml, state: 'fresh' };
  const built = statSync(indexHtml).mtimeMs;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  return { indexHtml, state: newest > built ? 'stale' : 'fresh' };
}

/**
 * Builds the portal with `npm run build:web` when web/dist is missing or older than its sources, so
 * `npm start` stays the only set-up step. Resolves with the state found before building.
 */
export async function ensurePortalBuilt(root: string, log: (message: string) => void): Promise<PortalBuildState> {
  const found = portalBuildState(root);
  if (found.state === 'fresh' || found.state === 'absent') return found;
  // Processes started together (several `parapet serve`, the browser tests) build once: the others wait for
  // the one holding the lock and use its build (Vite refuses a second build of the same project anyway).
  const lock = join(root, 'web', '.portal-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed build: a build takes seconds, not minutes.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (portalBuildState(root).state === 'fresh') return found;
    await buildPortal(root, found, log);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return found;
}

const LOCK_STALE_MS = 5 * 60_000;

async function buildPortal(root: string, found: PortalBuildState, log: (message: string) => void): Promise<void> {
  log(found.state === 'missing' ? 'Building the portal (first run, about 10 s)…' : 'Rebuilding the portal (its sources changed)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', (error) => reject(new Error(`Could not run npm run build:web (${error.message}); run it by hand, then start again.`)));
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`The portal build failed (npm run build:web exited with ${code}). Its output:\n${output.trim().slice(-4000)}`)),
    );
  });
}
