import { newId } from '../../core/ids.js';
import type { Db } from '../db.js';

export async function startSyncRun(db: Db, instanceId: string, stream: string, now: number): Promise<string> {
  const id = newId(now);
  await db
    .insertInto('sync_runs')
    .values({ id, connector_instance_id: instanceId, stream, started_at: now, finished_at: null, status: 'running', records: 0, error: null })
    .execute();
  return id;
}

export async function finishSyncRun(
  db: Db,
  id: string,
  result: { status: 'succeeded' | 'failed'; records: number; error?: string | null; now: number },
): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set({ status: result.status, records: result.records, error: result.error ?? null, finished_at: result.now })
    .where('id', '=', id)
    .execute();
}
