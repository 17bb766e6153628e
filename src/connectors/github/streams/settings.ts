import type { SnapshotStream } from '../../sdk/define-connector.js';
import type { GithubSession } from '../session.js';

/** Settings keys the posture checks read. */
export const ORG_SETTINGS_KEY = 'organization';
export const MEMBERS_WITHOUT_2FA_KEY = 'members-without-2fa';

/**
 * Posture input: the organisation object as an owner sees it (`GET /orgs/{org}`: 2FA requirement, base
 * permission, repository creation rights, …) verbatim, and the members without two-factor authentication.
 */
export const settingsStream: SnapshotStream<GithubSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client } = session;
    const org = await client.organization(runtime.signal);
    const logins: string[] = [];
    for await (const page of client.members('all', runtime.signal, '2fa_disabled')) logins.push(...page.map((u) => u.login));
    yield [
      { key: ORG_SETTINGS_KEY, value: org },
      { key: MEMBERS_WITHOUT_2FA_KEY, value: { count: logins.length, logins } },
    ];
  },
};
