import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { OktaSession } from '../session.js';

/** Groups with their members (user ids), one page per group. */
export const groupsStream: SnapshotStream<OktaSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const { client } = session;
    const groups = await client.all('okta.groups.list', '/api/v1/groups', { limit: 1000 }, runtime.signal);
    for (const group of groups) {
      const id = str(group.id);
      if (!id) continue;
      const members = await client.all('okta.groups.members', `/api/v1/groups/${encodeURIComponent(id)}/users`, { limit: 1000 }, runtime.signal);
      const profile = asRecord(group.profile) ?? {};
      const record: GroupRecord = {
        providerId: id,
        name: str(profile.name),
        kind: str(group.type) ?? 'OKTA_GROUP',
        members: members.map((m) => str(m.id)).filter((m): m is string => m !== null),
        details: { description: str(profile.description), created: str(group.created), lastMembershipUpdated: str(group.lastMembershipUpdated) },
      };
      yield [record];
    }
  },
};
