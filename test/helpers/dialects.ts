import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { DialectName } from '../../src/store/dialect.js';

/**
 * The store's test matrix, as kysely's own tests do it: a suite written once runs per dialect.
 * SQLite always runs; PostgreSQL runs when PARAPET_TEST_POSTGRES_URL names a server where the user may create
 * schemas (`.ci/postgres.sh start` prints one). Without it the PostgreSQL variants are reported skipped, and
 * PARAPET_REQUIRE_POSTGRES=1 makes that a failure (CI sets it).
 */
export interface TestDialect {
  readonly name: DialectName;
  /** What test titles show: SQLite or PostgreSQL. */
  readonly label: string;
}

export const SQLITE: TestDialect = { name: 'sqlite', label: 'SQLite' };
export const POSTGRES: TestDialect = { name: 'postgres', label: 'PostgreSQL' };

const SKIP_REASON = 'skipped: set PARAPET_TEST_POSTGRES_URL (eval "$(.ci/postgres.sh start)")';

function postgresUrl(): string | undefined {
  const url = process.env.PARAPET_TEST_POSTGRES_URL || undefined;
  if (!url && process.env.PARAPET_REQUIRE_POSTGRES === '1') {
    throw new Error('PARAPET_REQUIRE_POSTGRES=1 but PARAPET_TEST_POSTGRES_URL is not set: start a cluster with eval "$(.ci/postgres.sh start)"');
  }
  return url;
}

/** Runs `suite` once per dialect, in a describe titled `<title> (<dialect>)`. */
export function describeDialects(title: string, suite: (dialect: TestDialect) => void): void {
  describe(`${title} (${SQLITE.label})`, () => suite(SQLITE));
  if (postgresUrl()) {
    describe(`${title} (${POSTGRES.label})`, () => {
      useSuiteDatabase();
      suite(POSTGRES);
    });
  }
  else describe.skip(`${title} (${POSTGRES.label}) ${SKIP_REASON}`, () => suite(POSTGRES));
}

/**
 * The database of the PostgreSQL suite running now (its describe's beforeAll makes it, its afterAll drops it);
 * the tests' schemas live in it. A database per suite keeps parallel test files out of each other's catalog
 * (the store's own migrations read only their schema: src/store/schema-introspector.ts), and its drop removes
 * whatever a suite's tests left behind. Suites of one file run one after the other.
 */
let suiteDatabaseUrl: string | undefined;

function useSuiteDatabase(): void {
  let admin: pg.Client | undefined;
  let name: string | undefined;
  beforeAll(async () => {
    const base = postgresUrl();
    if (!base) throw new Error(SKIP_REASON);
    admin = await connect(base);
    name = `parapet_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    suiteDatabaseUrl = url.toString();
  });
  afterAll(async () => {
    suiteDatabaseUrl = undefined;
    // A fresh session: the chaos suite restarts the server, which ends the one opened before.
    await admin?.end().catch(() => undefined);
    const base = postgresUrl();
    if (!name || !base) return;
    const fresh = await connect(base);
    await fresh.query(`drop database if exists ${name} with (force)`);
    await fresh.end();
  });
}

/** Where a test's schema goes: the suite's own database, or the server's database outside describeDialects. */
function schemaHost(): string {
  const base = suiteDatabaseUrl ?? postgresUrl();
  if (!base) throw new Error(SKIP_REASON);
  return base;
}

/**
 * A fresh, empty database for each test of the calling describe: nothing for SQLite (the store's file lives in
 * the test's data dir), a new schema for PostgreSQL, dropped after the test. Pass `databaseUrl` to openStore;
 * reopening with the same URL finds the same data, like reopening the same data dir.
 */
export function useTestDatabase(dialect: TestDialect): { readonly databaseUrl: string | undefined; another(): Promise<string | undefined> } {
  let current: string | undefined;
  const schemas: string[] = [];
  let admin: pg.Client | undefined;
  const create = async (): Promise<string> => {
    const base = schemaHost();
    admin ??= await connect(base);
    const schema = `parapet_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`create schema ${schema}`);
    schemas.push(schema);
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  };
  if (dialect.name === 'postgres') {
    beforeEach(async () => {
      current = await create();
    });
    afterEach(async () => {
      for (const schema of schemas.splice(0)) await admin?.query(`drop schema if exists ${schema} cascade`);
      current = undefined;
    });
    afterAll(async () => {
      await admin?.end();
      admin = undefined;
    });
  }
  return {
    get databaseUrl() {
      return current;
    },
    /** One more fresh database in the same test (several stores side by side); undefined for SQLite. */
    another: async () => (dialect.name === 'postgres' ? create() : undefined),
  };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  // Parallel test files create and drop schemas at once; quiet the NOTICEs of drop ... cascade.
  await client.query('set client_min_messages = warning');
  return client;
}

/**
 * A fresh database outside the per-test hooks (a suite's beforeAll): nothing for SQLite, a new schema for
 * PostgreSQL that `drop()` removes with everything in it.
 */
export interface TestDatabase {
  readonly databaseUrl: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect.name === 'sqlite') return { databaseUrl: undefined, drop: async () => undefined };
  const base = schemaHost();
  const admin = await connect(base);
  const schema = `parapet_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    databaseUrl: url.toString(),
    drop: async () => {
      await admin.end().catch(() => undefined);
      const fresh = await connect(base);
      await fresh.query(`drop schema if exists ${schema} cascade`);
      await fresh.end();
    },
  };
}

/**
 * A suite that needs PostgreSQL alone (workers, the job queue, or a suite whose SQLite run lives elsewhere):
 * runs with the server of PARAPET_TEST_POSTGRES_URL, reported as skipped (with how to start one) without it,
 * and fails when PARAPET_REQUIRE_POSTGRES=1. The suite gets its own database; `databaseUrl()` names it, and
 * `dialect` is POSTGRES for helpers that take the matrix's dialect.
 */
export function describePostgres(title: string, suite: (databaseUrl: () => string, dialect: TestDialect) => void): void {
  if (postgresUrl()) {
    describe(`${title} (${POSTGRES.label})`, () => {
      useSuiteDatabase();
      suite(() => schemaHost(), POSTGRES);
    });
  } else describe.skip(`${title} (${POSTGRES.label}) ${SKIP_REASON}`, () => suite(() => '', POSTGRES));
}
