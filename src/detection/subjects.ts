import type { Activity, Target } from '../core/activity.js';
import { scopedStateKey } from '../core/state-key.js';

/** `<provider>:<provider user id>`: how a person is named where no e-mail links them across apps. */
export function providerUserKey(provider: string, userId: string): string {
  return scopedStateKey('', provider, userId);
}

/**
 * The key detection uses for a person: the lower-cased e-mail when the activity has one (it links the
 * same person across apps), else `<provider>:<provider user id>`. Null for activities with no user.
 */
export function userKeyOf(activity: Pick<Activity, 'actor' | 'provider'>): string | null {
  const email = activity.actor.email?.trim().toLowerCase();
  if (email) return email;
  if (activity.actor.userId) return providerUserKey(activity.provider, activity.actor.userId);
  return null;
}

/** Every key a user may be known by in this activity's actor (e-mail and provider id). */
export function actorKeys(activity: Pick<Activity, 'actor' | 'provider'>): string[] {
  const keys: string[] = [];
  const email = activity.actor.email?.trim().toLowerCase();
  if (email) keys.push(email);
  if (activity.actor.userId) keys.push(providerUserKey(activity.provider, activity.actor.userId));
  return keys;
}

/** Keys of a user target (e-mail and provider id), as `actorKeys` would name the same person acting. */
export function targetKeys(activity: Pick<Activity, 'provider'>, target: Target): string[] {
  const keys: string[] = [];
  const email = targetEmail(target);
  if (email) keys.push(email);
  if (target.id) keys.push(providerUserKey(activity.provider, target.id));
  return keys;
}

/** A target's e-mail, lower-cased: its own, else its name when that is one. */
export function targetEmail(target: Target): string | null {
  return (target.email ?? (target.name?.includes('@') ? target.name : null))?.trim().toLowerCase() || null;
}

/** People act as `user`, `admin` or `unknown`; apps, services and the system are not people. */
export function isPerson(activity: Pick<Activity, 'actor'>): boolean {
  return activity.actor.type === 'user' || activity.actor.type === 'admin' || activity.actor.type === 'unknown';
}

/** A readable name for the actor in explanations. */
export function actorLabel(activity: Pick<Activity, 'actor' | 'provider'>): string {
  return activity.actor.email ?? activity.actor.name ?? (activity.actor.userId ? `user ${activity.actor.userId}` : 'an unknown user');
}
