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
