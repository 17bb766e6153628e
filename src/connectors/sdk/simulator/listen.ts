import type { FastifyInstance } from 'fastify';

export interface LoopbackOptions {
  /** Port to listen on; 0 = any free port. */
  port?: number | undefined;
  /** Delay before every response, as a distant provider would add (see `SimulatorOptions.latencyMs`). */
  latencyMs?: number | undefined;
}

/** Starts a simulator's server on 127.0.0.1 and returns its base URL. */
export async function listenOnLoopback(app: FastifyInstance, options: LoopbackOptions = {}): Promise<string> {
  const latency = options.latencyMs ?? 0;
  if (latency > 0) app.addHook('onRequest', async () => new Promise((resolve) => setTimeout(resolve, latency)));
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  return `http://127.0.0.1:${bound}`;
}
