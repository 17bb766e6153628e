import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePortalBuilt, portalBuildState } from './portal-build.js';

const roots: string[] = [];
function project(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'parapet-portal-build-'));
  roots.push(root);
  for (const [file, seconds] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), 'x');
    utimesSync(join(root, file), seconds, seconds);
  }
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('portal build state', () => {
  it('is missing without web/dist, fresh when the build is newer than every source, stale when a source is newer', () => {
    expect(portalBuildState(project({ 'web/src/main.tsx': 100 })).state).toBe('missing');
    expect(portalBuildState(project({ 'web/src/main.tsx': 100, 'web/src/pages/A.tsx': 150, 'web/dist/index.html': 200 })).state).toBe('fresh');
    expect(portalBuildState(project({ 'web/src/main.tsx': 100, 'web/src/pages/A.tsx': 250, 'web/dist/index.html': 200 })).state).toBe('stale');
    expect(portalBuildState(project({ 'web/src/main.tsx': 100, 'web/dist/index.html': 200, 'package-lock.json': 300 })).state).toBe('stale');
  });

  it('leaves a package without portal sources alone, built or not', async () => {
    expect(portalBuildState(project({ 'web/dist/index.html': 200 })).state).toBe('fresh');
    const bare = project({ 'README.md': 1 });
    const messages: string[] = [];
    expect((await ensurePortalBuilt(bare, (m) => messages.push(m))).state).toBe('absent');
    expect(messages).toEqual([]);
  });

  it('runs npm run build:web when the build is stale, after which it is fresh', async () => {
    const root = project({ 'web/src/main.tsx': 300, 'web/dist/index.html': 200, 'package.json': 100 });
    const script = "require('fs').writeFileSync('web/dist/index.html', 'built')";
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', scripts: { 'build:web': `node -e "${script}"` } }));
    utimesSync(join(root, 'package.json'), 100, 100);
    const messages: string[] = [];
    expect((await ensurePortalBuilt(root, (m) => messages.push(m))).state).toBe('stale');
    expect(messages).toEqual(['Rebuilding the portal (its sources changed)…']);
    expect(portalBuildState(root).state).toBe('fresh');
  });

  it('names the fix when the build fails', async () => {
    const root = project({ 'web/src/main.tsx': 100, 'package.json': 100 });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', scripts: { 'build:web': 'node -e "process.exit(3)"' } }));
    const messages: string[] = [];
    await expect(ensurePortalBuilt(root, (m) => messages.push(m))).rejects.toThrow(/npm run build:web exited with 3/);
    expect(messages).toEqual(['Building the portal (first run, about 10 s)…']);
  });
});
