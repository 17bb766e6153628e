import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { nodeSqliteAvailable, openSqlite, sqliteDriver, withStatementCache, type SqliteConnection, type SqliteDriverName } from './sqlite.js';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const hasNodeSqlite = major > 22 || (major === 22 && minor >= 16);
// better-sqlite3 12 aborts on Node 24 when V8 collects its objects: it is exercised on Node 20 only.
const drivers: SqliteDriverName[] = hasNodeSqlite ? ['node:sqlite'] : ['better-sqlite3'];

const root = join(import.meta.dirname, '..', '..');
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('SQLite driver', () => {
  it('is the only module that loads better-sqlite3 (on Node 24 loading it at all is what aborts)', () => {
    const offenders = ['src', 'test', 'bench']
      .flatMap((d) => sources(join(root, d)))
      .filter((f) => /from 'better-sqlite3'|require\('better-sqlite3'\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f))
      .filter((f) => f !== 'src/store/sqlite.test.ts');
    expect(offenders).toEqual(['src/store/sqlite.ts']);
  });

  it('is node:sqlite where Node has it and better-sqlite3 otherwise', () => {
    expect(nodeSqliteAvailable()).toBe(hasNodeSqlite);
    expect(sqliteDriver()).toBe(process.env.PARAPET_SQLITE_DRIVER ?? (hasNodeSqlite ? 'node:sqlite' : 'better-sqlite3'));
  });

  it.skipIf(hasNodeSqlite)('refuses node:sqlite by name on a Node without it, saying what to do', () => {
    expect(() => openSqlite(':memory:', { driver: 'node:sqlite' })).toThrow(/needs Node 22\.16 or later .*unset it/);
  });

  for (const driver of drivers) {
    describe(driver, () => {
      it('reads, writes with positional and named parameters, and knows readers from writers', () => {
        const db = openSqlite(':memory:', { driver });
        try {
          db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, note TEXT)');
          const insert = db.prepare('INSERT INTO t (id, n, note) VALUES (@id, @n, @note) ON CONFLICT (id) DO NOTHING');
          expect(insert.reader).toBe(false);
          expect(insert.run({ id: 'a', n: 1, note: null }).changes).toBe(1);
          expect(insert.run({ id: 'a', n: 2, note: 'again' }).changes).toBe(0);
          expect(db.prepare('INSERT INTO t (id, n) VALUES (?, ?)').run(['b', 2]).changes).toBe(1);
          const select = db.prepare('SELECT id, n, note FROM t WHERE n >= ? ORDER BY id');
          expect(select.reader).toBe(true);
          expect(select.all([1]).map((r) => ({ ...(r as object) }))).toEqual([
            { id: 'a', n: 1, note: null },
            { id: 'b', n: 2, note: null },
          ]);
          expect({ ...(select.get([2]) as object) }).toEqual({ id: 'b', n: 2, note: null });
          expect([...select.iterate([0])].length).toBe(2);
          expect(db.prepare('INSERT INTO t (id, n) VALUES (?, ?) RETURNING id').reader).toBe(true);
        } finally {
          db.close();
        }
      });

      it('reports transactions and names SQLite errors as better-sqlite3 does', () => {
        const db = openSqlite(':memory:', { driver });
        try {
          db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
          expect(db.inTransaction).toBe(false);
          db.exec('BEGIN');
          expect(db.inTransaction).toBe(true);
          db.prepare('INSERT INTO t (id) VALUES (?)').run(['x']);
          db.exec('COMMIT');
          expect(db.inTransaction).toBe(false);
          let code = '';
          try {
            db.prepare('INSERT INTO t (id) VALUES (?)').run(['x']);
          } catch (error) {
            code = (error as { code: string }).code;
          }
          expect(code).toMatch(/^SQLITE_CONSTRAINT/);
        } finally {
          db.close();
        }
      });

      it('keeps prepared statements for reuse: the most recently used, re-prepared after a schema change, a fresh one per iteration', () => {
        const native = openSqlite(':memory:', { driver });
        const prepared: string[] = [];
        const counting: SqliteConnection = { ...native, prepare: (text) => (prepared.push(text), native.prepare(text)), close: () => native.close() };
        const db = withStatementCache(counting, 2);
        try {
          db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
          const insert = 'INSERT INTO t (id) VALUES (?)';
          const select = 'SELECT * FROM t ORDER BY id';
          for (const id of ['a', 'b', 'c']) db.prepare(insert).run([id]);
          expect(prepared).toEqual([insert]);
          expect(db.prepare(select).all().map((r) => ({ ...(r as object) }))).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
          // A statement still being read does not make the same SQL busy for the next caller.
          const reading = db.prepare(select).iterate();
          expect({ ...(reading.next().value as object) }).toEqual({ id: 'a' });
          expect(db.prepare(select).all()).toHaveLength(3);
          expect([...reading].map((r) => (r as { id: string }).id)).toEqual(['b', 'c']);
          // The kept statement follows the schema: a column added later is read.
          db.exec('ALTER TABLE t ADD COLUMN note TEXT');
          expect({ ...(db.prepare(select).get() as object) }).toEqual({ id: 'a', note: null });
          // Two kept at most, least recently used out first: `insert` was used longest ago.
          prepared.length = 0;
          db.prepare('SELECT count(*) AS n FROM t').get();
          db.prepare(select).get();
          db.prepare(insert).run(['d']);
          expect(prepared).toEqual(['SELECT count(*) AS n FROM t', insert]);
          // A long list of values is new SQL for every length: prepared each time, never kept.
          prepared.length = 0;
          const long = `SELECT id FROM t WHERE id IN (${Array.from({ length: 1500 }, () => '?').join(', ')})`;
          const ids = Array.from({ length: 1500 }, (_, i) => (i === 0 ? 'a' : `x${i}`));
          expect(db.prepare(long).all(ids)).toHaveLength(1);
          expect(db.prepare(long).all(ids)).toHaveLength(1);
          expect(prepared).toEqual([long, long]);
          db.prepare(select).get();
          expect(prepared).toEqual([long, long]);
        } finally {
          db.close();
        }
      });

      it('opens a file read-only only if it exists, and sees what another connection committed (WAL)', () => {
        const dir = tempDir();
        try {
          const file = join(dir.path, 'x.db');
          expect(() => openSqlite(file, { driver, readonly: true, fileMustExist: true })).toThrow();
          const writer = openSqlite(file, { driver });
          writer.pragma('journal_mode = WAL');
          writer.exec('CREATE TABLE t (id TEXT)');
          writer.prepare('INSERT INTO t (id) VALUES (?)').run(['w']);
          const reader = openSqlite(file, { driver, readonly: true, fileMustExist: true });
          expect((reader.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(1);
          expect(() => reader.exec("INSERT INTO t (id) VALUES ('r')")).toThrow();
          // A reader waits for a writer's lock as better-sqlite3 does by default, instead of failing at once.
          expect((reader.prepare('PRAGMA busy_timeout').get() as { timeout: number }).timeout).toBe(5000);
          reader.close();
          writer.close();
        } finally {
          dir.cleanup();
        }
      });
    });
  }
});
