import type { Db } from '../store/db.js';
import { listInstances } from '../store/repos/connector-instances.js';
import { getStreamStates } from '../store/repos/stream-states.js';
import type { SyncService } from '../sync/sync-service.js';

/** One stream run: a worker's sync job. */
export interface StreamRun {
  instanceId: string;
  stream: string;
  kind: 'snapshot' | 'incremental';
}

/**
 * The stream runs due now, snapshots of a connection before its activities (enrichment needs the inventory):
 * the same rule as the embedded scheduler (src/sync/scheduler.ts) per stream — a stream is due when its last
 * run started `snapshotMs` / `pollMs` ago or never ran; disabled connections are skipped. A failed run counts
 * as run (it is retried at the interval, not at once).
 */
export async function dueStreamRuns(db: Db, sync: SyncService, now: number, every: { pollMs: number; snapshotMs: number }): Promise<StreamRun[]> {
  const due: StreamRun[] = [];
  for (const instance of await listInstances(db)) {
    if (instance.status === 'disabled') continue;
    const connector = sync.connectorFor(instance);
    const states = new Map((await getStreamStates(db, instance.id)).map((s) => [s.stream, s]));
    const streams = Object.entries(connector.streams)
      .filter(([name]) => !instance.streams || instance.streams.includes(name))
      .sort(([, a], [, b]) => Number(a.kind === 'incremental') - Number(b.kind === 'incremental'));
    for (const [name, stream] of streams) {
      const interval = stream.kind === 'snapshot' ? every.snapshotMs : every.pollMs;
      if ((states.get(name)?.lastRunAt ?? 0) + interval <= now) due.push({ instanceId: instance.id, stream: name, kind: stream.kind });
    }
  }
  return due;
}
