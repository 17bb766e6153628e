import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { descriptors } from '../connectors/catalog.js';
import { docusignSimulator, type RunningDocusignSimulator } from '../connectors/docusign/simulator/index.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { createServices, type AppServices } from './services.js';

/**
 * A CLI command loads only the connectors of the stored connections (`connectors: 'stored'`): it must still
 * sync a connection another process stored after it looked, and list exactly what it loaded.
 */
describe('services: the connectors a command loads', () => {
  let sim: RunningDocusignSimulator | undefined;
  let services: AppServices | undefined;
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(async () => {
    await services?.close();
    dir?.cleanup();
    await sim?.close();
  });

  const open = (connectors: 'all' | 'stored') => {
    dir = tempDir('parapet-services-');
    return (services = createServices({ env: { PARAPET_DATA_DIR: dir.path }, logger: pino({ level: 'silent' }), connectors }));
  };

  it('loads the stored connections\' connectors, then one stored later when a sync asks for it', async () => {
    sim = await docusignSimulator.start();
    const app = open('stored');
    const store = await app.store();
    const registry = await app.registry();
    expect(registry.list().map((c) => c.id)).toEqual([]);
    await createInstance(store.db, store.secrets, { name: 'docusign', provider: 'docusign', config: sim.config, now: Date.now(), streams: ['users'] });
    const summary = await (await app.sync()).syncInstance('docusign');
    expect(summary.ok).toBe(true);
    expect(registry.list().map((c) => c.id)).toEqual(['docusign']);
  });

  it('with connections stored, loads theirs and no other', async () => {
    dir = tempDir('parapet-services-');
    const first = createServices({ env: { PARAPET_DATA_DIR: dir.path }, logger: pino({ level: 'silent' }) });
    const store = await first.store();
    for (const provider of ['okta', 'github', 'okta']) {
      await createInstance(store.db, store.secrets, { name: `${provider}-${Math.random()}`, provider, config: {}, now: Date.now() });
    }
    await first.close();
    services = createServices({ env: { PARAPET_DATA_DIR: dir.path }, logger: pino({ level: 'silent' }), connectors: 'stored' });
    // In the catalog's order, each once.
    expect((await services.registry()).list().map((c) => c.id)).toEqual(['okta', 'github']);
  });

  it('useAllConnectors (serve, worker, demo) loads every connector, and is refused once a partial registry was opened', async () => {
    const all = open('stored');
    all.useAllConnectors();
    expect((await all.registry()).list().map((c) => c.id)).toEqual(descriptors.map((d) => d.id));
    await all.close();
    dir!.cleanup();
    const partial = open('stored');
    await partial.registry();
    expect(() => partial.useAllConnectors()).toThrow(/after the registry was opened/);
  });
});
