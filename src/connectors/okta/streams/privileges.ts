import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { OktaSession } from '../session.js';

/** Admin role assignments of every user holding one (`/iam/assignees/users`, then each user's roles). */
export const privilegesStream: SnapshotStream<OktaSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    const { client } = session;
    for (const userId of await client.adminUserIds(runtime.signal)) {
      const roles = await client.all('okta.users.roles', `/api/v1/users/${encodeURIComponent(userId)}/roles`, {}, runtime.signal);
      const records: PrivilegeRecord[] = roles.map((r) => ({
        accountProviderId: userId,
        role: str(r.label) ?? str(r.type) ?? 'unknown role',
        roleId: str(r.type) ?? str(r.id) ?? 'unknown',
        scope: '/',
        details: { assignmentId: str(r.id), assignmentType: str(r.assignmentType), status: str(r.status), created: str(r.created) },
      }));
      if (records.length) yield records;
    }
  },
};
