import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import type { ZoomConfig, ZoomEndpoints } from './config.js';

const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.union([z.number(), z.string()]),
  scope: z.string().optional(),
});

export interface ZoomToken {
  value: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Scopes the token carries (space separated in Zoom's answer). */
  scopes: string[];
}

/** Ask for a new token this long before the old one expires (Zoom's live for an hour). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** `Authorization: Basic base64(client_id:client_secret)` of the token request. */
export function basicCredential(config: Pick<ZoomConfig, 'clientId' | 'clientSecret'>): string {
  return Buffer.from(`${config.clientId}:${config.clientSecret}`, 'utf8').toString('base64');
}

/**
 * Server-to-Server OAuth (`grant_type=account_credentials`): no refresh token, so a token about to expire (or
 * refused with a 401) is replaced by asking again. Concurrent callers share one token request.
 */
export class ZoomTokenProvider {
  private cached: ZoomToken | null = null;
  private pending: Promise<ZoomToken> | null = null;

  constructor(
    private readonly http: HttpClient,
    private readonly config: ZoomConfig,
    private readonly endpoints: ZoomEndpoints,
    private readonly clock: Clock,
    private readonly hosts: readonly string[],
  ) {}

  async token(signal?: AbortSignal): Promise<ZoomToken> {
    if (this.cached && this.cached.expiresAt - REFRESH_MARGIN_MS > this.clock.now()) return this.cached;
    if (this.pending) return this.pending;
    this.pending = this.request(signal).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  auth(): AuthProvider {
    return {
      hosts: this.hosts,
      headers: async () => ({ authorization: `Bearer ${(await this.token()).value}` }),
      invalidate: () => {
        this.cached = null;
      },
    };
  }

  private async request(signal?: AbortSignal): Promise<ZoomToken> {
    const basic = basicCredential(this.config);
    this.http.redactor.add(basic);
    const { body } = await this.http.json(
      {
        operation: 'zoom.token',
        method: 'POST',
        url: this.endpoints.token,
        query: { grant_type: 'account_credentials', account_id: this.config.accountId },
        headers: { authorization: `Basic ${basic}` },
        credentials: true,
      },
      TokenResponseSchema,
      signal,
    );
    this.http.redactor.add(body.access_token);
    const expiresIn = Number(body.expires_in);
    const token: ZoomToken = {
      value: body.access_token,
      expiresAt: this.clock.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
      scopes: (body.scope ?? '').split(/\s+/).filter(Boolean),
    };
    this.cached = token;
    return token;
  }
}
