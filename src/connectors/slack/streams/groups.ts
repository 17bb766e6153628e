import type { GroupRecord } from '../../../core/group.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { SlackSession } from '../session.js';
import { SCIM_PAGE } from './accounts.js';

/** SCIM groups (the IdP groups pushed to Slack), with their members' user ids. */
export const groupsStream: SnapshotStream<SlackSession, 'groups'> = {
  kind: 'snapshot',
  entity: 'groups',
  async *read(session, runtime) {
    for await (const page of session.client.scimAll('Groups', SCIM_PAGE, runtime.signal)) {
      const groups: GroupRecord[] = [];
      for (const g of page) {
        const id = str(g.id);
        if (!id) continue;
        const members = Array.isArray(g.members) ? g.members.map((m) => str(asRecord(m)?.value)).filter((m): m is string => m !== null) : [];
        groups.push({ providerId: id, name: str(g.displayName), kind: 'scim', members, details: {} });
      }
      yield groups;
    }
  },
};
