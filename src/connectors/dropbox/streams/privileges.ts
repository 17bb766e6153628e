import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { DropboxSession } from '../session.js';
import { memberRoles } from './accounts.js';

/** The team's admin role catalogue (`members/get_available_team_member_roles`): role id → description. */
async function roleCatalogue(session: DropboxSession, signal?: AbortSignal): Promise<Map<string, string | null>> {
  const body = await session.client.rpc('team/members/get_available_team_member_roles', null, signal);
  const roles = Array.isArray(body.roles) ? body.roles.map(asRecord).filter((r) => r !== null) : [];
  return new Map(roles.map((r) => [str(r.role_id) ?? '', str(r.description)]));
}

/** Admin roles held by members (`roles[]` of `members/list_v2`), each over the whole team, described from the catalogue. */
export const privilegesStream: SnapshotStream<DropboxSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    const catalogue = await roleCatalogue(session, runtime.signal);
    for await (const page of session.client.members({}, runtime.signal)) {
      const records: PrivilegeRecord[] = [];
      for (const entry of page) {
        const id = str(asRecord(entry.profile)?.team_member_id);
        if (!id) continue;
        for (const role of memberRoles(entry)) records.push({ accountProviderId: id, role: role.name, roleId: role.roleId, scope: '/', details: { description: catalogue.get(role.roleId) ?? null } });
      }
      if (records.length > 0) yield records;
    }
  },
};
