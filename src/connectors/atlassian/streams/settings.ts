import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { AtlassianSession } from '../session.js';
import { directoryUsers, isAdminUser, ORG_ADMIN_ROLE } from './directory.js';

/**
 * Posture input: the 2-step verification of every active user (the v2 search's `mfaEnabled`, which is what an
 * authentication policy that enforces 2SV produces) and the org's IP allowlist policies (`/policies`).
 * Atlassian has no API that reads an authentication policy's settings (ACCESS-1044).
 */
export const settingsStream: SnapshotStream<AtlassianSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const users = (await directoryUsers(session, runtime.signal)).filter((u) => u.accountStatus !== 'closed' && u.accountStatus !== 'inactive' && u.membershipStatus !== 'suspended');
    const label = (u: (typeof users)[number]) => u.email ?? u.accountId;
    const page: SettingsRecord[] = [
      {
        key: 'two_step_verification',
        value: {
          activeUsers: users.length,
          without2sv: users.filter((u) => u.mfaEnabled === false).map(label),
          unknown: users.filter((u) => u.mfaEnabled === null).map(label),
          adminsWithout2sv: users.filter((u) => isAdminUser(u) && u.mfaEnabled !== true).map(label),
          orgAdmins: users.filter((u) => u.roles.some((r) => r.id === ORG_ADMIN_ROLE)).map(label),
        },
      },
    ];
    const policies: Record<string, unknown>[] = [];
    for await (const items of session.client.list('atlassian.policies.list', `${session.client.org}/policies`, { type: 'ip-allowlist' }, runtime.signal)) {
      for (const p of items) {
        const attributes = asRecord(p.attributes) ?? {};
        policies.push({ id: str(p.id), name: str(attributes.name), status: str(attributes.status), type: str(attributes.type) });
      }
    }
    page.push({ key: 'ip_allowlist', value: { policies } });
    yield page;
  },
};
