import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import type { GithubSession } from '../session.js';

/** Organisation owners: the one role that administers everything in the organisation. */
export const privilegesStream: SnapshotStream<GithubSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    for await (const owners of session.client.members('admin', runtime.signal)) {
      const page: PrivilegeRecord[] = owners.map((u) => ({ accountProviderId: String(u.id), role: 'Organization owner', roleId: 'admin', scope: '/', details: { login: u.login } }));
      if (page.length > 0) yield page;
    }
  },
};
