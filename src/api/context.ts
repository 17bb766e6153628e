import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { PostureService } from '../posture/posture-service.js';
import type { GovernanceService } from '../governance/governance-service.js';
import type { Store } from '../store/db.js';
import type { ConnectorRegistry } from '../connectors/sdk/registry-of.js';
import type { SyncService } from '../sync/sync-service.js';
import type { AuthDeps } from './auth/authenticate.js';
import type { LoginLimiter } from './auth/login-limiter.js';
import type { OidcService } from './auth/oidc.js';
import type { HealthThresholds } from '../sync/stream-health.js';

/** What route handlers use: the composition root's services, and the API's own state. */
export interface ApiContext {
  store: Store;
  sync: SyncService;
  posture: PostureService;
  registry: ConnectorRegistry;
  clock: Clock;
  logger: Logger;
  auth: AuthDeps;
  limiter: LoginLimiter;
  oidc: OidcService | null;
  governance: GovernanceService;
  /** When a stream counts as behind or silent in the status API (the scheduler's own schedule). */
  healthThresholds: HealthThresholds;
  /** Connector instances with a "sync now" in progress. */
  syncing: Set<string>;
}

export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
