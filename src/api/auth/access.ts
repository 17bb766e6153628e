import type { UserRole } from '../../store/tables/auth.js';

/**
 * Who may call a route. Every route declares one in its `config.access`; a route without one is refused
 * (and fails the route × role test).
 * - `public`: anyone (sign-in, the API description)
 * - `signed-in`: any user (their own session, their own tokens)
 * - `read`: viewer, analyst and admin
 * - `analyst`: analyst and admin (alert triage, policies, IP ranges, connector actions)
 * - `admin`: admin only (users, connectors' creation and deletion, the audit log)
 */
export type Access = 'public' | 'signed-in' | 'read' | 'analyst' | 'admin';

export const ROLES: readonly UserRole[] = ['admin', 'analyst', 'viewer'];

const ALLOWED: Record<Exclude<Access, 'public' | 'signed-in'>, readonly UserRole[]> = {
  read: ['admin', 'analyst', 'viewer'],
  analyst: ['admin', 'analyst'],
  admin: ['admin'],
};

export function roleMayAccess(role: UserRole, access: Access): boolean {
  if (access === 'public' || access === 'signed-in') return true;
  return ALLOWED[access].includes(role);
}

/** The signed-in caller of a request. */
export interface Principal {
  userId: string;
  username: string;
  role: UserRole;
  via: 'session' | 'token';
  /** Session callers: the CSRF token state-changing requests must echo in `x-csrf-token`. */
  csrfToken: string | null;
  sessionIdHash: string | null;
  /** Token callers: what the token allows. */
  tokenScope: 'read' | 'read-write' | null;
  tokenId: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Sensitive read: recorded in the audit log (who opened which person's activity). */
    auditRead?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
