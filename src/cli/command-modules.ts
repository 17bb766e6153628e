import type { Registrar } from './program.js';

/**
 * Which module registers each top-level command, imported only when that command runs: `parapet connectors`
 * loads commands/connectors.ts and what it imports, not the detection, posture, governance and intel code of
 * the other commands (a test keeps this map and the whole program, all-commands.ts, in step).
 */
export const COMMAND_MODULES: Readonly<Record<string, () => Promise<Registrar>>> = {
  connect: async () => (await import('./commands/connect.js')).registerConnect,
  connectors: async () => (await import('./commands/connectors.js')).registerConnectors,
  test: async () => (await import('./commands/test.js')).registerTest,
  sync: async () => (await import('./commands/sync.js')).registerSync,
  enable: async () => (await import('./commands/enable.js')).registerEnable,
  disable: async () => (await import('./commands/enable.js')).registerEnable,
  activities: async () => (await import('./commands/activities.js')).registerActivities,
  accounts: async () => (await import('./commands/accounts.js')).registerAccounts,
  groups: async () => (await import('./commands/inventory.js')).registerInventory,
  privileges: async () => (await import('./commands/inventory.js')).registerInventory,
  apps: async () => (await import('./commands/inventory.js')).registerInventory,
  identities: async () => (await import('./commands/inventory.js')).registerInventory,
  normalize: async () => (await import('./commands/normalize.js')).registerNormalize,
  alerts: async () => (await import('./commands/alerts.js')).registerAlerts,
  alert: async () => (await import('./commands/alerts.js')).registerAlert,
  detect: async () => (await import('./commands/detect.js')).registerDetect,
  policy: async () => (await import('./commands/policy.js')).registerPolicy,
  suppressions: async () => (await import('./commands/suppressions.js')).registerSuppressions,
  posture: async () => (await import('./commands/posture.js')).registerPosture,
  actions: async () => (await import('./commands/actions.js')).registerActions,
  action: async () => (await import('./commands/actions.js')).registerActions,
  intel: async () => (await import('./commands/intel.js')).registerIntel,
  simulate: async () => (await import('./commands/simulate.js')).registerSimulate,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  worker: async () => (await import('./commands/worker.js')).registerWorker,
  keys: async () => (await import('./commands/keys.js')).registerKeys,
  retention: async () => (await import('./commands/retention.js')).registerRetention,
  db: async () => (await import('./commands/db.js')).registerDb,
};
