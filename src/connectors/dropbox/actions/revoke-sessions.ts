import type { ActionDefinition, ConnectorRuntime } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { DropboxConfig } from '../config.js';
import type { DropboxSession } from '../session.js';
import { targetMember, TEAM_MEMBER_ID } from './member-target.js';

type SessionKind = 'web_session' | 'desktop_client' | 'mobile_client';
const LISTS: [string, SessionKind][] = [
  ['web_sessions', 'web_session'],
  ['desktop_clients', 'desktop_client'],
  ['mobile_clients', 'mobile_client'],
];

/** The member's web sessions and linked desktop and mobile clients (`devices/list_members_devices`). */
export async function memberSessions(session: DropboxSession, runtime: ConnectorRuntime, teamMemberId: string): Promise<{ kind: SessionKind; id: string }[]> {
  const out: { kind: SessionKind; id: string }[] = [];
  for await (const page of session.client.devices(runtime.signal)) {
    for (const entry of page) {
      if (str(entry.team_member_id) !== teamMemberId) continue;
      for (const [key, kind] of LISTS) {
        for (const s of Array.isArray(entry[key]) ? entry[key] : []) {
          const id = str(asRecord(s)?.session_id);
          if (id) out.push({ kind, id });
        }
      }
    }
  }
  return out;
}

/**
 * Signs a member out of every web session and unlinks their desktop and mobile clients
 * (`devices/revoke_device_session`, one per session; files on the devices are kept). Idempotent.
 */
export const revokeSessionsAction: ActionDefinition<DropboxConfig, DropboxSession> = {
  id: 'revoke-sessions',
  title: 'Sign out of every session and device',
  targetIdPattern: TEAM_MEMBER_ID,
  async run(session, runtime, { targetProviderId }) {
    const member = await targetMember(session, runtime, targetProviderId, 'sign out');
    const sessions = await memberSessions(session, runtime, member.id);
    for (const s of sessions) {
      await session.client.rpc('team/devices/revoke_device_session', { '.tag': s.kind, session_id: s.id, team_member_id: member.id, ...(s.kind === 'desktop_client' ? { delete_on_unlink: false } : {}) }, runtime.signal);
    }
    if (sessions.length === 0) return { detail: `${member.label} had no web session or linked device to end.` };
    return { detail: `Ended ${sessions.length} session(s) of ${member.label} in Dropbox (web sessions signed out, desktop and mobile clients unlinked, their files kept).`, evidence: { sessions } };
  },
  async verify(session, runtime, { targetProviderId }) {
    const left = await memberSessions(session, runtime, targetProviderId);
    return { ok: left.length === 0, detail: left.length === 0 ? 'No session or linked device is left.' : `${left.length} session(s) still listed.` };
  },
};
