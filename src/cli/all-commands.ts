import { createCliContext, type CliContext } from './context.js';
import { createProgram, type Registrar } from './program.js';
import { registerAccounts } from './commands/accounts.js';
import { registerActions } from './commands/actions.js';
import { registerAlert, registerAlerts } from './commands/alerts.js';
import { registerDetect } from './commands/detect.js';
import { registerIntel } from './commands/intel.js';
import { registerPolicy } from './commands/policy.js';
import { registerPosture } from './commands/posture.js';
import { registerActivities } from './commands/activities.js';
import { registerConnect } from './commands/connect.js';
import { registerConnectors } from './commands/connectors.js';
import { registerDemo } from './commands/demo.js';
import { registerEnable } from './commands/enable.js';
import { registerKeys } from './commands/keys.js';
import { registerRetention } from './commands/retention.js';
import { registerDb } from './commands/db.js';
import { registerWorker } from './commands/worker.js';
import { registerInventory } from './commands/inventory.js';
import { registerNormalize } from './commands/normalize.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSuppressions } from './commands/suppressions.js';
import { registerSync } from './commands/sync.js';
import { registerTest } from './commands/test.js';

/** Every command module's registrar, in the order the program's `--help` lists them. */
export const ALL_REGISTRARS: readonly Registrar[] = [
  registerConnect,
  registerConnectors,
  registerTest,
  registerSync,
  registerEnable,
  registerActivities,
  registerAccounts,
  registerInventory,
  registerNormalize,
  registerAlerts,
  registerAlert,
  registerDetect,
  registerPolicy,
  registerSuppressions,
  registerPosture,
  registerActions,
  registerIntel,
  registerSimulate,
  registerDemo,
  registerServe,
  registerWorker,
  registerKeys,
  registerRetention,
  registerDb,
];

/** The whole program: every command, completion and `parapet help`. */
export function buildProgram(ctx: CliContext = createCliContext()): ReturnType<typeof createProgram> {
  return createProgram(ctx, ALL_REGISTRARS, true);
}
