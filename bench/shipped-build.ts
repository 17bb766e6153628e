import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Compiles a bench script the way Parapet ships (bin/build.js `bundle`: what `npm start` and `parapet worker`
 * run), into a directory of its own under .build/ so the packages left outside the bundle resolve from the
 * repository's node_modules. The bench itself runs through tsx, which transpiles each module on load and keeps
 * function names (a call for every closure made): not the code a deployment runs.
 */
export async function bundleAsShipped(root: string, script: string): Promise<{ file: string; cleanup(): void }> {
  const { bundle } = (await import(pathToFileURL(join(root, 'bin', 'build.js')).href)) as { bundle(entryPoints: string[], outdir: string, outbase: string): Promise<void> };
  const outdir = join(root, '.build', `bench-${process.pid}-${Date.now()}`);
  await bundle([join(root, script)], outdir, root);
  return { file: join(outdir, script.replace(/\.ts$/, '.js')), cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}
