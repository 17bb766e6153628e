import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * `lower(column) LIKE '%text%'`, with the text matched as typed: `_`, `%` and `\` are escaped, and the escape
 * character is named (SQLite's LIKE has none unless told, so an escaped `_` would match nothing there).
 */
export function containsText(column: Expression<string | null> | string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const ref = typeof column === 'string' ? sql.ref(column) : column;
  return sql<boolean>`lower(${ref}) like ${pattern} escape '\\'`;
}
