import { z } from 'zod';
import { invalid } from './problem.js';

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | null {
  if (!cursor) return null;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalid('query.cursor', 'not a cursor this list returned; start again without it');
  }
}

export const LimitSchema = z.coerce.number().int().min(1).max(500).default(50).describe('Page size (default 50, at most 500)');
export const CursorSchema = z.string().max(512).optional().describe('The nextCursor of the previous page');

/** `{items, nextCursor}` of a list. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A page of rows whose keyset is their string id (ULIDs: creation order). */
export const IdKeySchema = z.object({ id: z.string() });
