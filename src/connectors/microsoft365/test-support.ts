import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { manualClock, type Clock } from '../../core/clock.js';
import type { Activity } from '../../core/activity.js';
import type { ConnectorRuntime, IncrementalPage, SnapshotEntity, SnapshotRecordMap } from '../sdk/define-connector.js';
import { HttpClient } from '../sdk/http-client.js';
import { normalizeRecord } from '../sdk/normalize-total.js';
import { RateLimitGovernor, type Sleep } from '../sdk/rate-limit-governor.js';
import { Redactor } from '../sdk/redactor.js';
import { secretValues } from '../sdk/runtime.js';
import microsoft365 from './index.js';
import type { Microsoft365Config } from './config.js';
import type { M365Session } from './session.js';

/** Test wiring only: a runtime whose waits advance a manual clock, so backoffs cost no wall-clock time. */
export interface TestRuntime extends ConnectorRuntime {
  clock: ReturnType<typeof manualClock>;
  logs: { level: number; msg: string; [key: string]: unknown }[];
  /** Total time the client "waited" (backoffs, Retry-After, pacing). */
  waited(): number;
}

export function testRuntime(config: Microsoft365Config, start: number, options: { realTime?: boolean } = {}): TestRuntime {
  const clock = manualClock(start);
  let waited = 0;
  const sleep: Sleep = async (ms) => {
    waited += ms;
    clock.advance(ms);
  };
  const logs: TestRuntime['logs'] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as TestRuntime['logs'][number]);
      done();
    },
  });
  const logger: Logger = pino({ level: 'debug' }, sink);
  const realClock: Clock = { now: () => Date.now() };
  const effectiveClock = options.realTime ? realClock : clock;
  const governor = new RateLimitGovernor(microsoft365.rateLimit, effectiveClock, options.realTime ? undefined : sleep);
  const http = new HttpClient({
    allowedHosts: microsoft365.allowedHosts(config),
    governor,
    redactor: new Redactor(secretValues(microsoft365, config)),
    logger,
    clock: effectiveClock,
    ...(options.realTime ? {} : { sleep }),
    ...microsoft365.httpPolicy,
  });
  return { http, logger, clock, logs, waited: () => waited };
}

export function sessionFor(config: Microsoft365Config, runtime: ConnectorRuntime): M365Session {
  return microsoft365.createSession(config, runtime);
}

/** Reads a snapshot stream to the end. */
export async function readSnapshot<E extends SnapshotEntity>(name: string, session: M365Session, runtime: ConnectorRuntime): Promise<SnapshotRecordMap[E][]> {
  const stream = microsoft365.streams[name];
  if (!stream || stream.kind !== 'snapshot') throw new Error(`no snapshot stream ${name}`);
  const out: SnapshotRecordMap[E][] = [];
  for await (const page of stream.read(session, runtime)) out.push(...(page as SnapshotRecordMap[E][]));
  return out;
}

/** Reads the activities stream from `checkpoint`, returning its pages. */
export async function readActivities(session: M365Session, runtime: ConnectorRuntime, checkpoint: string | null, backfillFrom: number): Promise<IncrementalPage[]> {
  const stream = microsoft365.streams.activities;
  if (!stream || stream.kind !== 'incremental') throw new Error('no activities stream');
  const pages: IncrementalPage[] = [];
  for await (const page of stream.read(session, runtime, { checkpoint, backfillFrom })) pages.push(page);
  return pages;
}

/** What a store would keep: one activity per source id (the unique key absorbs repeats across runs). */
export function store(pages: readonly IncrementalPage[], into = new Map<string, Activity>()): Map<string, Activity> {
  for (const page of pages) {
    for (const record of page.records) {
      const activity = normalizeRecord(microsoft365, record, { connectorInstanceId: 'test', ingestedAt: 0, lookupAccount: () => undefined });
      if (!into.has(activity.sourceId)) into.set(activity.sourceId, activity);
    }
  }
  return into;
}
