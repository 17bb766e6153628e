import { AuthError } from '../../../core/errors.js';
import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { BoxSession } from '../session.js';

/**
 * Posture input: the external-collaboration allow-list (`/collaboration_whitelist_entries`) and, per user,
 * the security flags Box exposes (role, 2-step exemption, external-collaboration restriction). Box's
 * enterprise security settings themselves are not readable through the API.
 */
export const settingsStream: SnapshotStream<BoxSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client } = session;
    // A Service Account without "Manage enterprise properties" is refused the allow-list (403): BOX-02 then
    // says which scope to grant instead of failing the whole settings sync.
    let allowlist: Record<string, unknown>;
    try {
      const entries = await client.all(client.markerList('box.collaboration_allowlist', '/collaboration_whitelist_entries', { limit: 100 }, runtime.signal));
      allowlist = { entries: entries.map((e) => ({ id: str(e.id), domain: str(e.domain), direction: str(e.direction) })) };
    } catch (error) {
      if (!(error instanceof AuthError) || error.status !== 403) throw error;
      allowlist = { error: `Box refused the allow-list (HTTP 403${error.providerCode ? ` ${error.providerCode}` : ''}): grant the app scope "Manage enterprise properties" and re-authorise the app.` };
    }
    const users = await client.all(client.markerList('box.users.list', '/users', { user_type: 'managed', fields: 'type,id,login,role,status,is_exempt_from_login_verification,is_external_collab_restricted', limit: 1000 }, runtime.signal));
    const active = users.filter((u) => str(u.status) === 'active');
    const records: SettingsRecord[] = [
      { key: 'collaboration_allowlist', value: allowlist },
      {
        key: 'users',
        value: {
          activeUsers: active.length,
          admins: active.filter((u) => str(u.role) === 'admin' || str(u.role) === 'coadmin').map((u) => ({ id: str(u.id), login: str(u.login), role: str(u.role), exemptFromLoginVerification: u.is_exempt_from_login_verification === true })),
          exemptFromLoginVerification: active.filter((u) => u.is_exempt_from_login_verification === true).map((u) => str(u.login)),
          externalCollabRestricted: active.filter((u) => u.is_external_collab_restricted === true).length,
        },
      },
    ];
    yield records;
  },
};
