import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import type { AtlassianSession } from '../session.js';
import { directoryUsers } from './directory.js';

/** Platform role assignments (org admin, site admin, user access admin…) of every directory user; the plain `atlassian/user` role is not a privilege. */
export const privilegesStream: SnapshotStream<AtlassianSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    const records: PrivilegeRecord[] = [];
    for (const user of await directoryUsers(session, runtime.signal)) {
      for (const role of user.roles) {
        if (role.id === 'atlassian/user') continue;
        records.push({ accountProviderId: user.accountId, role: role.name, roleId: role.id, scope: '/', details: { mfaEnabled: user.mfaEnabled } });
      }
    }
    if (records.length) yield records;
  },
};
