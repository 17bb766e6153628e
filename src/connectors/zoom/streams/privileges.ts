import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { ZoomSession } from '../session.js';
import { MEMBER_ROLE_ID } from './accounts.js';

/**
 * Who holds which role: every role but Member (`GET /roles`), with its members (`/roles/{id}/members`) and
 * its privileges (`GET /roles/{id}`, e.g. `User:Edit`, `Role:Edit`).
 */
export const privilegesStream: SnapshotStream<ZoomSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    const { client } = session;
    const body = await client.get('zoom.roles', '/roles', {}, runtime.signal);
    const roles = Array.isArray(body.roles) ? (body.roles as Record<string, unknown>[]) : [];
    for (const role of roles) {
      const roleId = str(role.id) ?? (typeof role.id === 'number' ? String(role.id) : null);
      const name = str(role.name);
      if (!roleId || !name || roleId === MEMBER_ROLE_ID) continue;
      const detail = await client.get('zoom.role', `/roles/${encodeURIComponent(roleId)}`, {}, runtime.signal);
      const privileges = Array.isArray(detail.privileges) ? detail.privileges.filter((p): p is string => typeof p === 'string') : [];
      const records: PrivilegeRecord[] = [];
      for await (const page of client.pages('zoom.role.members', `/roles/${encodeURIComponent(roleId)}/members`, 'members', {}, runtime.signal)) {
        for (const m of page) {
          const id = str(m.id);
          if (id) records.push({ accountProviderId: id, role: name, roleId, scope: '/', details: { privileges } });
        }
      }
      if (records.length > 0) yield records;
    }
  },
};
