import type { Db } from '../store/db.js';
import { finishSyncRun, startSyncRun } from '../store/repos/sync-runs.js';

/**
 * A stream job the queue gave up on: its worker died (SIGKILL, lost database) `attempts` times in a row before
 * the run finished, so graphile-worker will not run it again. The leader records that as the stream's failed run
 * (what `parapet status` and the portal's connection health show as its last error) — the runs the dead workers
 * left "running" are closed as failed too — and then deletes the job, so the stream runs again at its next
 * schedule (`dueStreamRuns`: its poll interval after the last attempt started).
 */
export async function recordExhaustedStreamJob(db: Db, run: { instanceId: string; stream: string; attempts: number; now: number }): Promise<string> {
  const error = `the worker syncing this stream stopped ${run.attempts} times in a row before the run finished (killed, or it lost its database); Parapet runs it again at its next schedule. If it keeps happening, check the workers' memory limit and logs.`;
  await db
    .updateTable('sync_runs')
    .set({ status: 'failed', error: 'interrupted: the worker running it stopped', finished_at: run.now })
    .where('connector_instance_id', '=', run.instanceId)
    .where('stream', '=', run.stream)
    .where('status', '=', 'running')
    .execute();
  const id = await startSyncRun(db, run.instanceId, run.stream, run.now);
  await finishSyncRun(db, id, { status: 'failed', records: 0, error, now: run.now });
  return error;
}
