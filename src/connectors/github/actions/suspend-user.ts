import { ConfigError, NotFoundError } from '../../../core/errors.js';
import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { GithubConfig } from '../config.js';
import type { GithubSession } from '../session.js';

async function setActive(session: GithubSession, signal: AbortSignal | undefined, targetProviderId: string, active: boolean): Promise<string> {
  const { client, config } = session;
  if (!config.emuEnterprise) {
    throw new ConfigError(
      `GitHub cannot suspend an account of ${config.organization}: suspension exists only for Enterprise Managed Users (and GitHub Enterprise Server). Use remove-from-org, or suspend the person in the identity provider (Okta, Entra ID, Google) that signs them in; if the organisation is in an EMU enterprise, set emuEnterprise in the connection.`,
    );
  }
  const user = await client.userById(targetProviderId, signal);
  if (!user) throw new NotFoundError(`GitHub account ${targetProviderId} does not exist.`);
  const scim = await client.emuScimUser(config.emuEnterprise, user.login, signal);
  if (!scim) throw new NotFoundError(`${user.login} has no SCIM identity in enterprise ${config.emuEnterprise}: it is not a managed user.`);
  if (scim.active === active) return `${user.login} was already ${active ? 'active' : 'suspended'}.`;
  await client.emuSetActive(config.emuEnterprise, scim.id, active, signal);
  return `${active ? 'Unsuspended' : 'Suspended'} managed user ${user.login} in enterprise ${config.emuEnterprise}.`;
}

/** Suspends an Enterprise Managed User through the enterprise's SCIM API (`active: false`). */
export const suspendUser: ActionDefinition<GithubConfig, GithubSession> = {
  id: 'suspend-user',
  title: 'Suspend a managed user (Enterprise Managed Users only)',
  undo: 'unsuspend-user',
  async run(session, runtime, { targetProviderId }) {
    return { detail: await setActive(session, runtime.signal, targetProviderId, false) };
  },
};

export const unsuspendUser: ActionDefinition<GithubConfig, GithubSession> = {
  id: 'unsuspend-user',
  title: 'Unsuspend a managed user (Enterprise Managed Users only)',
  async run(session, runtime, { targetProviderId }) {
    return { detail: await setActive(session, runtime.signal, targetProviderId, true) };
  },
};
