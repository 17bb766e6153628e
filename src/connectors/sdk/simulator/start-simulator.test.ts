import Fastify from 'fastify';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startSimulator } from './start-simulator.js';

describe('startSimulator', () => {
  it('listens on 127.0.0.1 with the server built around its fault injector, and closes once, cleanups first', async () => {
    const events: string[] = [];
    const server = await startSimulator({ seed: 5 }, (faults) => {
      const app = Fastify({ logger: false });
      app.get('/ping', async () => ({ ok: true, faults: faults !== undefined }));
      app.addHook('onClose', async () => {
        events.push('server closed');
      });
      return app;
    });
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await request(`${server.baseUrl}/ping`);
    expect(await res.body.json()).toEqual({ ok: true, faults: true });
    server.onClose(() => events.push('temp files removed'));
    await server.close();
    await server.close();
    expect(events).toEqual(['temp files removed', 'server closed']);
    await expect(request(`${server.baseUrl}/ping`)).rejects.toThrow();
  });
});
