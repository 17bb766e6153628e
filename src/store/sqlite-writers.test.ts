import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { storedLogin } from '../../test/helpers/stored-login.js';
import { openStore, type Store } from './db.js';
import { countActivities } from './repos/activities.js';
import { createInstance } from './repos/connector-instances.js';

// Two processes on one SQLite file (`parapet serve` beside a CLI sync or `parapet detect`): each is a store
// with its own connection. Parapet's transactions read before they write (the page writer reads the highest
// ingest sequence, detection its cursor and state).
describe('SQLite transactions beside another connection on the same file', () => {
  let dir: ReturnType<typeof tempDir>;
  let ours: Store;
  let other: Store;
  beforeEach(async () => {
    dir = tempDir();
    ours = await openStore({ dataDir: dir.path });
    other = await openStore({ dataDir: dir.path });
    // Both run in this one thread: the other connection must not wait 5 s for a lock only we can release.
    await sql`PRAGMA busy_timeout = 0`.execute(other.db);
  });
  afterEach(async () => {
    await other.close();
    await ours.close();
    dir.cleanup();
  });

  it('a read-then-write transaction is not broken by another connection committing after its first read', async () => {
    const instance = await createInstance(ours.db, ours.secrets, { name: 'ds', provider: 'docusign', config: {}, now: 1 });
    let otherWrite: unknown = 'not attempted';
    await ours.db.transaction().execute(async (trx) => {
      expect(await countActivities(trx)).toBe(0);
      // Another process stores a page now. With a deferred `begin` it succeeds, and our write below then
      // fails at once with "database is locked" (a stale snapshot cannot take the write lock, whatever
      // the busy timeout). With `begin immediate` our transaction holds the write lock: the other writer
      // waits (here, with no busy timeout, is refused) until we commit.
      try {
        await other.db.transaction().execute((otherTrx) => other.writeActivities(otherTrx, [storedLogin(instance.id, 'theirs', 1_000)]));
        otherWrite = 'committed';
      } catch (error) {
        otherWrite = (error as { code?: string }).code;
      }
      await ours.writeActivities(trx, [storedLogin(instance.id, 'ours', 2_000)]);
    });
    expect(otherWrite).toBe('SQLITE_BUSY');
    // Once we committed, the other writer's retry (what its busy timeout does) goes through.
    await other.db.transaction().execute((otherTrx) => other.writeActivities(otherTrx, [storedLogin(instance.id, 'theirs', 1_000)]));
    expect(await countActivities(ours.db)).toBe(2);
  });
});
