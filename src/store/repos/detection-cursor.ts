import type { Db } from '../db.js';

/** Where a consumer of stored activities has read up to (an `activities.ingest_seq`); 0 before anything. */
export async function getCursor(db: Db, consumer: string): Promise<number> {
  return (await findCursor(db, consumer)) ?? 0;
}

/** Moves a cursor forward, never back (two processes over one store may both have read the same range). */
export async function advanceCursor(db: Db, consumer: string, position: number, now: number): Promise<void> {
  await db
    .insertInto('detection_cursor')
    .values({ consumer, position, updated_at: now })
    .onConflict((oc) =>
      oc.column('consumer').doUpdateSet({ position, updated_at: now }).where('detection_cursor.position', '<', position),
    )
    .execute();
}

/** A cursor's position, or null when the consumer has none yet. */
export async function findCursor(db: Db, consumer: string): Promise<number | null> {
  const row = await db.selectFrom('detection_cursor').select('position').where('consumer', '=', consumer).executeTakeFirst();
  return row ? Number(row.position) : null;
}
