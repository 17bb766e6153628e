import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../api/build-api.js';
import { createOidcService } from '../api/auth/oidc.js';
import { ConfigError } from '../core/errors.js';
import type { ParapetConfig } from '../config.js';
import type { AppServices } from './services.js';
import { healthThresholdsFor } from '../sync/stream-health.js';

/** True for addresses that only this machine can reach. */
export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/**
 * Refuses to serve sign-in cookies and API tokens in clear text to the network: a non-loopback address
 * needs TLS, or PARAPET_ALLOW_HTTP=1 when a TLS-terminating proxy sits in front.
 */
export function assertSafeListen(config: Pick<ParapetConfig, 'host' | 'tlsCert' | 'allowHttp'>): void {
  if (isLoopbackAddress(config.host) || config.tlsCert || config.allowHttp) return;
  throw new ConfigError(
    `PARAPET_HOST=${config.host} would serve passwords and session cookies over plain HTTP to the network: set PARAPET_TLS_CERT and PARAPET_TLS_KEY (PEM files), or PARAPET_ALLOW_HTTP=1 if a TLS proxy sits in front, or leave PARAPET_HOST unset to stay on 127.0.0.1.`,
  );
}

export interface RunningHttpServer {
  app: FastifyInstance;
  /** Where people reach it, e.g. http://127.0.0.1:8080. */
  url: string;
  close(): Promise<void>;
}

/** Builds the API over the composition root's services and listens on PARAPET_HOST:PARAPET_PORT. */
export async function startHttpServer(services: AppServices, options: { webDir: string | null }): Promise<RunningHttpServer> {
  const config = services.config();
  assertSafeListen(config);
  let tls: { key: Buffer; cert: Buffer } | null = null;
  if (config.tlsCert && config.tlsKey) {
    try {
      tls = { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) };
    } catch (error) {
      throw new ConfigError(`Cannot read the TLS certificate or key (${(error as Error).message}): check PARAPET_TLS_CERT and PARAPET_TLS_KEY.`, { cause: error });
    }
  }
  const store = await services.store();
  const scheme = tls ? 'https' : 'http';
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const publicUrl = (port: number) => config.publicUrl?.replace(/\/$/, '') ?? `${scheme}://${shownHost}:${port}`;
  const oidc =
    config.oidcIssuer && config.oidcClientId && config.oidcClientSecret
      ? createOidcService(
          { issuer: config.oidcIssuer, clientId: config.oidcClientId, clientSecret: config.oidcClientSecret, redirectUri: `${publicUrl(config.port)}/api/v1/auth/oidc/callback`, defaultRole: config.oidcDefaultRole, allowInsecure: isLoopbackAddress(new URL(config.oidcIssuer).hostname) },
          { db: store.db, clock: services.clock },
        )
      : null;
  const app = await buildApi({ store, sync: await services.sync(), posture: await services.posture(), registry: await services.registry(), clock: services.clock, logger: services.logger(), tls, oidc, webDir: options.webDir, governance: await services.governance(), healthThresholds: healthThresholdsFor(config) });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new ConfigError(`Port ${config.port} on ${config.host} is already in use: stop the other program or set PARAPET_PORT.`, { cause: error });
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { app, url: publicUrl(port), close: () => app.close() };
}
