import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { GraphObject } from '../client.js';
import type { M365Session } from '../session.js';

const GROUP_SELECT = 'id,displayName,description,groupTypes,securityEnabled,mailEnabled,mail,isAssignableToRole,membershipRule,visibility,createdDateTime';

/** The group's category in plain words (Entra's groupTypes / securityEnabled / mailEnabled combination). */
export function groupKind(group: GraphObject): string {
  const types = Array.isArray(group.groupTypes) ? group.groupTypes.map(String) : [];
  if (types.includes('Unified')) return 'microsoft365';
  if (group.securityEnabled === true && group.mailEnabled === true) return 'mail-enabled-security';
  if (group.securityEnabled === true) return 'security';
  if (group.mailEnabled === true) return 'distribution';
  return 'other';
}

function memberType(member: GraphObject): string {
  const type = str(member['@odata.type']) ?? '';
  return type.replace('#microsoft.graph.', '') || 'unknown';
}

/** Groups with their direct members (nested groups appear as members, as Entra lists them). */
export const groupsStream: SnapshotStream<M365Session, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const { client } = session;
    for await (const page of client.graphPages('microsoft365.graph.groups', client.graphUrl('/groups'), { $select: GROUP_SELECT, $top: 999 }, { signal: runtime.signal })) {
      const records: GroupRecord[] = [];
      for (const group of page) {
        const id = str(group.id);
        if (!id) continue;
        const members: string[] = [];
        const memberTypes: Record<string, string> = {};
        for await (const memberPage of client.graphPages('microsoft365.graph.group-members', client.graphUrl(`/groups/${id}/members`), { $select: 'id,displayName,userPrincipalName', $top: 999 }, { signal: runtime.signal })) {
          for (const member of memberPage) {
            const memberId = str(member.id);
            if (!memberId) continue;
            members.push(memberId);
            memberTypes[memberId] = memberType(member);
          }
        }
        const types = Array.isArray(group.groupTypes) ? group.groupTypes.map(String) : [];
        records.push({
          providerId: id,
          name: str(group.displayName),
          kind: groupKind(group),
          members,
          details: {
            description: str(group.description),
            mail: str(group.mail),
            groupTypes: types,
            dynamic: types.includes('DynamicMembership'),
            membershipRule: str(group.membershipRule),
            securityEnabled: group.securityEnabled ?? null,
            mailEnabled: group.mailEnabled ?? null,
            isAssignableToRole: group.isAssignableToRole ?? null,
            visibility: str(group.visibility),
            createdDateTime: str(group.createdDateTime),
            memberTypes,
          },
        });
      }
      yield records;
    }
  },
};
