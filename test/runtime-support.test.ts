import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } }>;
};

/** The runtimes the README promises: the oldest Node 20 the engines field allows, and Node 24 (CI runs both). */
const promised = [semver.minVersion(pkg.engines.node)!.version, '24.0.0'];

describe('runtime support', () => {
  it('promises Node 20.18.1 or later, as the README says', () => {
    expect(promised[0]).toBe('20.18.1');
  });

  it('every production dependency in the lockfile supports every promised Node version', () => {
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = entry.engines?.node;
      if (!path || entry.dev || !range) continue;
      for (const version of promised) {
        if (!semver.satisfies(version, range)) refused.push(`${path}@${entry.version} wants node ${range}, refuses ${version}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('Fastify inject still encodes cookies with the cookie major chosen for Node 20 (light-my-request override)', async () => {
    const app = Fastify();
    app.get('/', async (request) => ({ cookie: request.headers.cookie }));
    const response = await app.inject({ method: 'GET', url: '/', cookies: { session: 'a b' } });
    await app.close();
    expect(response.json()).toEqual({ cookie: 'session=a%20b' });
  });
});
