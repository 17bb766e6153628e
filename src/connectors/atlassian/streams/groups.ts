import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { num, str } from '../../sdk/normalize-helpers.js';
import type { AtlassianSession } from '../session.js';
import { directoryUsers, SEARCH_LIMIT } from './directory.js';

/** Groups of `POST …/groups/search` (its `links.next` a bare cursor), members from the users' `groups` expansion. */
export const groupsStream: SnapshotStream<AtlassianSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const members = new Map<string, string[]>();
    for (const user of await directoryUsers(session, runtime.signal)) {
      for (const g of user.groups) members.set(g.id, [...(members.get(g.id) ?? []), user.accountId]);
    }
    for await (const page of session.client.search('atlassian.directory.groups.search', `${session.client.directory}/groups/search`, { limit: SEARCH_LIMIT }, runtime.signal)) {
      const records: GroupRecord[] = [];
      for (const g of page) {
        const id = str(g.id) ?? str(g.groupId);
        if (!id) continue;
        records.push({ providerId: id, name: str(g.name), kind: 'atlassian-group', members: members.get(id) ?? [], details: { description: str(g.description), memberCount: num(g.memberCount) } });
      }
      if (records.length) yield records;
    }
  },
};
