import type { ServiceNowSession } from '../session.js';
import { findUser, type ServiceNowUserRef } from './user-target.js';

/** Reads the user again and says whether ServiceNow shows the state an action meant to leave. */
export async function readBack(session: ServiceNowSession, target: string, signal: AbortSignal | undefined, holds: (u: ServiceNowUserRef) => boolean, state: string): Promise<{ ok: boolean; detail: string }> {
  const user = await findUser(session, target, signal);
  const ok = holds(user);
  return { ok, detail: ok ? `ServiceNow shows ${user.userName} ${state}.` : `ServiceNow does not show ${user.userName} ${state} yet (active=${user.active}, locked_out=${user.lockedOut}).` };
}
