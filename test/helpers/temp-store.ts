import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { tempDir } from './temp-dir.js';

/**
 * A fresh SQLite store in a temporary folder for each test of the calling `describe`, closed and removed
 * after it. `close()` / `reopen()` let a test restart the store (or hand the folder to a child process).
 */
export function useTempStore(): { readonly store: Store; readonly path: string; close(): Promise<void>; reopen(): Promise<Store> } {
  let dir: ReturnType<typeof tempDir>;
  let store: Store | null = null;
  beforeEach(async () => {
    dir = tempDir();
    store = await openStore({ dataDir: dir.path });
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
    close: async () => {
      await store?.close();
      store = null;
    },
    reopen: async () => {
      await store?.close();
      store = await openStore({ dataDir: dir.path });
      return store;
    },
  };
}
