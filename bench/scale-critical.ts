import pg from 'pg';

/**
 * (c)'s "why not faster": what bounds the workers' wall time besides CPU, measured from the workers' own job
 * log lines (JSON at info: "stream job finished/failed" and "detection job finished" with start and end) and
 * from sampling the job queue while they run.
 */
export interface CriticalFigures {
  /** The slowest connection's stream jobs added up: they run one after another (one queue per connection), so no number of workers finishes sooner. */
  criticalPathSeconds: number;
  /** ... the provider of that connection. */
  criticalProvider: string;
  /** Detection jobs added up (they run one at a time under detection's lock). */
  detectionSeconds: number;
  /** From the end of the last stream job to the end of the last detection job: detection catching up after the syncs. */
  detectionTailSeconds: number;
  /** From the end of the last job to the last worker's exit (--exit-when-idle's two idle ticks, shutting down). */
  exitSeconds: number;
  /** Job slots (workers × concurrency) busy with a job, as a share of slots × wall time. */
  slotUtilisation: number;
  /** Slot-seconds a free slot idled while a job it could run was queued (job pick-up latency). */
  idleWhileQueuedSlotSeconds: number;
  /** Seconds in which fewer runnable jobs existed than slots (the estate's remaining parallelism ran out). */
  starvedSeconds: number;
  /** Backend-seconds spent waiting for each advisory lock (sampled from pg_locks). */
  lockWaitSeconds: Record<string, number>;
}

type QueueFigures = Pick<CriticalFigures, 'idleWhileQueuedSlotSeconds' | 'starvedSeconds' | 'lockWaitSeconds'>;

/** Parapet's advisory locks by their pg_locks key (src/store/postgres.ts, lock-scope.ts, workers/worker.ts). */
function lockName(objsubid: number, classid: number, objid: number): string {
  if (objsubid === 1) {
    const key = classid * 2 ** 32 + objid;
    return key === 0x70617261 ? 'ingest numbering' : key === 0x7061726b ? 'database-wide' : key === 0x70617263 ? 'leader' : `other ${key}`;
  }
  if (classid === 0x7063) return 'connection';
  if (classid === 0x7072) return objid === 2 ? 'detection' : objid === 1 ? 'identities' : 'resource';
  return 'other';
}

interface JobLine {
  msg: string;
  instanceId?: string;
  jobStartedAt?: number;
  jobEndedAt?: number;
}

/** Keeps the JSON log lines of a worker's stderr that describe jobs. */
export function jobLineCollector(): { push(chunk: string): void; lines: JobLine[] } {
  const lines: JobLine[] = [];
  let rest = '';
  return {
    lines,
    push(chunk: string) {
      rest += chunk;
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) {
        if (!part.includes('job')) continue;
        try {
          const line = JSON.parse(part) as JobLine;
          if (line.jobStartedAt && line.jobEndedAt) lines.push(line);
        } catch {
          // not JSON: an error message kept by the caller
        }
      }
    },
  };
}

