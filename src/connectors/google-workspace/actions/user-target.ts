import { ConfigError } from '../../../core/errors.js';
import type { GoogleSession } from '../session.js';

/** Refuses to act on the administrator the connection impersonates: that would cut Parapet off. */
export function assertNotImpersonatedAdmin(session: GoogleSession, target: string, user: Record<string, unknown> | null, what: string): void {
  const email = typeof user?.primaryEmail === 'string' ? user.primaryEmail.toLowerCase() : target.toLowerCase();
  if (email === session.config.adminEmail) {
    throw new ConfigError(`Refusing to ${what} ${email}: it is the administrator this Google Workspace connection impersonates, and Parapet would lose access. Do it in the Admin console by hand if you mean it.`);
  }
}

export const userLabel = (user: Record<string, unknown>, fallback: string): string => (typeof user.primaryEmail === 'string' ? user.primaryEmail : fallback);
