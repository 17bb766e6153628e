import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { DropboxSession } from '../session.js';
import { memberRoles } from './accounts.js';

/** Admin roles held by members (`roles[]` of `members/list_v2`), each over the whole team. */
export const privilegesStream: SnapshotStream<DropboxSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    for await (const page of session.client.members({}, runtime.signal)) {
      const records: PrivilegeRecord[] = [];
      for (const entry of page) {
        const id = str(asRecord(entry.profile)?.team_member_id);
        if (!id) continue;
        for (const role of memberRoles(entry)) records.push({ accountProviderId: id, role: role.name, roleId: role.roleId, scope: '/', details: {} });
      }
      if (records.length > 0) yield records;
    }
  },
};
