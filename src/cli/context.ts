import { createServices, type AppServices, type CreateServicesOptions } from '../app/services.js';
import type { Clock } from '../core/clock.js';
import { colorEnabled } from './output.js';

/** What every command may need: the composition root's services (src/app/services.ts). */
export type CliContext = AppServices;

/**
 * The CLI's clock: the system's, until a list command fixes one snapshot time for its whole run
 * (`--as-of`, or the moment it started), so every row's lag and "last day" use the same now and two runs
 * with the same `--as-of` print the same output.
 */
export const cliClock: Clock & { snapshot(at: number | null): void } = (() => {
  let fixed: number | null = null;
  return {
    now: () => fixed ?? Date.now(),
    snapshot: (at: number | null) => {
      fixed = at;
    },
  };
})();

/** A command loads the connectors of the stored connections only; `serve`, `worker` and `demo` ask for all. */
export function createCliContext(options: CreateServicesOptions = {}): CliContext {
  return createServices({ colorizeLogs: () => colorEnabled(process.stderr), clock: cliClock, connectors: 'stored', ...options });
}