/** Samples the queue every 250 ms: runnable jobs (unlocked, due, their connection's queue free) against free slots. */
export function sampleQueue(url: string, slots: number): { stop(): Promise<QueueFigures> } {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  let idleSlotSeconds = 0;
  let starved = 0;
  const waits: Record<string, number> = {};
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    const { rows } = await client.query<{ s: string }>('select current_schema() as s');
    const schema = pg.escapeIdentifier(!rows[0]?.s || rows[0].s === 'public' ? 'graphile_worker' : `${rows[0].s}_jobs`);
    let last = performance.now();
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 250));
      const now = performance.now();
      const dt = (now - last) / 1000;
      last = now;
      try {
        const { rows: counts } = await client.query<{ running: number; runnable: number }>(
          `select count(*) filter (where j.locked_at is not null)::int as running,
                  count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now() and (q.id is null or q.locked_at is null))::int as runnable
             from ${schema}._private_jobs j left join ${schema}._private_job_queues q on q.id = j.job_queue_id`,
        );
        const { running = 0, runnable = 0 } = counts[0] ?? {};
        const free = Math.max(0, slots - running);
        idleSlotSeconds += Math.min(free, runnable) * dt;
        if (running > 0 && running + runnable < slots) starved += dt;
        const { rows: locks } = await client.query<{ objsubid: number; classid: string; objid: string; n: number }>(
          `select objsubid::int, classid::bigint::text as classid, objid::bigint::text as objid, count(*)::int as n from pg_locks
            where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())
            group by 1, 2, 3`,
        );
        for (const l of locks) {
          const name = lockName(l.objsubid, Number(l.classid), Number(l.objid));
          waits[name] = (waits[name] ?? 0) + l.n * dt;
        }
      } catch {
        // the queue's schema does not exist until the first worker migrated it
      }
    }
  })().catch(() => undefined);
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end().catch(() => undefined);
      const lockWaitSeconds = Object.fromEntries(Object.entries(waits).map(([name, seconds]) => [name, Math.round(seconds * 10) / 10]));
      return { idleWhileQueuedSlotSeconds: Math.round(idleSlotSeconds * 10) / 10, starvedSeconds: Math.round(starved * 10) / 10, lockWaitSeconds };
    },
  };
}

/** The figures from the job lines of a run that started at `t0Ms` (epoch) and ended at `t1Ms`. */
export function criticalFigures(lines: readonly JobLine[], providerOf: ReadonlyMap<string, string>, slots: number, t1Ms: number, queue: QueueFigures, seconds: number): CriticalFigures {
  const perConnection = new Map<string, number>();
  let busy = 0;
  let detection = 0;
  let lastStream = 0;
  let lastDetection = 0;
  let lastJob = 0;
  for (const l of lines) {
    const ms = (l.jobEndedAt ?? 0) - (l.jobStartedAt ?? 0);
    busy += ms;
    lastJob = Math.max(lastJob, l.jobEndedAt ?? 0);
    if (l.msg === 'detection job finished') {
      detection += ms;
      lastDetection = Math.max(lastDetection, l.jobEndedAt ?? 0);
    } else if (l.instanceId) {
      perConnection.set(l.instanceId, (perConnection.get(l.instanceId) ?? 0) + ms);
      lastStream = Math.max(lastStream, l.jobEndedAt ?? 0);
    }
  }
  const [slowest, slowestMs] = [...perConnection.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const s = (ms: number) => Math.round(ms / 100) / 10;
  return {
    criticalPathSeconds: s(slowestMs),
    criticalProvider: providerOf.get(slowest) ?? 'unknown',
    detectionSeconds: s(detection),
    detectionTailSeconds: s(Math.max(0, lastDetection - lastStream)),
    exitSeconds: s(Math.max(0, t1Ms - lastJob)),
    slotUtilisation: Math.round((busy / 1000 / (slots * seconds)) * 100) / 100,
    ...queue,
  };
}

/** One line of the figures. */
export function describeCritical(c: CriticalFigures): string {
  return (
    `critical path (slowest connection's jobs end to end, one at a time) ${c.criticalPathSeconds} s (${c.criticalProvider}); ` +
    `detection ${c.detectionSeconds} s in all (serialised), of which ${c.detectionTailSeconds} s after the last sync ended; exit after the last job ${c.exitSeconds} s; ` +
    `job slots busy ${Math.round(c.slotUtilisation * 100)}%, a free slot idle while a job was runnable ${c.idleWhileQueuedSlotSeconds} slot-s, fewer runnable jobs than slots for ${c.starvedSeconds} s; ` +
    `advisory lock waits (backend-s) ${Object.entries(c.lockWaitSeconds).map(([name, s]) => `${name} ${s}`).join(', ') || 'none sampled'}`
  );
}
