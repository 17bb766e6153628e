import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { bool, str } from '../../sdk/normalize-helpers.js';
import type { ServiceNowSession } from '../session.js';

/** `sys_user_group` with members from `sys_user_grmember` (one listing for all groups, members by user_name). */
export const groupsStream: SnapshotStream<ServiceNowSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const { client, config } = session;
    const members = new Map<string, string[]>();
    for await (const rows of client.list('servicenow.groups.members', 'sys_user_grmember', { query: 'ORDERBYsys_created_on^ORDERBYsys_id', fields: ['sys_id', 'group', 'user', 'user.user_name'], limit: config.pageSize }, runtime.signal)) {
      for (const m of rows) {
        const group = str(m.group);
        const user = str(m['user.user_name']) ?? str(m.user);
        if (group && user) members.set(group, [...(members.get(group) ?? []), user]);
      }
    }
    for await (const groups of client.list('servicenow.groups.list', 'sys_user_group', { query: 'ORDERBYname^ORDERBYsys_id', fields: ['sys_id', 'name', 'description', 'active', 'manager', 'type', 'sys_created_on'], limit: config.pageSize }, runtime.signal)) {
      const records: GroupRecord[] = [];
      for (const g of groups) {
        const id = str(g.sys_id);
        if (!id) continue;
        records.push({ providerId: id, name: str(g.name), kind: 'sys_user_group', members: members.get(id) ?? [], details: { description: str(g.description), active: bool(g.active), manager: str(g.manager), type: str(g.type), created: str(g.sys_created_on) } });
      }
      if (records.length) yield records;
    }
  },
};
