#!/usr/bin/env node
// Runs the CLI from the compiled tree (bin/build.js: made at `npm install`, remade when src/ changed), so a
// command starts without transpiling TypeScript. PARAPET_FROM_SOURCE=1 runs src/ through tsx instead.
let main;
if (process.env.PARAPET_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  const { ensureBuild } = await import('./build.js');
  const { pathToFileURL } = await import('node:url');
  const { join } = await import('node:path');
  const dir = await ensureBuild();
  // Stack traces (PARAPET_DEBUG) point into src/, not the compiled files.
  if (process.env.PARAPET_DEBUG) process.setSourceMapsEnabled(true);
  ({ main } = await import(pathToFileURL(join(dir, 'src', 'cli', 'main.js')).href));
}
await main(process.argv);
