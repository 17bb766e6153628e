import { sql, type RawBuilder } from 'kysely';
import { FOLD_FUNCTION, foldText } from '../text-fold.js';

/**
 * `fold(column) LIKE '%text%'`, case-insensitive in every script, with the text matched as typed: `_`, `%` and
 * `\` are escaped, and the escape character is named (SQLite's LIKE has none unless told, so an escaped `_`
 * would match nothing there).
 *
 * The fold is the database's own `lower()` when the folded text is ASCII: an ASCII letter in the column folds
 * the same either way, and a letter outside ASCII folds to one outside ASCII, which the text cannot match (but
 * for rarities such as the Kelvin sign). Otherwise it is the Unicode fold (src/store/text-fold.ts), which costs
 * about three times as much per row: only a search that needs it pays for it.
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  const folded = foldText(text) as string;
  const fold = isAscii(folded) ? 'lower' : FOLD_FUNCTION;
  const pattern = `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${sql.raw(fold)}(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
