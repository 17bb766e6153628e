import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { SQLITE, useTestDatabase, type TestDialect } from './dialects.js';
import { tempDir } from './temp-dir.js';

/**
 * A fresh store (SQLite in a temporary folder, or a fresh PostgreSQL schema: {@link useTestDatabase}) for
 * each test of the calling `describe`, closed and removed after it. `close()` / `reopen()` let a test restart
 * the store (or hand the folder to a child process).
 */
export function useTempStore(dialect: TestDialect = SQLITE): { readonly store: Store; readonly path: string; readonly databaseUrl: string | undefined; close(): Promise<void>; reopen(): Promise<Store> } {
  const database = useTestDatabase(dialect);
  let dir: ReturnType<typeof tempDir>;
  let store: Store | null = null;
  beforeEach(async () => {
    dir = tempDir();
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
  });
  afterEach(async () => {
    await store?.close();
    store = null;
    dir.cleanup();
  });
  return {
    get store() {
      if (!store) throw new Error('the store is closed: reopen() it');
      return store;
    },
    get path() {
      return dir.path;
    },
    get databaseUrl() {
      return database.databaseUrl;
    },
    close: async () => {
      await store?.close();
      store = null;
    },
    reopen: async () => {
      await store?.close();
      store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
      return store;
    },
  };
}
