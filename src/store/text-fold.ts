/**
 * Case folding for text search, the same on both stores. SQLite's `lower()` folds ASCII only, and so does
 * PostgreSQL's under the C ctype Parapet's database uses: `Élodie` would not be found by `élodie`. Both
 * stores call `parapet_fold(column)` instead: on SQLite a function registered on every connection (this
 * one), on PostgreSQL a SQL function made by migration 0014 (ICU's lowercasing).
 */
export const FOLD_FUNCTION = 'parapet_fold';

/** Unicode lowercasing (JavaScript's, as the search text is folded); null and non-text pass through. */
export function foldText(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}
