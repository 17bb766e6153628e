import { sql, type RawBuilder } from 'kysely';

/**
 * `lower(column) LIKE '%text%'`, with the text matched as typed: `_`, `%` and `\` are escaped, and the escape
 * character is named (SQLite's LIKE has none unless told, so an escaped `_` would match nothing there).
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
