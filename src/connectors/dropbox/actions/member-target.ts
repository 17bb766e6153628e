import { ConfigError, NotFoundError } from '../../../core/errors.js';
import type { ConnectorRuntime } from '../../sdk/define-connector.js';
import { asRecord, lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { DropboxSession } from '../session.js';

export interface TargetMember {
  id: string;
  label: string;
  /** Dropbox's member status: active, invited, suspended, removed. */
  status: string;
}

/** A team member id as Dropbox names members: `dbmid:` followed by its base64 characters. */
export const TEAM_MEMBER_ID = /^dbmid:[A-Za-z0-9_-]{10,64}$/;

/**
 * The member an action is about, read from the member list. Refuses the admin whose authorisation this
 * connection uses: suspending them or signing them out would cut Parapet off from the team.
 */
export async function targetMember(session: DropboxSession, runtime: ConnectorRuntime, targetProviderId: string, verb: string): Promise<TargetMember> {
  const me = await session.client.rpc('team/token/get_authenticated_admin', null, runtime.signal);
  if (str(asRecord(me.admin_profile)?.team_member_id) === targetProviderId) {
    throw new ConfigError(`Refusing to ${verb} ${targetProviderId}: it is the team admin who authorised this Dropbox connection. Do it in the Admin Console by hand if you mean it.`);
  }
  for await (const page of session.client.members({}, runtime.signal)) {
    for (const entry of page) {
      const profile = asRecord(entry.profile);
      if (str(profile?.team_member_id) !== targetProviderId) continue;
      return { id: targetProviderId, label: lowerEmail(profile?.email) ?? targetProviderId, status: str(asRecord(profile?.status)?.['.tag']) ?? 'active' };
    }
  }
  throw new NotFoundError(`Dropbox member ${targetProviderId} is not in this team. Check the team member id (dbmid:…) on the account's page.`);
}
