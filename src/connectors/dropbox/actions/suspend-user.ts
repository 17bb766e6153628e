import type { ActionDefinition } from '../../sdk/define-connector.js';
import { memberSelector } from '../client.js';
import type { DropboxConfig } from '../config.js';
import type { DropboxSession } from '../session.js';
import { targetMember, TEAM_MEMBER_ID } from './member-target.js';

/**
 * Suspends a member (`team/members/suspend`): they are signed out everywhere and cannot sign in. Sends
 * `wipe_data: false` (Dropbox's default is true, which erases the files on their linked devices: not
 * something a detection should do unasked). Idempotent.
 */
export const suspendUserAction: ActionDefinition<DropboxConfig, DropboxSession> = {
  id: 'suspend-user',
  title: 'Suspend member (keep data on devices)',
  undo: 'unsuspend-user',
  targetIdPattern: TEAM_MEMBER_ID,
  async run(session, runtime, { targetProviderId }) {
    const member = await targetMember(session, runtime, targetProviderId, 'suspend');
    if (member.status === 'suspended') return { detail: `${member.label} was already suspended.` };
    await session.client.rpc('team/members/suspend', { user: memberSelector(member.id), wipe_data: false }, runtime.signal);
    return { detail: `Suspended ${member.label} in Dropbox: signed out of every device and unable to sign in until unsuspended; files on their devices were kept (wipe_data false).`, evidence: { previousStatus: member.status, wipeData: false } };
  },
  async verify(session, runtime, { targetProviderId }) {
    const member = await targetMember(session, runtime, targetProviderId, 'check');
    return { ok: member.status === 'suspended', detail: `Dropbox lists ${member.label} as ${member.status}.` };
  },
};
