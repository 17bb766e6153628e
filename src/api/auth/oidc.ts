import * as client from 'openid-client';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../store/db.js';
import type { UserRole, UsersTable } from '../../store/tables/auth.js';
import { createUser, findUserRow } from '../../store/repos/users.js';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends people back: `<public URL>/api/v1/auth/oidc/callback`. */
  redirectUri: string;
  defaultRole: UserRole;
  /** Plain-HTTP issuers (a provider on loopback in tests). @default false */
  allowInsecure?: boolean;
}

/** What the login redirect remembers until the callback (kept in a short-lived HTTP-only cookie). */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
}

/** OpenID Connect single sign-on: authorization code flow with PKCE, state and nonce. */
export interface OidcService {
  begin(): Promise<{ url: string; pending: PendingLogin }>;
  /**
   * Completes the flow from the callback's query string (read against the configured redirect URI, not the
   * request's Host header); returns the Parapet user, created on first sign-in with the default role.
   */
  complete(callbackQuery: string, pending: PendingLogin): Promise<UsersTable>;
}

export function createOidcService(settings: OidcSettings, deps: { db: Db; clock: Clock }): OidcService {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () =>
    (discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, settings.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      }));

  return {
    async begin() {
      const config = await configuration();
      const pending: PendingLogin = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },
    async complete(callbackQuery, pending) {
      const config = await configuration();
      const callbackUrl = new URL(settings.redirectUri);
      callbackUrl.search = callbackQuery;
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      const claims = tokens.claims();
      if (!claims) throw new Error('the provider returned no ID token');
      const subject = `${claims.iss}|${claims.sub}`;
      const existing = await findUserRow(deps.db, { oidcSubject: subject });
      if (existing) return existing;
      // Providers conforming to the spec put the e-mail in the ID token only without an access token; ask userinfo.
      let profile: Record<string, unknown> = claims;
      if (typeof claims.email !== 'string' && tokens.access_token) profile = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims };
      const email = typeof profile.email === 'string' ? profile.email.toLowerCase() : null;
      const preferred = typeof profile.preferred_username === 'string' ? profile.preferred_username : null;
      let username = email ?? preferred ?? claims.sub;
      // A local account of the same name is never taken over by a sign-in from the provider.
      if (await findUserRow(deps.db, { username })) username = `${username}#sso`;
      await createUser(deps.db, { username, role: settings.defaultRole, passwordHash: null, oidcSubject: subject, now: deps.clock.now() });
      const created = await findUserRow(deps.db, { oidcSubject: subject });
      if (!created) throw new Error('the new single-sign-on user was not stored');
      return created;
    },
  };
}
