import { ConfigError, NotFoundError } from '../../../core/errors.js';
import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { GithubConfig } from '../config.js';
import type { GithubSession } from '../session.js';

/**
 * Removes an account from the organisation (membership, pending invitation, team memberships and access
 * to its private repositories). GitHub's generic "suspend": it cannot be undone by Parapet — re-invite the
 * person. Idempotent: a non-member is reported, not an error.
 */
export const removeFromOrg: ActionDefinition<GithubConfig, GithubSession> = {
  id: 'remove-from-org',
  title: 'Remove from the GitHub organisation',
  async run(session, runtime, { targetProviderId }) {
    const { client, config } = session;
    const user = await client.userById(targetProviderId, runtime.signal);
    if (!user) throw new NotFoundError(`GitHub account ${targetProviderId} does not exist (it may have been deleted).`);
    const membership = await client.membership(user.login, runtime.signal);
    if (!membership) return { detail: `${user.login} is not a member of ${config.organization}: nothing to remove.` };
    if (membership.role === 'admin') {
      const owners: string[] = [];
      for await (const page of client.members('admin', runtime.signal)) owners.push(...page.map((u) => u.login));
      if (owners.length <= 1) throw new ConfigError(`Refusing to remove ${user.login}: it is the last owner of ${config.organization}, and the organisation would have none. Add another owner first.`);
    }
    await client.removeMembership(user.login, runtime.signal);
    return { detail: `Removed ${user.login} (${membership.role === 'admin' ? 'an owner' : 'a member'}, ${membership.state}) from ${config.organization}.` };
  },
};
