import type { Activity } from '../../src/core/activity.js';
import { baseActivity } from '../../src/connectors/sdk/normalize-helpers.js';

type Changes = { actor?: Partial<Activity['actor']>; geo?: Partial<Activity['geo']> } & Omit<Partial<Activity>, 'actor' | 'geo'>;

/** A stored DocuSign sign-in from 203.0.113.9, for the store's tests; `changes` set any field (actor and geo merge). */
export function storedLogin(instanceId: string, sourceId: string, time: number, changes: Changes = {}): Activity {
  const base = baseActivity({ provider: 'docusign', app: 'eSignature', sourceId, time, originalTime: new Date(time).toISOString(), action: 'user.login', eventType: 'User/Login', raw: { eventId: sourceId } });
  const { actor, geo, ...rest } = changes;
  return { ...base, id: `id-${sourceId}`, connectorInstanceId: instanceId, ingestedAt: time, srcIp: '203.0.113.9', outcome: 'success', ...rest, actor: { ...base.actor, ...actor }, geo: { ...base.geo, ...geo } };
}
