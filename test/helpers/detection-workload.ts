import type { Activity } from '../../src/core/activity.js';
import { HOUR, MINUTE } from '../../src/core/clock.js';
import { buildActivity } from '../../src/detection/activity-builder.js';
import type { Db } from '../../src/store/db.js';
import { inTransaction } from '../../src/store/db.js';
import type { ActivityWriter, WrittenPage } from '../../src/store/repos/activities.js';

export const ATTACKED_USER = 'lou@example.com';

/**
 * Pages of one connector as a sync would commit them: benign sign-ins (a typo now and then), then the page
 * holding a password-guessing burst against one user (`attackPage`), then more benign pages.
 */
export function workloadPages(start: number, instanceId = 'ds'): { pages: Activity[][]; attackPage: number; attackIds: string[] } {
  const people = ['ana@example.com', 'ben@example.com', 'chen@example.com', ATTACKED_USER];
  const pages: Activity[][] = [];
  let n = 0;
  const benignPage = (t: number) =>
    people.flatMap((email, i) => {
      const id = `${instanceId}-ok-${n++}`;
      const typo = n % 7 === 0 ? [buildActivity({ id: `${id}-typo`, connectorInstanceId: instanceId, action: 'user.login_failed', actor: { email }, srcIp: `81.2.69.${10 + i}`, time: t + i * MINUTE - 30_000 })] : [];
      return [...typo, buildActivity({ id, connectorInstanceId: instanceId, action: 'user.login', actor: { email }, srcIp: `81.2.69.${10 + i}`, time: t + i * MINUTE })];
    });
  for (let p = 0; p < 3; p++) pages.push(benignPage(start + p * HOUR));
  const attackAt = start + 3 * HOUR;
  const attack = Array.from({ length: 12 }, (_, i) =>
    buildActivity({ id: `${instanceId}-guess-${i}`, connectorInstanceId: instanceId, action: 'user.login_failed', actor: { email: ATTACKED_USER }, srcIp: '194.168.255.77', time: attackAt + i * 10_000 }),
  );
  pages.push([...benignPage(attackAt - 10 * MINUTE), ...attack]);
  for (let p = 4; p < 6; p++) pages.push(benignPage(start + p * HOUR));
  return { pages, attackPage: 3, attackIds: attack.map((a) => a.id) };
}

/** Commits one page the way the sync does: the writer inside one transaction. */
export async function commitPage(db: Db, write: ActivityWriter, page: readonly Activity[]): Promise<WrittenPage> {
  return inTransaction(db, 'Storing a test page', (trx) => write(trx, page));
}
