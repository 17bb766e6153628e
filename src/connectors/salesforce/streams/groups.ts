import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { SalesforceSession } from '../session.js';

/** Public groups, queues and role groups (Group) with their direct members (GroupMember: users or groups). */
export const groupsStream: SnapshotStream<SalesforceSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const members = new Map<string, string[]>();
    for await (const page of session.client.queryAll('SELECT Id, GroupId, UserOrGroupId FROM GroupMember ORDER BY Id', runtime.signal)) {
      for (const m of page) {
        const group = str(m.GroupId);
        const member = str(m.UserOrGroupId);
        if (group && member) members.set(group, [...(members.get(group) ?? []), member]);
      }
    }
    for await (const page of session.client.queryAll('SELECT Id, Name, DeveloperName, Type FROM Group ORDER BY Id', runtime.signal)) {
      yield page
        .map((g): GroupRecord | null => {
          const id = str(g.Id);
          if (!id) return null;
          return { providerId: id, name: str(g.Name) ?? str(g.DeveloperName), kind: (str(g.Type) ?? 'Regular').toLowerCase(), members: members.get(id) ?? [], details: { developerName: str(g.DeveloperName), type: str(g.Type) } };
        })
        .filter((g): g is GroupRecord => g !== null);
    }
  },
};
