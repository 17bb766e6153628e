import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotEntity, SnapshotRecordMap, SnapshotStream } from '../../sdk/define-connector.js';
import { CONFORMANCE_NOW, runtimeFor } from '../../sdk/conformance/read-activities.js';
import atlassian from '../index.js';
import type { AtlassianSession } from '../session.js';
import { atlassianSimulator, type RunningAtlassianSimulator } from '../simulator/index.js';
import { accountsStream } from './accounts.js';
import { groupsStream } from './groups.js';
import { privilegesStream } from './privileges.js';

describe('Atlassian inventory streams over small pages (v1 full-URL next links, v2 bare cursors)', () => {
  let sim: RunningAtlassianSimulator;
  beforeAll(async () => {
    sim = await atlassianSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 7 });
  });
  afterAll(async () => sim.close());

  async function read<E extends SnapshotEntity>(stream: SnapshotStream<AtlassianSession, E>): Promise<{ records: SnapshotRecordMap[E][]; pages: number }> {
    const runtime = runtimeFor(atlassian, sim.config);
    const records: SnapshotRecordMap[E][] = [];
    let pages = 0;
    for await (const page of stream.read(atlassian.createSession(sim.config, runtime), runtime)) {
      records.push(...page);
      pages++;
    }
    return { records, pages };
  }

  it('accounts: every managed account once, the leaver suspended, admins flagged from their platform roles', async () => {
    const { records, pages } = await read(accountsStream);
    const users = sim.tenant().users;
    expect(pages).toBe(6);
    expect(records.map((a) => a.providerId)).toEqual(users.map((u) => u.accountId));
    expect(records.filter((a) => a.status === 'suspended').map((a) => a.email)).toEqual([users[9]!.email]);
    // The org admin, the site admin, the user access admin, and the member the org-admin-added scenario promoted.
    expect(records.filter((a) => a.isAdmin).map((a) => a.email)).toEqual([0, 2, 3, 17].map((i) => users[i]!.email));
    expect(records[17]?.details).toMatchObject({ roles: ['atlassian/org-admin'], mfaEnabled: false });
  });

  it('groups: all six, with their members from the users’ group expansion; privileges: the admins’ platform roles only', async () => {
    const { records } = await read(groupsStream);
    const users = sim.tenant().users;
    expect(records.map((g) => g.name)).toEqual(['jira-software-users', 'confluence-users', 'site-admins', 'litigation', 'corporate-law', 'emea-office']);
    expect(records[0]?.members).toHaveLength(40);
    expect(records[2]?.members).toEqual([0, 2, 3].map((i) => users[i]!.accountId));
    const privileges = (await read(privilegesStream)).records;
    expect(privileges.map((p) => [users.findIndex((u) => u.accountId === p.accountProviderId), p.roleId, p.role])).toEqual([
      [0, 'atlassian/org-admin', 'Organization admin'],
      [2, 'atlassian/site-admin', 'Site admin'],
      [3, 'atlassian/user-access-admin', 'User access admin'],
      [17, 'atlassian/org-admin', 'Organization admin'],
    ]);
  });
});
