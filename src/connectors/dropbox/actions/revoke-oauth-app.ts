import type { ActionDefinition, ConnectorRuntime } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { DropboxConfig } from '../config.js';
import type { DropboxSession } from '../session.js';

/** Members who linked the app (`linked_apps/list_members_linked_apps`). */
async function linkedMembers(session: DropboxSession, runtime: ConnectorRuntime, appId: string): Promise<{ members: string[]; name: string | null }> {
  const members: string[] = [];
  let name: string | null = null;
  for await (const page of session.client.linkedApps(runtime.signal)) {
    for (const entry of page) {
      const member = str(entry.team_member_id);
      const apps = Array.isArray(entry.linked_api_apps) ? entry.linked_api_apps.map(asRecord) : [];
      const hit = apps.find((a) => str(a?.app_id) === appId);
      if (!member || !hit) continue;
      members.push(member);
      name ??= str(hit.app_name);
    }
  }
  return { members, name };
}

/** Unlinks a third-party app from every member who linked it (`linked_apps/revoke_linked_app`, app folder kept). Idempotent. */
export const revokeOAuthAppAction: ActionDefinition<DropboxConfig, DropboxSession> = {
  id: 'revoke-oauth-app',
  title: 'Unlink app from every member',
  targetIdPattern: /^dbaid:[A-Za-z0-9_-]{6,64}$/,
  async run(session, runtime, { targetProviderId }) {
    const { members, name } = await linkedMembers(session, runtime, targetProviderId);
    if (members.length === 0) return { detail: `No member of this Dropbox team has the app ${targetProviderId} linked (already revoked, a team-linked app, or another app id): nothing to unlink.` };
    for (const member of members) {
      await session.client.rpc('team/linked_apps/revoke_linked_app', { app_id: targetProviderId, team_member_id: member, keep_app_folder: true }, runtime.signal);
    }
    return { detail: `Unlinked "${name ?? targetProviderId}" from ${members.length} member(s); their app folders were kept. Members may link it again unless the app is blocked in the Admin Console.`, evidence: { members } };
  },
  async verify(session, runtime, { targetProviderId }) {
    const { members } = await linkedMembers(session, runtime, targetProviderId);
    return { ok: members.length === 0, detail: members.length === 0 ? 'No member has the app linked.' : `${members.length} member(s) still have it linked.` };
  },
};
