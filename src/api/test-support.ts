import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { registry } from '../connectors/registry.js';
import { systemClock, type Clock } from '../core/clock.js';
import { openStore, type Store } from '../store/db.js';
import { createUser } from '../store/repos/users.js';
import type { UserRole } from '../store/tables/auth.js';
import { SyncService } from '../sync/sync-service.js';
import type { OidcService } from './auth/oidc.js';
import { hashPassword } from './auth/passwords.js';
import { buildApi, type BuildApiOptions } from './build-api.js';

/** Tests only: an API over a fresh store in a temp dir, with one user per role. */
export interface TestApi {
  app: FastifyInstance;
  store: Store;
  logLines: string[];
  passwords: Record<UserRole, string>;
  /** Signs in; returns the cookie header and the CSRF token. */
  login(role: UserRole): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
}

export async function startTestApi(
  options: Partial<Pick<BuildApiOptions, 'tls' | 'webDir' | 'loginAttemptsPerWindow'>> & {
    clock?: Clock;
    oidc?: (store: Store) => OidcService;
    /** The store's database: a PostgreSQL schema of the test matrix (test/helpers/dialects.ts), or SQLite in the temp dir. */
    databaseUrl?: string | undefined;
  } = {},
): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-api-'));
  const { oidc, databaseUrl, ...rest } = options;
  const store = await openStore({ dataDir: dir, databaseUrl });
  const logLines: string[] = [];
  const logger: Logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const clock = options.clock ?? systemClock;
  const sync = new SyncService({ store, registry, logger, clock, backfillDays: 7 });
  const passwords = { admin: 'admin-password-1', analyst: 'analyst-password-1', viewer: 'viewer-password-1' } satisfies Record<UserRole, string>;
  for (const role of ['admin', 'analyst', 'viewer'] as const) await createUser(store.db, { username: role, role, passwordHash: await hashPassword(passwords[role]), now: clock.now() });
  const app = await buildApi({ store, sync, registry, clock, logger, ...rest, oidc: oidc ? oidc(store) : null });
  await app.ready();
  return {
    app,
    store,
    logLines,
    passwords,
    async login(role) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: role, password: passwords[role] } });
      if (response.statusCode !== 200) throw new Error(`login as ${role} failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'parapet_session');
      if (!cookie) throw new Error('no session cookie');
      return { cookie: `parapet_session=${cookie.value}`, csrf: (response.json() as { csrfToken: string }).csrfToken };
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
