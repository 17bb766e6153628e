import type { Activity } from '../../core/activity.js';
import { newId } from '../../core/ids.js';
import type { AnyConnector, NormalizeContext } from './define-connector.js';
import { unreadableActivity } from './normalize-helpers.js';

/**
 * Normalises one raw record and stamps Parapet's id, instance and ingest time. Total: if a connector's
 * normaliser throws anyway, the record is kept as an `other` activity with its raw text.
 */
export function normalizeRecord(connector: AnyConnector, record: unknown, context: NormalizeContext): Activity {
  let normalized;
  try {
    normalized = connector.normalize(record, context);
  } catch {
    normalized = unreadableActivity(connector.id, connector.displayName, record, context.ingestedAt);
  }
  return { ...normalized, id: newId(context.ingestedAt), connectorInstanceId: context.connectorInstanceId, ingestedAt: context.ingestedAt };
}

/** A context with an empty inventory, for offline normalisation (`parapet normalize`). */
export function offlineContext(connectorInstanceId: string, ingestedAt: number): NormalizeContext {
  return { connectorInstanceId, ingestedAt, lookupAccount: () => undefined };
}
