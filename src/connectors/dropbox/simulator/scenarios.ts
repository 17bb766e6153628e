import { HOUR, MINUTE } from '../../../core/clock.js';
import { localTimeBetween } from '../../sdk/simulator/local-time.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';
import { buildEvent, fileAsset, type SimEvent } from './events.js';
import { externalParticipant, FILES, FOLDERS, nsIdOf } from './history.js';
import type { SimMember, Tenant } from './tenant.js';

export const DROPBOX_SCENARIO_IDS = ['mass-download', 'external-share-burst', 'two-step-requirement-off'] as const;

/** Files downloaded in the mass-download scenario, and links / shares in the share burst (every third is a share). */
export const MASS_DOWNLOADS = 140;
export const BURST_LINKS = 30;
export const BURST_SHARES = 15;

export interface ScenarioPlan {
  events: SimEvent[];
  facts: ScenarioFact[];
}

/** A throwaway mailbox outside the firm: where the burst's folders go. */
const DROP_ADDRESS = { name: 'J. Smith', email: 'jsmith.files2026@gmail.example' };

/** The attacks of issue #14 for Dropbox, in the last two days before `now`. */
export function planScenarios(tenant: Tenant, seed: number, now: number, enabled: readonly string[]): ScenarioPlan {
  const rng = new SeededRandom(mixSeed(seed, 0xdb5ce));
  const events: SimEvent[] = [];
  const facts: ScenarioFact[] = [];
  const member = (i: number) => tenant.members[i] as SimMember;

  if (enabled.includes('mass-download')) {
    // A litigator about to leave syncs down the matter archive late in the evening, from home.
    const who = member(16);
    const start = localTimeBetween(who.person.place, 22, 10, now - 36 * HOUR, now - 4 * HOUR);
    const desktop = who.sessions.find((s) => s.kind === 'desktop_client')?.sessionId ?? null;
    const burst: SimEvent[] = [];
    for (let i = 0; i < MASS_DOWNLOADS; i++) {
      const folder = FOLDERS[i % FOLDERS.length] as string;
      const name = `${String(i + 1).padStart(3, '0')}-${FILES[i % FILES.length]}`;
      burst.push(buildEvent(tenant, { at: start + i * 18_000, actor: who, ip: who.person.ip, access: 'desktop', sessionId: desktop, type: 'file_download', description: 'Downloaded files and/or folders', category: 'file_operations', assets: [fileAsset(`${folder}/${name}`, `id:${rng.int(1e9, 9e9)}`, nsIdOf(who))] }, rng, 0));
    }
    events.push(...burst);
    facts.push({
      id: 'mass-download',
      policy: 'detection.mass-download',
      user: who.person.email,
      eventIds: burst.map((e) => e.id),
      description: `${who.person.email} downloaded ${MASS_DOWNLOADS} files from the team's matter folders in 42 minutes, late in the evening; they download a handful a day.`,
    });
  }

  if (enabled.includes('external-share-burst')) {
    // A compromised account publishes client folders: public links and shares to an outside mailbox.
    const who = member(23);
    const start = localTimeBetween(who.person.place, 20, 30, now - 30 * HOUR, now - 2 * HOUR);
    const web = who.sessions.find((s) => s.kind === 'web_session')?.sessionId ?? null;
    const burst: SimEvent[] = [];
    for (let i = 0; i < BURST_LINKS + BURST_SHARES; i++) {
      const at = start + i * 30_000;
      const folder = FOLDERS[i % FOLDERS.length] as string;
      if (i % 3 === 2) {
        burst.push(buildEvent(tenant, {
          at, actor: who, ip: who.person.ip, sessionId: web, type: 'shared_content_add_member', description: 'Added users and/or groups to shared file/folder', category: 'sharing', involveNonTeamMember: true,
          participants: [externalParticipant(DROP_ADDRESS, 'dbid:AAD7x2mQe4Zt0pLkS9vYb3nWc1uR8hJf5gT')],
          assets: [{ '.tag': 'folder', path: { contextual: `${folder}/${i}`, namespace_relative: { ns_id: nsIdOf(who), relative_path: `/${i}`, is_shared_namespace: true } }, display_name: `${folder.split('/').pop() ?? 'folder'} ${i}` }],
          details: { shared_content_access_level: { '.tag': 'editor' } },
        }, rng, 0));
      } else {
        const name = FILES[i % FILES.length] as string;
        burst.push(buildEvent(tenant, {
          at, actor: who, ip: who.person.ip, sessionId: web, type: 'shared_link_create', description: 'Created shared link', category: 'sharing', involveNonTeamMember: false,
          assets: [fileAsset(`${folder}/${i}-${name}`, `id:${rng.int(1e9, 9e9)}`, nsIdOf(who))],
          details: { shared_link_access_level: { '.tag': 'reader' } },
        }, rng, 0));
      }
    }
    events.push(...burst);
    facts.push({
      id: 'external-share-burst',
      policy: 'detection.mass-external-sharing',
      user: who.person.email,
      eventIds: burst.map((e) => e.id),
      description: `${who.person.email} created ${burst.length} shared links and shares to ${DROP_ADDRESS.email} within ${Math.round((burst.length * 30_000) / MINUTE)} minutes in the evening.`,
    });
  }
  if (enabled.includes('two-step-requirement-off')) {
    // The Team admin's account, signed in from home, turns off the team's two-step verification requirement.
    const who = member(tenant.adminIndex);
    const at = localTimeBetween(who.person.place, 7, 40, now - 40 * HOUR, now - 3 * HOUR);
    const off = buildEvent(tenant, {
      at, actor: who, asAdmin: true, ip: who.person.ip, type: 'tfa_change_policy', description: 'Changed two-step verification setting for team', category: 'tfa', context: 'team',
      details: { new_value: { '.tag': 'require_tfa_disable' }, previous_value: { '.tag': 'require_tfa_enable' } },
    }, rng, 0);
    events.push(off);
    facts.push({ id: 'two-step-requirement-off', policy: 'detection.mfa-disabled', user: who.person.email, eventIds: [off.id], description: `${who.person.email} turned off the team's two-step verification requirement in the Admin Console.` });
  }
  return { events, facts };
}
