import type { ActionDefinition } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { SalesforceConfig } from '../config.js';
import type { SalesforceSession } from '../session.js';
import { appKey } from '../streams/oauth-apps.js';

const TOKENS = 'SELECT AppName, AppMenuItemId, UserId, DeleteToken FROM OauthToken';

async function tokensOf(session: SalesforceSession, signal: AbortSignal | undefined, app: string): Promise<Record<string, unknown>[]> {
  return (await session.client.rows(TOKENS, signal)).filter((row) => appKey(row) === app);
}

/**
 * Revokes every user's token for a connected app: each OauthToken's DeleteToken is posted to the login
 * host's /services/oauth2/revoke (OauthToken has no Id and no DELETE, digest §8.8). The app itself stays;
 * block it in Connected Apps OAuth Usage to keep users from authorising it again.
 */
export const revokeOAuthAppAction: ActionDefinition<SalesforceConfig, SalesforceSession> = {
  id: 'revoke-oauth-app',
  title: 'Revoke the connected app’s tokens (oauth2/revoke)',
  targetIdPattern: /^[^\s'"\\][^'"\\]{0,254}$/,
  async run(session, runtime, { targetProviderId }) {
    const tokens = await tokensOf(session, runtime.signal, targetProviderId);
    let revoked = 0;
    for (const token of tokens) {
      const value = str(token.DeleteToken);
      if (value && (await session.client.revokeToken(value, runtime.signal))) revoked++;
    }
    const name = str(tokens[0]?.AppName) ?? targetProviderId;
    return {
      detail: tokens.length === 0 ? `No user holds a token for ${name}.` : `Revoked ${revoked} of ${tokens.length} token(s) of ${name}. To stop new authorisations, block the app in Setup → Connected Apps OAuth Usage.`,
      evidence: { app: name, users: tokens.map((t) => str(t.UserId)) },
    };
  },
  async verify(session, runtime, { targetProviderId }) {
    const left = await tokensOf(session, runtime.signal, targetProviderId);
    return { ok: left.length === 0, detail: left.length === 0 ? 'No token of the app is left.' : `${left.length} token(s) of the app are left.` };
  },
};
