import type { ActionDefinition } from '../../sdk/define-connector.js';
import { memberSelector } from '../client.js';
import type { DropboxConfig } from '../config.js';
import type { DropboxSession } from '../session.js';
import { targetMember, TEAM_MEMBER_ID } from './member-target.js';

/** Lifts a suspension (`team/members/unsuspend`). Idempotent. */
export const unsuspendUserAction: ActionDefinition<DropboxConfig, DropboxSession> = {
  id: 'unsuspend-user',
  title: 'Unsuspend member',
  targetIdPattern: TEAM_MEMBER_ID,
  async run(session, runtime, { targetProviderId }) {
    const member = await targetMember(session, runtime, targetProviderId, 'unsuspend');
    if (member.status !== 'suspended') return { detail: `${member.label} was not suspended (${member.status}).` };
    await session.client.rpc('team/members/unsuspend', { user: memberSelector(member.id) }, runtime.signal);
    return { detail: `Unsuspended ${member.label} in Dropbox: they can sign in again.` };
  },
  async verify(session, runtime, { targetProviderId }) {
    const member = await targetMember(session, runtime, targetProviderId, 'check');
    return { ok: member.status === 'active', detail: `Dropbox lists ${member.label} as ${member.status}.` };
  },
};
