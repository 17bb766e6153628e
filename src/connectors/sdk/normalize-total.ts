import type { Activity } from '../../core/activity.js';
import { newId } from '../../core/ids.js';
import type { AnyConnector, NormalizeContext } from './define-connector.js';
import { oversizedActivity, unreadableActivity } from './normalize-helpers.js';
import { recordBreach } from './record-bounds.js';

/**
 * Normalises one raw record and stamps Parapet's id, instance and ingest time. Total: if a connector's
 * normaliser throws anyway, the record is kept as an `other` activity with its raw text; a record too deep
 * or too large to handle safely is kept as an `other` activity with a flagged excerpt (record-bounds).
 */
export function normalizeRecord(connector: AnyConnector, record: unknown, context: NormalizeContext): Activity {
  let normalized;
  const breach = recordBreach(record);
  if (breach) normalized = oversizedActivity(connector.id, connector.displayName, record, context.ingestedAt, breach);
  else {
    try {
      normalized = connector.normalize(record, context);
    } catch {
      normalized = unreadableActivity(connector.id, connector.displayName, record, context.ingestedAt);
    }
  }
  // The connector returned a fresh object: stamp it in place rather than copying forty fields per record.
  const activity = normalized as Activity;
  activity.id = newId(context.ingestedAt);
  activity.connectorInstanceId = context.connectorInstanceId;
  activity.ingestedAt = context.ingestedAt;
  return activity;
}

/** A context with an empty inventory, for offline normalisation (`parapet normalize`). */
export function offlineContext(connectorInstanceId: string, ingestedAt: number): NormalizeContext {
  return { connectorInstanceId, ingestedAt, lookupAccount: () => undefined };
}
