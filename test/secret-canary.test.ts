import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorSecretEnvName } from '../src/config.js';
import { connectors } from '../src/connectors/registry.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import type { RunningSimulator } from '../src/connectors/sdk/simulator/simulator.js';
import { runParapet, type Run } from './helpers/run-parapet.js';
import { secretCanaries } from './helpers/secret-canaries.js';
import { tempDir } from './helpers/temp-dir.js';


function parapet(args: string[], dataDir: string, env: Record<string, string> = {}, stdin = ''): Promise<Run> {
  return runParapet(args, { dataDir, env, stdin, logLevel: 'trace' });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const POSTURE_FORMATS = ['sarif', 'ocsf', 'html'] as const;

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

for (const connector of connectors) {
  describe(`secret canary: ${connector.id}`, () => {
    let sim: RunningSimulator<unknown>;
    const dir = tempDir('parapet-canary-');
    const runs: Run[] = [];
    let secrets: string[];
    let configFile: string;
    beforeAll(async () => {
      sim = await connector.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 500 });
      const config = sim.config as Record<string, unknown>;
      const bad = sim.badCredentialConfig as Record<string, unknown>;
      secrets = [...secretCanaries(connector.secretFields, config), ...secretCanaries(connector.secretFields, bad)];
      const data = join(dir.path, 'data');
      configFile = join(dir.path, 'good.json');
      writeFileSync(configFile, JSON.stringify(config));
      const badFile = join(dir.path, 'bad.json');
      writeFileSync(badFile, JSON.stringify(bad));
      const [firstSecret] = connector.secretFields.filter((f) => typeof config[f] === 'string');
      const malformed = join(dir.path, 'malformed.json');
      writeFileSync(malformed, `{\n  "${firstSecret}": "${String(config[firstSecret!]).replace(/\n/g, '\\n')}",\n  oops\n}`);
      const publicPart = Object.fromEntries(Object.entries(config).filter(([k]) => !connector.secretFields.includes(k)));
      const publicFile = join(dir.path, 'public.json');
      writeFileSync(publicFile, JSON.stringify(publicPart));

      // Success: connect, sync, every read-out and export.
      runs.push(await parapet(['connect', connector.id, '--config', configFile, '--name', 'good'], data));
      runs.push(await parapet(['sync', 'good'], data));
      for (const command of ['connectors', 'activities', 'accounts', 'groups', 'privileges', 'apps', 'identities', 'alerts']) {
        const run = await parapet([command, '--json', ...(command === 'activities' ? ['--since', '2000-01-01', '--limit', '100000'] : [])], data);
        runs.push(run);
        writeFileSync(join(dir.path, `export-${command}.json`), run.stdout);
      }
      // The posture exports (SARIF, OCSF, printable HTML), written by parapet itself.
      for (const format of POSTURE_FORMATS) runs.push(await parapet(['posture', '--format', format, '--output', join(dir.path, `export-posture.${format}`)], data));
      runs.push(await parapet(['keys', 'rotate'], data));
      // The secret through the environment and through standard input.
      // Every secret the config holds through its environment variable (a connector may need two, e.g. Slack's tokens).
      const secretEnv = (except?: string) =>
        Object.fromEntries(connector.secretFields.filter((f) => typeof config[f] === 'string' && f !== except).map((f) => [connectorSecretEnvName(connector.id, f), String(config[f])]));
      runs.push(await parapet(['connect', connector.id, '--config', publicFile, '--name', 'from-env', '--skip-test'], data, secretEnv()));
      runs.push(await parapet(['connect', connector.id, '--config', publicFile, '--name', 'from-stdin', '--skip-test', `--${kebab(firstSecret!)}-file`, '-'], data, secretEnv(firstSecret), String(config[firstSecret!])));
      // Failures: refused credentials (test and sync), an inline secret flag, a malformed config file.
      runs.push(await parapet(['connect', connector.id, '--config', badFile, '--name', 'bad'], data));
      runs.push(await parapet(['sync', 'bad'], data));
      runs.push(await parapet(['connect', connector.id, '--config', publicFile, '--name', 'inline', `--${kebab(firstSecret!)}`, String(config[firstSecret!])], data));
      runs.push(await parapet(['connect', connector.id, '--config', malformed, '--name', 'malformed'], data));
    }, 600_000);
    afterAll(async () => {
      await sim.close();
      dir.cleanup();
    });

    it('the success and failure paths ran as intended', () => {
      const byName = (args: string) => runs.find((r) => r.args.join(' ').startsWith(args));
      expect(byName(`connect ${connector.id} --config ${configFile}`)?.code).toBe(0);
      expect(byName('sync good')?.code).toBe(0);
      expect(byName('keys rotate')?.code).toBe(0);
      for (const format of POSTURE_FORMATS) {
        expect(byName(`posture --format ${format}`)?.code, `posture --format ${format}`).toBe(0);
        expect(readFileSync(join(dir.path, `export-posture.${format}`), 'utf8').length).toBeGreaterThan(100);
      }
      expect(runs.filter((r) => r.args.includes('from-env') || r.args.includes('from-stdin')).map((r) => r.code)).toEqual([0, 0]);
      expect(byName('sync bad')?.code).not.toBe(0);
      const inline = runs.find((r) => r.args.includes('inline'))!;
      expect([inline.code, inline.stderr]).toEqual([2, expect.stringMatching(/is a secret: on the command line it would land in your shell history/)]);
      const malformed = runs.find((r) => r.args.includes('malformed'))!;
      expect([malformed.code, malformed.stderr]).toEqual([2, expect.stringMatching(/is not valid JSON: the error is at line 3, column 3/)]);
      expect((JSON.parse(byName('activities --json')!.stdout) as unknown[])[0]).toHaveProperty('id');
    });

    it('no secret appears in stdout, stderr, logs, the database, its WAL, the key files or any export', () => {
      // The search itself works: the config file we wrote holds the secrets.
      expect(secrets.length).toBeGreaterThan(0);
      const written = readFileSync(configFile, 'utf8') + readFileSync(join(dir.path, 'bad.json'), 'utf8');
      expect(secrets.every((s) => written.includes(JSON.stringify(s).slice(1, -1)))).toBe(true);
      const leaks: string[] = [];
      for (const run of runs) {
        for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
          for (const s of secrets) if (text.includes(s)) leaks.push(`${stream} of parapet ${run.args.slice(0, 2).join(' ')}`);
        }
      }
      for (const file of filesUnder(dir.path).filter((f) => !/(good|bad|malformed)\.json$/.test(f))) {
        const text = readFileSync(file).toString('latin1');
        for (const s of secrets) if (text.includes(s)) leaks.push(file);
      }
      expect([...new Set(leaks)]).toEqual([]);
    });
  });
}
