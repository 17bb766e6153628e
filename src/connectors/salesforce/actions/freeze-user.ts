import { ProviderError } from '../../../core/errors.js';
import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { SalesforceConfig } from '../config.js';
import type { SalesforceSession } from '../session.js';
import { targetUser, USER_ID_PATTERN } from './user-target.js';

function setFrozen(frozen: boolean): ActionDefinition<SalesforceConfig, SalesforceSession> {
  const verb = frozen ? 'freeze' : 'unfreeze';
  return {
    id: frozen ? 'suspend-user' : 'unsuspend-user',
    title: frozen ? 'Freeze user (UserLogin.IsFrozen)' : 'Unfreeze user',
    undo: frozen ? 'unsuspend-user' : 'suspend-user',
    targetIdPattern: USER_ID_PATTERN,
    async run(session, runtime, { targetProviderId }) {
      const user = await targetUser(session, runtime, targetProviderId, verb);
      if (!user.login) throw new ProviderError(`Cannot ${verb} ${user.label}: Salesforce has no UserLogin row for this user (it has never been able to sign in).`);
      if (user.login.frozen === frozen) return { detail: `${user.label} was already ${frozen ? 'frozen' : 'unfrozen'}.` };
      await session.client.patch('UserLogin', user.login.id, { IsFrozen: frozen }, runtime.signal);
      return { detail: frozen ? `Froze ${user.label}: they cannot sign in until unfrozen (their licence and records stay).` : `Unfroze ${user.label}: they can sign in again.` };
    },
    async verify(session, runtime, { targetProviderId }) {
      const user = await targetUser(session, runtime, targetProviderId, verb);
      const ok = user.login?.frozen === frozen;
      return { ok, detail: ok ? `${user.label} is ${frozen ? 'frozen' : 'not frozen'}.` : `${user.label} is still ${frozen ? 'not frozen' : 'frozen'}.` };
    },
  };
}

export const freezeUserAction = setFrozen(true);
export const unfreezeUserAction = setFrozen(false);
