import type { ActionDefinition } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import { soqlString } from '../client.js';
import type { SalesforceConfig } from '../config.js';
import type { SalesforceSession } from '../session.js';
import { targetUser, USER_ID_PATTERN } from './user-target.js';

const SESSIONS = (userId: string) => `SELECT Id, UsersId, SessionType, LoginType, SourceIp, CreatedDate FROM AuthSession WHERE UsersId = ${soqlString(userId)}`;

/** Ends every session of the user: each AuthSession row is deleted (needs Manage Users). */
export const revokeSessionsAction: ActionDefinition<SalesforceConfig, SalesforceSession> = {
  id: 'revoke-sessions',
  title: 'End all sessions (delete AuthSession)',
  targetIdPattern: USER_ID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId, 'end the sessions of');
    const sessions = await session.client.rows(SESSIONS(user.id), runtime.signal);
    let ended = 0;
    for (const s of sessions) {
      const id = str(s.Id);
      if (id && (await session.client.delete('AuthSession', id, runtime.signal))) ended++;
    }
    return { detail: sessions.length === 0 ? `${user.label} had no open session.` : `Ended ${ended} session(s) of ${user.label}; they must sign in again.`, evidence: { sessions: sessions.map((s) => ({ id: str(s.Id), type: str(s.SessionType), sourceIp: str(s.SourceIp) })) } };
  },
  async verify(session, runtime, { targetProviderId }) {
    const left = await session.client.rows(SESSIONS(targetProviderId), runtime.signal);
    return { ok: left.length === 0, detail: left.length === 0 ? 'No session is left.' : `${left.length} session(s) are still open.` };
  },
};
