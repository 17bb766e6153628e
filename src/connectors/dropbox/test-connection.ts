import { errorMessage } from '../../core/errors.js';
import type { CheckResult, ConnectorRuntime, TestResult } from '../sdk/define-connector.js';
import { asRecord, lowerEmail, str } from '../sdk/normalize-helpers.js';
import type { DropboxSession } from './session.js';

/**
 * The "Test now" checks: the refresh token mints an access token for a team app, and each scope the
 * streams and actions need answers (team info, team log, members, groups, linked apps and devices).
 */
export async function testDropboxConnection(session: DropboxSession, runtime: ConnectorRuntime): Promise<TestResult> {
  const { client } = session;
  const signal = runtime.signal;
  const checks: CheckResult[] = [];
  const probe = async (name: string, ok: (body: Record<string, unknown>) => string, fail: string, call: () => Promise<unknown>) => {
    try {
      checks.push({ name, ok: true, detail: ok(asRecord(await call()) ?? {}) });
    } catch (error) {
      checks.push({ name, ok: false, detail: `${fail} ${errorMessage(error)}` });
    }
  };

  await probe(
    'team-token',
    (info) => `The refresh token works for the team app of "${str(info.name) ?? 'this team'}" (team_info.read).`,
    'The team app could not read the team: the refresh token, app key or secret is wrong, or the app is not a team-scoped app.',
    () => client.rpc('team/get_info', null, signal),
  );
  if (!checks[0]?.ok) return { ok: false, checks };

  await probe(
    'admin',
    (me) => `Authorised by the team admin ${lowerEmail(asRecord(me.admin_profile)?.email) ?? 'of this team'}; governance actions run as them.`,
    'Dropbox could not name the admin who authorised the app (members.read):',
    () => client.rpc('team/token/get_authenticated_admin', null, signal),
  );
  await probe('team-log', () => 'The team log answers (events.read).', 'The team log refused the app: add the events.read scope and authorise again.', () => client.getEvents({ limit: 1 }, signal));
  await probe('members', () => 'Members are readable (members.read).', 'Listing members failed: add the members.read scope and authorise again.', () => client.rpc('team/members/list_v2', { limit: 1 }, signal));
  await probe('groups', () => 'Groups are readable (groups.read).', 'Listing groups failed: add the groups.read scope and authorise again.', () => client.rpc('team/groups/list', { limit: 1 }, signal));
  await probe('sessions', () => 'Linked apps and devices are readable (sessions.list).', 'Listing linked apps failed: add the sessions.list scope (and sessions.modify to revoke) and authorise again.', () => client.rpc('team/linked_apps/list_members_linked_apps', {}, signal));
  return { ok: checks.every((c) => c.ok), checks };
}
