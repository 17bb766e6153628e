import type { FastifyInstance } from 'fastify';

/** Starts a simulator's server on 127.0.0.1 (`port` 0 = any free port) and returns its base URL. */
export async function listenOnLoopback(app: FastifyInstance, port = 0): Promise<string> {
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return `http://127.0.0.1:${bound}`;
}
