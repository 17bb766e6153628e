import { AuthError } from '../../../core/errors.js';
import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import type { DocusignSession } from '../session.js';

/**
 * Reads one settings document; a permission refusal (scope not granted, user not an admin of the account) is
 * recorded as `{collected: false, reason}` so the posture checks say "not evaluated — grant these scopes"
 * instead of the account silently vanishing from the posture report.
 */
async function settingsDocument(read: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AuthError && error.status !== 401) return { collected: false, status: error.status, reason: error.message };
    throw error;
  }
}

/**
 * Posture input: for each account of the organisation the impersonated user belongs to, the eSignature
 * v2.1 settings (`account/<id>/settings`) and password rules (`account/<id>/password_rules`), verbatim.
 */
export const settingsStream: SnapshotStream<DocusignSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client } = session;
    const signal = runtime.signal;
    const context = await client.getContext(signal);
    for (const account of context.accounts) {
      if (!account.baseUri) {
        runtime.logger.warn({ accountId: account.id }, 'the impersonated user is not a member of this DocuSign account: its settings cannot be read');
        continue;
      }
      const settings = await settingsDocument(() => client.accountSettings(account, signal));
      const passwordRules = await settingsDocument(() => client.passwordRules(account, signal));
      const page: SettingsRecord[] = [
        { key: `account/${account.id}/settings`, value: settings },
        { key: `account/${account.id}/password_rules`, value: passwordRules },
      ];
      yield page;
    }
  },
};
