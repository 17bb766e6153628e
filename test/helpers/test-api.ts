import { startTestApi, type TestApi } from '../../src/api/test-support.js';
import { createTestDatabase, type TestDialect } from './dialects.js';

/** {@link startTestApi} over a fresh database of the matrix's dialect (a PostgreSQL schema, dropped at close). */
export async function startDialectApi(dialect: TestDialect, options: Omit<Parameters<typeof startTestApi>[0] & object, 'databaseUrl'> = {}): Promise<TestApi> {
  const database = await createTestDatabase(dialect);
  const api = await startTestApi({ ...options, databaseUrl: database.databaseUrl });
  return {
    ...api,
    async close() {
      await api.close();
      await database.drop();
    },
  };
}
