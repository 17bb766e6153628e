import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory holding Parapet's package.json (web/, docs/ and package.json live there). Found by walking
 * up from this module, so it is the same whether the code runs from src/ or from the compiled tree in
 * .build/<key>/src.
 */
export const PACKAGE_ROOT: string = (() => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('package.json not found above the Parapet sources');
  }
})();

/** Parapet's version, from package.json. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
