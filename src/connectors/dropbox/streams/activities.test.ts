import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../../core/clock.js';
import { CONFORMANCE_NOW, readActivities, runtimeFor } from '../../sdk/conformance/read-activities.js';
import dropbox from '../index.js';
import { dropboxSimulator, type RunningDropboxSimulator } from '../simulator/index.js';
import { activitiesStream, parseCategoryCheckpoints, parseTeamLogCheckpoint } from './activities.js';

const checkpointsOf = (text: string) => new Map<string, string | null>([['activities', text]]);

describe('Dropbox team log stream over the simulator', () => {
  let sim: RunningDropboxSimulator;
  beforeAll(async () => {
    sim = await dropboxSimulator.start({ seed: 11, frozenAt: CONFORMANCE_NOW, pageSize: 100 });
  });
  afterAll(async () => sim.close());

  it('keeps the cursor open: a caught-up read gets nothing, and an event logged later (a suspension) comes through it alone', async () => {
    const all = await readActivities(dropbox, sim.config);
    expect(all.done).toBe(true);
    const caughtUp = await readActivities(dropbox, sim.config, { checkpoints: all.checkpoints });
    expect(caughtUp.sourceIds).toEqual([]);
    const before = new Set(sim.feedRecordIds());
    const target = sim.tenant().members[20]!;
    const action = dropbox.actions['suspend-user']!;
    const runtime = runtimeFor(dropbox, sim.config);
    await action.run(dropbox.createSession(sim.config, runtime), runtime, { targetProviderId: target.teamMemberId, config: sim.config });
    const added = sim.feedRecordIds().filter((id) => !before.has(id));
    expect(added).toHaveLength(1);
    const next = await readActivities(dropbox, sim.config, { checkpoints: all.checkpoints });
    expect(next.sourceIds).toEqual(added);
  });

  it('restarts from the latest stored event time when Dropbox says bad_cursor (the overlap is the store’s to absorb)', async () => {
    const through = CONFORMANCE_NOW - 2 * DAY;
    const resumed = await readActivities(dropbox, sim.config, { checkpoints: checkpointsOf(JSON.stringify({ cursor: 'not-a-cursor', through })) });
    expect(resumed.done).toBe(true);
    const fromThrough = new Set(sim.truth().activityIds);
    expect(resumed.sourceIds.length).toBeGreaterThan(0);
    for (const id of resumed.sourceIds) expect(fromThrough.has(id)).toBe(true);
    const checkpoint = parseTeamLogCheckpoint([...resumed.checkpoints.values()][0] ?? null);
    expect(checkpoint?.cursor).not.toBe('not-a-cursor');
    expect(checkpoint?.through).toBeGreaterThanOrEqual(through);
  });

  it('restarts at the time a reset names when the cursor is older than the log keeps', async () => {
    const ancient = Buffer.from(JSON.stringify({ v: 1, a: 0, s: 0, st: null, en: null, c: null, l: 100 })).toString('base64url');
    const resumed = await readActivities(dropbox, sim.config, { checkpoints: checkpointsOf(JSON.stringify({ cursor: ancient, through: 0 })) });
    expect(resumed.done).toBe(true);
    // The reset names the start of the 30 days the simulator keeps: everything from there, each once.
    expect(resumed.sourceIds.length).toBe(new Set(resumed.sourceIds).size);
    expect(resumed.sourceIds.length).toBeGreaterThan(sim.truth().activityIds.length);
  });

  it('with categories, reads each with its own cursor: exactly those events, resumable, caught up afterwards', async () => {
    const everything: Record<string, unknown>[] = [];
    const runtime = runtimeFor(dropbox, sim.config);
    for await (const page of activitiesStream.read(dropbox.createSession(sim.config, runtime), runtime, { checkpoint: null, backfillFrom: CONFORMANCE_NOW - 7 * DAY })) everything.push(...(page.records as Record<string, unknown>[]));
    const categoryOf = (e: Record<string, unknown>) => (e.event_category as { '.tag': string })['.tag'];
    const config = { ...sim.config, categories: ['logins', 'members'], pageSize: 20 };
    const want = everything.filter((e) => ['logins', 'members'].includes(categoryOf(e))).map((e) => dropbox.normalize(e, { connectorInstanceId: 'c', ingestedAt: 0, lookupAccount: () => undefined }).sourceId).sort();
    const first = await readActivities(dropbox, config, { maxPages: 3 });
    const rest = await readActivities(dropbox, config, { checkpoints: first.checkpoints });
    expect([...first.sourceIds, ...rest.sourceIds].sort()).toEqual(want);
    expect(Object.keys(JSON.parse([...rest.checkpoints.values()][0] ?? '{}').byCategory)).toEqual(['logins', 'members']);
    expect((await readActivities(dropbox, config, { checkpoints: rest.checkpoints })).sourceIds).toEqual([]);
  });

  it('reads an unreadable checkpoint as none', () => {
    expect(parseTeamLogCheckpoint('{"cursor":""}')).toBeNull();
    expect(parseTeamLogCheckpoint('nope')).toBeNull();
    expect(parseTeamLogCheckpoint(JSON.stringify({ cursor: 'c', through: 5 }))).toEqual({ cursor: 'c', through: 5 });
    expect({ ...parseCategoryCheckpoints(JSON.stringify({ byCategory: { logins: { cursor: 'c', through: 5 }, members: { cursor: '' } } })) }).toEqual({ logins: { cursor: 'c', through: 5 } });
    expect({ ...parseCategoryCheckpoints('nope') }).toEqual({});
  });
});
