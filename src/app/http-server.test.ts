import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { ensureFirstAdmin } from './first-admin.js';
import { assertSafeListen, isLoopbackAddress, startHttpServer } from './http-server.js';
import { createServices } from './services.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('listening', () => {
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].map(isLoopbackAddress)).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '10.0.0.5', '::', 'example.com'].map(isLoopbackAddress)).toEqual([false, false, false, false]);
  });

  it('refuses a non-loopback address without TLS or PARAPET_ALLOW_HTTP=1, and says so', () => {
    expect(() => assertSafeListen({ host: '0.0.0.0', tlsCert: undefined, allowHttp: false })).toThrow(ConfigError);
    expect(() => assertSafeListen({ host: '0.0.0.0', tlsCert: undefined, allowHttp: false })).toThrow(/PARAPET_ALLOW_HTTP=1/);
    expect(() => assertSafeListen({ host: '0.0.0.0', tlsCert: undefined, allowHttp: true })).not.toThrow();
    expect(() => assertSafeListen({ host: '0.0.0.0', tlsCert: '/etc/cert.pem', allowHttp: false })).not.toThrow();
    expect(() => assertSafeListen({ host: '127.0.0.1', tlsCert: undefined, allowHttp: false })).not.toThrow();
  });

  it('serves the API from the composition root on PARAPET_PORT; the first-run admin signs in with the printed password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-serve-'));
    dirs.push(dir);
    const services = createServices({ env: { PARAPET_DATA_DIR: dir, PARAPET_PORT: '0' }, logger: pino({ level: 'silent' }) });
    const admin = await ensureFirstAdmin(await services.store(), { now: Date.now() });
    expect(admin?.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await ensureFirstAdmin(await services.store(), { now: Date.now() })).toBeNull();
    const server = await startHttpServer(services, { webDir: null });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const login = await request(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: admin?.generatedPassword }) });
      expect(login.statusCode).toBe(200);
      expect(((await login.body.json()) as { user: { role: string } }).user.role).toBe('admin');
    } finally {
      await server.close();
      await services.close();
    }
  });
});

describe('stream health on the schedule this deployment runs', () => {
  it('the status API and `parapet connectors` judge snapshot streams against PARAPET_SNAPSHOT_HOURS, as the scheduler does', async () => {
    const { createInstance } = await import('../store/repos/connector-instances.js');
    const { markStreamSucceeded } = await import('../store/repos/stream-states.js');
    const { runParapet } = await import('../../test/helpers/run-parapet.js');
    const { registry } = await import('../connectors/registry.js');
    const dir = mkdtempSync(join(tmpdir(), 'parapet-health-'));
    dirs.push(dir);
    const env = { PARAPET_DATA_DIR: dir, PARAPET_PORT: '0', PARAPET_SNAPSHOT_HOURS: '24' };
    const services = createServices({ env, logger: pino({ level: 'silent' }) });
    const store = await services.store();
    const admin = await ensureFirstAdmin(store, { now: Date.now() });
    const instance = await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: Date.now() });
    // Every stream last succeeded 20 hours ago: inside a 24-hour snapshot schedule (+2 h), past a 12-hour one.
    const streams = Object.keys(registry.get('docusign')?.streams ?? {});
    for (const stream of streams) await markStreamSucceeded(store.db, instance.id, stream, Date.now() - 20 * 3600_000);
    const behind = (rows: { stream: string; kind: string; alerts: { kind: string }[] }[]) => rows.filter((s) => s.alerts.some((a) => a.kind === 'behind')).map((s) => s.stream).sort();
    const server = await startHttpServer(services, { webDir: null });
    try {
      const login = await request(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: admin?.generatedPassword }) });
      const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
      const connector = (await (await request(`${server.url}/api/v1/connectors/${instance.id}`, { headers: { cookie } })).body.json()) as { streams: { stream: string; kind: string; alerts: { kind: string }[] }[] };
      // Only the incremental stream (polled every 5 minutes) is behind after 20 hours.
      expect(behind(connector.streams)).toEqual(['activities']);
    } finally {
      await server.close();
      await services.close();
    }
    const cli = async (snapshotHours: string | undefined) => {
      const run = await runParapet(['connectors', '--json'], { dataDir: dir, env: snapshotHours ? { PARAPET_SNAPSHOT_HOURS: snapshotHours } : {} });
      expect(run.code, run.stderr).toBe(0);
      return behind((JSON.parse(run.stdout) as { streams: { stream: string; kind: string; alerts: { kind: string }[] }[] }[])[0]?.streams ?? []);
    };
    expect(await cli('24')).toEqual(['activities']);
    expect(await cli(undefined)).toEqual(['accounts', 'activities', 'settings']);
  });
});

describe('the portal', () => {
  it('serves web/dist with an SPA fallback, and /api stays the API', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { startTestApi } = await import('../api/test-support.js');
    const web = mkdtempSync(join(tmpdir(), 'parapet-web-'));
    dirs.push(web);
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Parapet</title>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    const t = await startTestApi({ webDir: web });
    try {
      expect((await t.app.inject({ url: '/' })).body).toContain('<title>Parapet</title>');
      const deep = await t.app.inject({ url: '/alerts/01ABC?tab=evidence' });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('<title>Parapet</title>');
      expect((await t.app.inject({ url: '/assets/app.js' })).headers['content-type']).toContain('javascript');
      const api = await t.app.inject({ url: '/api/v1/nothing-here' });
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toContain('application/problem+json');
    } finally {
      await t.close();
    }
  });
});
