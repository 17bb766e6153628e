import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { tempDir } from './temp-dir.js';

/** A fresh SQLite store in a temporary folder for each test of the calling `describe`; read it with `store()`. */
export function useTempStore(): { store: () => Store } {
  let dir: ReturnType<typeof tempDir> | undefined;
  let current: Store | undefined;
  beforeEach(async () => {
    dir = tempDir();
    current = await openStore({ dataDir: dir.path });
  });
  afterEach(async () => {
    await current?.close();
    dir?.cleanup();
  });
  return {
    store: () => {
      if (!current) throw new Error('useTempStore(): the store exists only inside a test');
      return current;
    },
  };
}
