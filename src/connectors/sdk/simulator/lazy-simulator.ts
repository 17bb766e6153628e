/**
 * A connector's simulator that loads its server (Fastify, routes, the seeded tenant) only when started, so
 * the registry — and every command that lists or runs connectors — does not load a web server it never
 * starts. `facts` are what callers read without starting it.
 */
export function lazySimulator<F extends { scenarios: readonly string[]; maxPageSize: number; start(options?: never): Promise<unknown> }>(
  facts: Pick<F, 'scenarios' | 'maxPageSize'>,
  load: () => Promise<F>,
): F {
  let loaded: Promise<F> | undefined;
  return {
    scenarios: facts.scenarios,
    maxPageSize: facts.maxPageSize,
    start: async (options?: never) => (await (loaded ??= load())).start(options),
  } as F;
}
