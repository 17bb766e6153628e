import type { Db } from '../db.js';

export interface StreamState {
  stream: string;
  checkpoint: string | null;
  lastRunAt: number | null;
  lastSuccessAt: number | null;
}

export async function getStreamStates(db: Db, instanceId: string): Promise<StreamState[]> {
  const rows = await db.selectFrom('stream_states').selectAll().where('connector_instance_id', '=', instanceId).execute();
  return rows.map((r) => ({
    stream: r.stream,
    checkpoint: r.checkpoint,
    lastRunAt: r.last_run_at === null ? null : Number(r.last_run_at),
    lastSuccessAt: r.last_success_at === null ? null : Number(r.last_success_at),
  }));
}

export async function getCheckpoint(db: Db, instanceId: string, stream: string): Promise<string | null> {
  const row = await db
    .selectFrom('stream_states')
    .select('checkpoint')
    .where('connector_instance_id', '=', instanceId)
    .where('stream', '=', stream)
    .executeTakeFirst();
  return row?.checkpoint ?? null;
}

/** Writes a stream's checkpoint; call inside the transaction that stores the page it follows. */
export async function saveCheckpoint(db: Db, instanceId: string, stream: string, checkpoint: string | null, now: number): Promise<void> {
  await db
    .insertInto('stream_states')
    .values({ connector_instance_id: instanceId, stream, checkpoint, last_run_at: now, last_success_at: null, updated_at: now })
    .onConflict((oc) => oc.columns(['connector_instance_id', 'stream']).doUpdateSet({ checkpoint, last_run_at: now, updated_at: now }))
    .execute();
}

export async function markStreamSucceeded(db: Db, instanceId: string, stream: string, now: number): Promise<void> {
  await db
    .insertInto('stream_states')
    .values({ connector_instance_id: instanceId, stream, checkpoint: null, last_run_at: now, last_success_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['connector_instance_id', 'stream']).doUpdateSet({ last_run_at: now, last_success_at: now, updated_at: now }))
    .execute();
}

/** Records that a run of the stream started (the scheduler spaces runs, failed ones included, by this). */
export async function touchStreamRun(db: Db, instanceId: string, stream: string, now: number): Promise<void> {
  await db
    .insertInto('stream_states')
    .values({ connector_instance_id: instanceId, stream, checkpoint: null, last_run_at: now, last_success_at: null, updated_at: now })
    .onConflict((oc) => oc.columns(['connector_instance_id', 'stream']).doUpdateSet({ last_run_at: now, updated_at: now }))
    .execute();
}
