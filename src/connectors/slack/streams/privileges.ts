import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import type { SlackSession } from '../session.js';
import { webMembers, type WebMember } from './accounts.js';

/** The org-level roles a member holds: primary owner, owner, admin (each held once, over the whole org). */
export function rolesOf(member: WebMember): { role: string; roleId: string }[] {
  const roles: { role: string; roleId: string }[] = [];
  if (member.isPrimaryOwner) roles.push({ role: 'Primary Owner', roleId: 'primary_owner' });
  else if (member.isOwner) roles.push({ role: 'Owner', roleId: 'owner' });
  if (member.isAdmin) roles.push({ role: 'Admin', roleId: 'admin' });
  return roles;
}

export const privilegesStream: SnapshotStream<SlackSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    const members = await webMembers(session, runtime.signal);
    const records: PrivilegeRecord[] = [];
    for (const member of members.values()) {
      for (const { role, roleId } of rolesOf(member)) records.push({ accountProviderId: member.id, role, roleId, scope: '/', details: {} });
    }
    yield records;
  },
};
