import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import { AuthError } from '../../../core/errors.js';
import type { GoogleObject } from '../client.js';
import { listUsers, verifiedDomains } from '../directory.js';
import type { GoogleSession } from '../session.js';

/**
 * Posture input: the Cloud Identity policies (`policies`, super admin only), the verified domains
 * (`domains`, in the Graph-like `{value: [{id, isVerified}]}` shape the detections read) and a per-user
 * 2-step verification summary (`users2sv`) from the Directory.
 */
export const settingsStream: SnapshotStream<GoogleSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client } = session;
    const records: SettingsRecord[] = [];
    const domains = await verifiedDomains(session, runtime);
    if (domains) records.push({ key: 'domains', value: { value: domains.map((d) => ({ id: d, isVerified: true })) } });
    try {
      const policies: GoogleObject[] = [];
      for await (const page of client.pages('google.cloudidentity.policies.list', `${session.endpoints.cloudIdentity}/v1/policies`, 'policies', { pageSize: 100 }, runtime.signal)) policies.push(...page);
      // When they were read: an enforcement "from" a later date is not in force yet (GWS-01).
      records.push({ key: 'policies', value: { value: policies, readAt: new Date(runtime.clock.now()).toISOString() } });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      runtime.logger.warn(`Google Workspace: cannot read Cloud Identity policies (${error.message}); the posture checks that need them report not applicable.`);
    }
    const users: { email: string; admin: boolean; enrolled: boolean; enforced: boolean }[] = [];
    for await (const page of listUsers(session, runtime)) {
      for (const u of page) {
        if (u.suspended === true || typeof u.primaryEmail !== 'string') continue;
        users.push({ email: u.primaryEmail.toLowerCase(), admin: u.isAdmin === true || u.isDelegatedAdmin === true, enrolled: u.isEnrolledIn2Sv === true, enforced: u.isEnforcedIn2Sv === true });
      }
    }
    records.push({ key: 'users2sv', value: { users } });
    yield records;
  },
};
