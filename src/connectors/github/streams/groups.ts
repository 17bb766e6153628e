import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import type { GithubSession } from '../session.js';

/** Teams with their direct members. */
export const groupsStream: SnapshotStream<GithubSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    const { client } = session;
    for await (const teams of client.teams(runtime.signal)) {
      const page: GroupRecord[] = [];
      for (const team of teams) {
        const members: string[] = [];
        for await (const users of client.teamMembers(team.slug, runtime.signal)) members.push(...users.map((u) => String(u.id)));
        page.push({ providerId: String(team.id), name: team.name, kind: 'team', members, details: { slug: team.slug, privacy: team.privacy ?? null } });
      }
      if (page.length > 0) yield page;
    }
  },
};
