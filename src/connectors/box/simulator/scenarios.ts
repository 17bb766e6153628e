import { DAY, MINUTE } from '../../../core/clock.js';
import { localTimeBetween } from '../../sdk/simulator/local-time.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';
import { buildEvent, fileSource, folderSource, type SimEvent } from './events.js';
import { boxId, type SimUser, type Tenant } from './tenant.js';

export const BOX_SCENARIO_IDS = ['mass-download', 'external-share-burst'] as const;

export interface ScenarioPlan {
  events: SimEvent[];
  facts: ScenarioFact[];
}

/** Personal mailboxes outside the organisation the burst goes to. */
const DROP_DOMAINS = ['mailbox-free.example', 'inboxnow.example', 'quickmail.example'];

/** The attacks of issue #14 for Box, in the last two days before `now`. */
export function planScenarios(tenant: Tenant, seed: number, now: number, enabled: readonly string[]): ScenarioPlan {
  const rng = new SeededRandom(mixSeed(seed, 0xb05ce));
  const events: SimEvent[] = [];
  const facts: ScenarioFact[] = [];
  const user = (i: number) => tenant.users[i] as SimUser;

  if (enabled.includes('mass-download')) {
    const who = user(6);
    const start = localTimeBetween(who.person.place, 21, 10, now - 2 * DAY, now - 26 * 60 * MINUTE);
    const batch: SimEvent[] = [];
    for (let i = 0; i < 120; i++) {
      batch.push(buildEvent(tenant, { at: start + i * 10_000 + rng.int(0, 5000), type: 'DOWNLOAD', by: who, source: fileSource(rng, `client-ledger-${String(i + 1).padStart(3, '0')}.xlsx`, who), lagMinutes: i % 17 === 0 ? 90 : 0 }, rng));
    }
    events.push(...batch);
    facts.push({ id: 'mass-download', policy: 'detection.mass-download', user: who.person.email, eventIds: batch.map((e) => String(e.record.event_id)), description: `${who.person.email} downloaded 120 client ledgers in 20 minutes late in the evening (some of the events reached Box's log 90 minutes late).` });
  }

  if (enabled.includes('external-share-burst')) {
    const who = user(11);
    const start = localTimeBetween(who.person.place, 19, 30, now - DAY, now - 4 * 60 * MINUTE);
    const batch: SimEvent[] = [];
    for (let i = 0; i < 18; i++) {
      const login = `files${i + 1}@${DROP_DOMAINS[i % DROP_DOMAINS.length]}`;
      batch.push(buildEvent(tenant, { at: start + i * 70_000, type: 'COLLABORATION_INVITE', by: who, source: folderSource(rng, `Matter ${2280 + i} - Pleadings`, who), accessibleBy: { type: 'user', id: boxId(rng), name: login.split('@')[0], login }, details: { role: 'Viewer', is_performed_by_admin: false, collab_id: String(rng.int(1e9, 9e9)) } }, rng));
    }
    for (let i = 0; i < 6; i++) {
      batch.push(buildEvent(tenant, { at: start + 22 * MINUTE + i * 40_000, type: 'SHARE', by: who, source: fileSource(rng, `settlement-draft-v${i + 1}.docx`, who), details: { shared_link_access: 'open' } }, rng));
    }
    events.push(...batch);
    facts.push({ id: 'external-share-burst', policy: 'detection.mass-external-sharing', user: who.person.email, eventIds: batch.map((e) => String(e.record.event_id)), description: `${who.person.email} invited 18 personal addresses outside the firm to pleadings folders and opened 6 settlement drafts to anyone with the link, within half an hour.` });
  }
  return { events, facts };
}
