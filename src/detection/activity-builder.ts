import { z } from 'zod';
import { ACTIONS, ActivitySchema, ocsfFor, type Action, type Activity } from '../core/activity.js';
import { ValidationError } from '../core/errors.js';

/** A partial Activity as policy test cases write it: nested objects may be partial too. */
export type ActivityInput = Partial<Omit<Activity, 'actor' | 'geo' | 'auth' | 'ua' | 'time'>> & {
  actor?: Partial<Activity['actor']>;
  geo?: Partial<Activity['geo']>;
  auth?: Partial<Activity['auth']>;
  ua?: Partial<Activity['ua']>;
  /** Epoch ms, or an ISO date-time (test cases read better with dates). */
  time?: number | string;
};

let counter = 0;

/**
 * A complete, valid Activity from a partial one: every unspecified field gets the empty value a
 * connector would give it, `ocsf` follows `action`, `id`/`sourceId` are generated when absent. Used by
 * every policy's examples and by custom policy test cases, so both read the same.
 */
export function buildActivity(input: ActivityInput = {}): Activity {
  const action: Action = input.action ?? 'user.login';
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new ValidationError(`action "${String(action)}" is not a normalised action`, [`use one of ${ACTIONS.join(', ')}`]);
  }
  const time = typeof input.time === 'string' ? Date.parse(input.time) : (input.time ?? Date.UTC(2026, 0, 5, 9));
  if (!Number.isFinite(time)) throw new ValidationError(`time "${String(input.time)}" is not an epoch-ms number or an ISO date-time`);
  const n = ++counter;
  const id = input.id ?? `act-${n.toString().padStart(6, '0')}`;
  const activity: Activity = {
    id,
    connectorInstanceId: input.connectorInstanceId ?? 'test',
    provider: input.provider ?? 'okta',
    app: input.app ?? 'Okta',
    tenantId: input.tenantId ?? null,
    sourceId: input.sourceId ?? id,
    time,
    originalTime: input.originalTime ?? new Date(time).toISOString(),
    ingestedAt: input.ingestedAt ?? time,
    ocsf: input.ocsf ?? ocsfFor(action),
    severityId: input.severityId ?? 1,
    action,
    eventType: input.eventType ?? action,
    message: input.message ?? null,
    outcome: input.outcome ?? (action === 'user.login_failed' ? 'failure' : 'success'),
    outcomeReason: input.outcomeReason ?? null,
    outcomeCode: input.outcomeCode ?? null,
    actor: { userId: null, email: null, name: null, type: 'user', isAdmin: null, appId: null, appName: null, ...input.actor },
    impersonator: input.impersonator ?? null,
    service: input.service ?? null,
    targets: input.targets ?? [],
    srcIp: input.srcIp ?? null,
    srcPort: input.srcPort ?? null,
    ipVersion: input.ipVersion ?? (input.srcIp ? (input.srcIp.includes(':') ? 6 : 4) : null),
    geo: { country: null, region: null, city: null, lat: null, lon: null, source: null, ...input.geo },
    asn: input.asn ?? null,
    asOrg: input.asOrg ?? null,
    isp: input.isp ?? null,
    ipFlags: input.ipFlags ?? null,
    userAgent: input.userAgent ?? null,
    ua: { os: null, browser: null, device: null, ...input.ua },
    device: input.device ?? null,
    sessionId: input.sessionId ?? null,
    correlationId: input.correlationId ?? null,
    auth: { mfa: null, protocol: null, interactive: null, method: null, ...input.auth },
    raw: input.raw ?? {},
  };
  if (activity.geo.source === null && (activity.geo.country !== null || activity.geo.lat !== null)) activity.geo.source = 'provider';
  if (activity.actor.email) activity.actor.email = activity.actor.email.toLowerCase();
  const checked = ActivitySchema.safeParse(activity);
  if (!checked.success) {
    throw new ValidationError(
      'test activity is not a valid Activity',
      checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return checked.data;
}

/** The shape a policy file's test activity may take (validated before building). */
export const ActivityInputSchema = z.record(z.string(), z.unknown());
