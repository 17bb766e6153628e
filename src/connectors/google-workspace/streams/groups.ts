import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { GoogleSession } from '../session.js';

/** Groups (200 a page) with their direct members (member ids; owners and managers in details). */
export const groupsStream: SnapshotStream<GoogleSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const { client, config } = session;
    for await (const page of client.pages('google.directory.groups.list', client.directoryUrl('/groups'), 'groups', { customer: config.customerId, maxResults: 200 }, runtime.signal)) {
      const records: GroupRecord[] = [];
      for (const group of page) {
        const id = str(group.id);
        if (!id) continue;
        const members: string[] = [];
        const roles: Record<string, string> = {};
        for await (const list of client.pages('google.directory.members.list', client.directoryUrl(`/groups/${encodeURIComponent(id)}/members`), 'members', { maxResults: 200 }, runtime.signal)) {
          for (const m of list) {
            const memberId = str(m.id);
            if (!memberId) continue;
            members.push(memberId);
            roles[memberId] = str(m.role) ?? 'MEMBER';
          }
        }
        records.push({ providerId: id, name: str(group.name) ?? str(group.email), kind: group.adminCreated === false ? 'user-created' : 'admin-created', members, details: { email: str(group.email), description: str(group.description), roles } });
      }
      yield records;
    }
  },
};
