import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import { FOLD_FUNCTION } from '../text-fold.js';

/**
 * `parapet_fold(text)` on PostgreSQL: the case folding text search uses (src/store/text-fold.ts). Under the C
 * ctype Parapet's database is made with, `lower()` folds ASCII only; ICU's root collation folds every script.
 * A server built without ICU (or a database not in UTF-8) keeps `lower()`, ASCII only, as before. SQLite
 * registers the function on each connection instead: nothing to store there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const icu = await sql<{ ok: boolean }>`select exists (select 1 from pg_collation where collname = 'und-x-icu') and pg_encoding_to_char((select encoding from pg_database where datname = current_database())) = 'UTF8' as ok`.execute(db);
  const body = icu.rows[0]?.ok ? `lower($1 COLLATE "und-x-icu")` : 'lower($1)';
  await sql.raw(`CREATE FUNCTION ${FOLD_FUNCTION}(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ${body} $$`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql.raw(`DROP FUNCTION ${FOLD_FUNCTION}(text)`).execute(db);
}
