import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, systemClock } from '../../../core/clock.js';
import { AuthError } from '../../../core/errors.js';
import type { IncrementalPage, IncrementalStream } from '../../sdk/define-connector.js';
import { createConnectorRuntime } from '../../sdk/runtime.js';
import type { DocusignConfig } from '../config.js';
import docusign from '../index.js';
import type { DocusignSession } from '../session.js';
import { docusignSimulator } from '../simulator/index.js';
import { MAX_EMPTY_PAGES_IN_A_ROW } from './activities.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');
const stream = docusign.streams.activities as IncrementalStream<DocusignSession>;

async function read(config: DocusignConfig, checkpoint: string | null, backfillFrom: number) {
  const warnings: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) warnings.push(String((JSON.parse(line) as { msg: string }).msg));
      done();
    },
  });
  const runtime = createConnectorRuntime(docusign, config, { logger: pino({ level: 'warn' }, sink), clock: systemClock });
  const session = docusign.createSession(config, runtime);
  const pages: IncrementalPage[] = [];
  for await (const page of stream.read(session, runtime, { checkpoint, backfillFrom })) pages.push(page);
  return { pages, warnings };
}

const ids = (pages: readonly IncrementalPage[]) => pages.flatMap((p) => p.records.map((r) => (r as { eventId: string }).eventId));

describe('DocuSign Monitor stream', () => {
  it('stops at the max-pages guard when empty pages keep bringing new cursors, and keeps every event', async () => {
    const sim = await docusignSimulator.start({ frozenAt: FROZEN, seed: 5, endlessEmptyPages: true });
    try {
      const { pages, warnings } = await read(sim.config, null, Date.now() - 7 * DAY);
      expect([...ids(pages)].sort()).toEqual([...sim.truth().activityIds].sort());
      expect(warnings.some((w) => new RegExp(`${MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row, each with a new cursor`).test(w))).toBe(true);
      // The cursor committed last still reads on from the last events: a later read finds nothing new and nothing lost.
      const again = await read(sim.config, pages.at(-1)?.checkpoint ?? null, Date.now() - 7 * DAY);
      expect(ids(again.pages)).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('explains the 403 an administrator of two organisations gets from the dataset stream, and reads with the organisation stream', async () => {
    const sim = await docusignSimulator.start({ frozenAt: FROZEN, seed: 5, secondOrganisation: true });
    try {
      const error = await read(sim.config, null, Date.now() - 7 * DAY).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as Error).message).toMatch(/administers 2 organisations: .*Northwind Legal EMEA \(5b1f0c2e-7d4a-4e8b-9c61-2f0a3d9e8b17\).*set monitorApi: v1/);
      const { pages } = await read({ ...sim.config, monitorApi: 'v1' }, null, Date.now() - 7 * DAY);
      expect([...ids(pages)].sort()).toEqual([...sim.truth().activityIds].sort());
    } finally {
      await sim.close();
    }
  });

  it('does not skip events that happened before the cursor but were ingested after it (the cursor follows ingestion, not event time)', async () => {
    // The same seeded tenant at two times: what the later one adds is what a poll after the first would find.
    // Monitor ingests events seconds to minutes after they happen; a split is tried until one falls between.
    const later = await docusignSimulator.start({ frozenAt: FROZEN + HOUR, seed: 5 });
    try {
      let found = 0;
      for (let k = 0; k < 8 && found === 0; k++) {
        const cut = FROZEN - k * 7 * 60_000;
        const earlier = await docusignSimulator.start({ frozenAt: cut, seed: 5 });
        try {
          const first = await read(earlier.config, null, Date.now() - 7 * DAY);
          const firstIds = new Set(ids(first.pages));
          const next = await read(later.config, first.pages.at(-1)?.checkpoint ?? null, Date.now() - 7 * DAY);
          const stored = new Set([...firstIds, ...ids(next.pages)]);
          expect(later.truth().activityIds.filter((id) => !stored.has(id))).toEqual([]);
          // Happened before the first read's "now", reached Monitor only after it: read by the second.
          const late = next.pages.flatMap((p) => p.records as { eventId: string; timestamp: string }[]).filter((r) => Date.parse(r.timestamp) < cut);
          expect(late.filter((r) => firstIds.has(r.eventId))).toEqual([]);
          found = late.length;
        } finally {
          await earlier.close();
        }
      }
      expect(found).toBeGreaterThan(0);
    } finally {
      await later.close();
    }
  }, 120_000);
});
