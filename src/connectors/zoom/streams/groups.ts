import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { num, str } from '../../sdk/normalize-helpers.js';
import type { ZoomSession } from '../session.js';

/** Groups (`GET /groups`, not paged in this API version) with their members (`/groups/{id}/members`). */
export const groupsStream: SnapshotStream<ZoomSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const body = await session.client.get('zoom.groups', '/groups', {}, runtime.signal);
    const groups = Array.isArray(body.groups) ? (body.groups as Record<string, unknown>[]) : [];
    const out: GroupRecord[] = [];
    for (const g of groups) {
      const id = str(g.id);
      if (!id) continue;
      const members: string[] = [];
      for await (const page of session.client.pages('zoom.group.members', `/groups/${encodeURIComponent(id)}/members`, 'members', {}, runtime.signal)) {
        for (const m of page) {
          const memberId = str(m.id);
          if (memberId) members.push(memberId);
        }
      }
      out.push({ providerId: id, name: str(g.name), kind: 'zoom-group', members, details: { totalMembers: num(g.total_members) } });
    }
    yield out;
  },
};
