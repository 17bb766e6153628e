import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { BoxSession } from '../session.js';

/** Groups (offset-paged) with their members' user ids, one page per group. */
export const groupsStream: SnapshotStream<BoxSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const { client } = session;
    const groups = await client.all(client.offsetList('box.groups.list', '/groups', { fields: 'type,id,name,group_type,description,provenance,created_at,modified_at', limit: 1000 }, runtime.signal));
    for (const group of groups) {
      const id = str(group.id);
      if (!id) continue;
      const memberships = await client.all(client.offsetList('box.groups.memberships', `/groups/${encodeURIComponent(id)}/memberships`, { limit: 1000 }, runtime.signal));
      const record: GroupRecord = {
        providerId: id,
        name: str(group.name),
        kind: str(group.group_type) ?? 'managed_group',
        members: memberships.map((m) => str(asRecord(m.user)?.id)).filter((m): m is string => m !== null),
        details: {
          description: str(group.description),
          provenance: str(group.provenance),
          createdAt: str(group.created_at),
          admins: memberships.filter((m) => str(m.role) === 'admin').map((m) => str(asRecord(m.user)?.id)),
        },
      };
      yield [record];
    }
  },
};
