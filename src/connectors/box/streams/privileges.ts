import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { BoxSession } from '../session.js';

const ROLE_NAMES: Record<string, string> = { admin: 'Primary/enterprise admin', coadmin: 'Co-admin' };

/**
 * Enterprise admins and co-admins (the users' `role`), and group admins (`role: admin` memberships). Box's
 * API does not expose which permissions a co-admin was given.
 */
export const privilegesStream: SnapshotStream<BoxSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    const { client } = session;
    for await (const users of client.markerList('box.users.list', '/users', { user_type: 'managed', fields: 'type,id,login,role,status', limit: 1000 }, runtime.signal)) {
      const records: PrivilegeRecord[] = [];
      for (const u of users) {
        const id = str(u.id);
        const role = str(u.role);
        if (id && role && role in ROLE_NAMES) records.push({ accountProviderId: id, role: ROLE_NAMES[role] as string, roleId: role, scope: '/', details: { status: str(u.status) } });
      }
      if (records.length) yield records;
    }
    const groups = await client.all(client.offsetList('box.groups.list', '/groups', { fields: 'type,id,name', limit: 1000 }, runtime.signal));
    for (const group of groups) {
      const id = str(group.id);
      if (!id) continue;
      const memberships = await client.all(client.offsetList('box.groups.memberships', `/groups/${encodeURIComponent(id)}/memberships`, { limit: 1000 }, runtime.signal));
      const records: PrivilegeRecord[] = memberships
        .filter((m) => str(m.role) === 'admin' && str(asRecord(m.user)?.id))
        .map((m) => ({ accountProviderId: str(asRecord(m.user)?.id) as string, role: 'Group admin', roleId: 'group_admin', scope: `/groups/${id}`, details: { group: str(group.name), membershipId: str(m.id) } }));
      if (records.length) yield records;
    }
  },
};
