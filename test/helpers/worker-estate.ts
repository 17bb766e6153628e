import { openStore, type Store } from '../../src/store/db.js';
import { createTestDatabase, POSTGRES } from './dialects.js';
import { tempDir } from './temp-dir.js';
import { dropWorkerDatabase, startWorkerProcess, type WorkerProcess } from './worker-process.js';

export interface WorkerDatabase {
  store: Store;
  dataDir: string;
  databaseUrl: string;
  /** Starts a `parapet worker` process on this database (SIGKILLed at clean-up if still running). */
  worker(args: string[], env?: Record<string, string>): WorkerProcess;
}

/**
 * A fresh PostgreSQL database (and its job queue's schema) with a data dir holding the shared secret key, for
 * tests of `parapet worker` processes. Everything it makes is undone by the functions it adds to `cleanups`
 * (run them in reverse order after each test).
 */
export async function workerDatabase(cleanups: (() => Promise<void>)[]): Promise<WorkerDatabase> {
  const dir = tempDir();
  const database = await createTestDatabase(POSTGRES);
  const databaseUrl = database.databaseUrl as string;
  const store = await openStore({ dataDir: dir.path, databaseUrl });
  cleanups.push(async () => {
    await store.close();
    await dropWorkerDatabase(databaseUrl, () => database.drop());
    dir.cleanup();
  });
  const worker = (args: string[], env: Record<string, string> = {}): WorkerProcess => {
    const w = startWorkerProcess(args, { PARAPET_DATA_DIR: dir.path, PARAPET_DATABASE_URL: databaseUrl, ...env });
    cleanups.push(async () => {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await w.exited;
    });
    return w;
  };
  return { store, dataDir: dir.path, databaseUrl, worker };
}
