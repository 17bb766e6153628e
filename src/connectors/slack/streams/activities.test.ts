import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, manualClock } from '../../../core/clock.js';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import { createConnectorRuntime } from '../../sdk/runtime.js';
import slack from '../index.js';
import { slackSimulator, type RunningSlackSimulator } from '../simulator/index.js';
import { activitiesStream } from './activities.js';

/** Slack's clock (the frozen simulator) stands 700 ms into a second; this machine's clock is `aheadMs` ahead. */
const SLACK_NOW = CONFORMANCE_NOW + 700;

describe('Slack audit stream at the boundary second', () => {
  let sim: RunningSlackSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  /** One sync with this machine's clock at `localNow`: the ids delivered, in order, and the checkpoint. */
  async function sync(running: RunningSlackSimulator, localNow: number, checkpoint: string | null): Promise<{ ids: string[]; checkpoint: string | null }> {
    const runtime = createConnectorRuntime(slack, running.config, { logger: pino({ level: 'silent' }), clock: manualClock(localNow) });
    const session = slack.createSession(running.config, runtime);
    const ids: string[] = [];
    let last = checkpoint;
    for await (const page of activitiesStream.read(session, runtime, { checkpoint, backfillFrom: localNow - 7 * DAY })) {
      ids.push(...page.records.map((r) => String((r as { id?: unknown }).id)));
      last = page.checkpoint;
    }
    return { ids, checkpoint: last };
  }

  /** An entry Slack writes now, at its current second (a session reset by the admin, through the Web API). */
  async function entryNow(running: RunningSlackSimulator): Promise<string> {
    const before = new Set(running.feedRecordIds());
    const user = running.tenant().users.find((u) => u.active && u.role === 'member');
    const response = await fetch(`${running.urls.web}/admin.users.session.reset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.config.adminToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_id: user?.id ?? '' }).toString(),
    });
    expect(await response.json()).toEqual({ ok: true });
    const added = running.feedRecordIds().filter((id) => !before.has(id));
    expect(added).toHaveLength(1);
    return added[0] as string;
  }

  it.each([
    ['this machine 5 s ahead of Slack', 5_000],
    ['this machine in the next second', 400],
    ['both clocks in the same second', 0],
  ])('an entry created in Slack\'s current second after a read is delivered by the next sync, exactly once (%s)', async (_name, aheadMs) => {
    const running = await slackSimulator.start({ seed: 4, frozenAt: SLACK_NOW, historyDays: 8, people: 60 });
    sim = running;
    const first = await sync(running, SLACK_NOW + aheadMs, null);
    const created = await entryNow(running);
    const second = await sync(running, SLACK_NOW + aheadMs + 2_000, first.checkpoint);
    const third = await sync(running, SLACK_NOW + aheadMs + 60_000, second.checkpoint);
    const all = [...first.ids, ...second.ids, ...third.ids];
    // Every entry of the week, each once (a list, so a duplicate fails), and the new one among them.
    const week = running.feedRecordIds().filter((id) => running.truth().activityIds.includes(id));
    expect([...all].sort()).toEqual([...week].sort());
    expect(all.filter((id) => id === created)).toEqual([created]);
  });
});
