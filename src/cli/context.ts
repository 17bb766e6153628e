import { createServices, type AppServices, type CreateServicesOptions } from '../app/services.js';
import { colorEnabled } from './output.js';

/** What every command may need: the composition root's services (src/app/services.ts). */
export type CliContext = AppServices;

export function createCliContext(options: CreateServicesOptions = {}): CliContext {
  return createServices({ colorizeLogs: () => colorEnabled(process.stderr), ...options });
}
