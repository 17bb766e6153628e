import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, num, str } from '../../sdk/normalize-helpers.js';
import type { DropboxSession } from '../session.js';

/** Team groups (`groups/list`) with their members' team member ids (`groups/members/list`). */
export const groupsStream: SnapshotStream<DropboxSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const { client } = session;
    for await (const page of client.groups(runtime.signal)) {
      const groups: GroupRecord[] = [];
      for (const g of page) {
        const id = str(g.group_id);
        if (!id) continue;
        const members: string[] = [];
        const owners: string[] = [];
        for await (const batch of client.groupMembers(id, runtime.signal)) {
          for (const m of batch) {
            const memberId = str(asRecord(m.profile)?.team_member_id);
            if (!memberId) continue;
            members.push(memberId);
            if (str(asRecord(m.access_type)?.['.tag']) === 'owner') owners.push(memberId);
          }
        }
        const managementType = str(asRecord(g.group_management_type)?.['.tag']) ?? 'user_managed';
        groups.push({ providerId: id, name: str(g.group_name), kind: managementType, members, details: { externalId: str(g.group_external_id), memberCount: num(g.member_count), owners } });
      }
      yield groups;
    }
  },
};
