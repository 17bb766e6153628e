import type { Logger } from 'pino';
import type { Activity } from '../core/activity.js';
import type { AccountRecord, AccountRef } from '../core/account.js';
import type { Clock } from '../core/clock.js';
import { DAY } from '../core/clock.js';
import type { AnyConnector, ConnectorRuntime, IncrementalStream, SettingsRecord, SnapshotStream } from '../connectors/sdk/define-connector.js';
import { normalizeRecord } from '../connectors/sdk/normalize-total.js';
import { inTransaction, type Db } from '../store/db.js';
import { connectionLock, IDENTITY_LOCK, withLockScope } from '../store/lock-scope.js';
import { loadAccountRefs, markAccountsNotSeenDeleted, upsertAccounts } from '../store/repos/accounts.js';
import { kyselyActivityWriter, type ActivityWriter, type WrittenPage } from '../store/repos/activities.js';
import { upsertSettings } from '../store/repos/settings.js';
import { finishInventorySnapshot, upsertGroups, upsertOAuthApps, upsertPrivileges } from '../store/repos/inventory.js';
import type { GroupRecord } from '../core/group.js';
import type { OAuthAppRecord } from '../core/oauth-app.js';
import type { PrivilegeRecord } from '../core/privilege.js';
import { getCheckpoint, markStreamSucceeded, saveCheckpoint } from '../store/repos/stream-states.js';
import { addStreamCounters } from '../store/repos/stream-health.js';

export interface StreamProgress {
  stream: string;
  pages: number;
  /** Records read from the provider so far. */
  records: number;
  /** Records that were new to the store. */
  stored: number;
}

/**
 * Fills what the provider left empty from offline lookups (country, city, ASN, network, anonymiser and
 * hosting flags) before a page is stored, so the activity row carries them; provider values win.
 */
export type IngestEnrichment = (activities: Activity[]) => Promise<Activity[]>;

/** Called after each committed activity page with the activities that were new and their numbers (detection hooks in here). */
export type CommittedHook = (instanceId: string, page: WrittenPage) => Promise<void>;

export interface StreamRunContext {
  db: Db;
  /** How pages of activities are written. @default kyselyActivityWriter (portable) */
  writeActivities?: ActivityWriter | undefined;
  connector: AnyConnector;
  instanceId: string;
  session: unknown;
  runtime: ConnectorRuntime;
  clock: Clock;
  logger: Logger;
  backfillDays: number;
  onProgress?: ((progress: StreamProgress) => void) | undefined;
  onCommitted?: CommittedHook | undefined;
  enrich?: IngestEnrichment | undefined;
}

/**
 * Reads a snapshot stream to its end, committing each page in its own transaction. Only a complete
 * snapshot marks vanished accounts deleted: an interrupted one leaves the previous state as it was.
 */
export async function runSnapshotStream(ctx: StreamRunContext, name: string, stream: SnapshotStream<unknown>): Promise<StreamProgress> {
  const startedAt = ctx.clock.now();
  const progress: StreamProgress = { stream: name, pages: 0, records: 0, stored: 0 };
  const retriedBefore = ctx.runtime.http.requestsRetried;
  for await (const page of stream.read(ctx.session, ctx.runtime)) {
    const now = ctx.clock.now();
    await withLockScope(snapshotLocks(ctx.instanceId, stream.entity), () => inTransaction(ctx.db, `Storing ${name} of ${ctx.connector.displayName}`, async (trx) => {
      if (stream.entity === 'accounts') {
        const conflicts = await upsertAccounts(trx, page as AccountRecord[], {
          instanceId: ctx.instanceId,
          now,
          identityProvider: ctx.connector.identityProvider === true,
        });
        for (const c of conflicts) {
          ctx.runtime.logger.warn(
            { identityId: c.identityId, anchoredTo: c.anchoredTo, refused: c.refused },
            `${c.email ?? 'An identity'} is anchored to an account of another identity-provider connection; this connection's account was not made its anchor. Check which tenant owns the domain.`,
          );
        }
      } else if (stream.entity === 'settings') {
        await upsertSettings(trx, ctx.instanceId, page as SettingsRecord[], now);
      } else if (stream.entity === 'groups') {
        await upsertGroups(trx, ctx.instanceId, page as GroupRecord[], now);
      } else if (stream.entity === 'privileges') {
        await upsertPrivileges(trx, ctx.instanceId, page as PrivilegeRecord[], now);
      } else {
        await upsertOAuthApps(trx, ctx.instanceId, page as OAuthAppRecord[], now);
      }
    }));
    progress.pages++;
    progress.records += page.length;
    progress.stored += page.length;
    ctx.onProgress?.({ ...progress });
  }
  const retried = ctx.runtime.http.requestsRetried - retriedBefore;
  await withLockScope(snapshotLocks(ctx.instanceId, stream.entity), () => inTransaction(ctx.db, `Completing the ${name} snapshot of ${ctx.connector.displayName}`, async (trx) => {
    await addStreamCounters(trx, ctx.instanceId, name, { lateArrivals: 0, worstLateMs: 0, duplicatesAbsorbed: 0, requestsRetried: retried }, ctx.clock.now());
    if (stream.entity === 'accounts') await markAccountsNotSeenDeleted(trx, ctx.instanceId, startedAt);
    else if (stream.entity !== 'settings') await finishInventorySnapshot(trx, ctx.instanceId, stream.entity, startedAt);
    await markStreamSucceeded(trx, ctx.instanceId, name, ctx.clock.now());
  }));
  return progress;
}

/**
 * What a snapshot page locks on PostgreSQL (lock-scope.ts): its connection's rows, and for accounts the
 * identities they are linked into, which other connections' account pages link too.
 */
function snapshotLocks(instanceId: string, entity: SnapshotStream<unknown>['entity']) {
  return entity === 'accounts' ? [connectionLock(instanceId), IDENTITY_LOCK] : [connectionLock(instanceId)];
}

/** Where one page of activities goes. */
export interface PageTarget {
  db: Db;
  writeActivities?: ActivityWriter | undefined;
  connector: AnyConnector;
  instanceId: string;
  stream: string;
  clock: Clock;
  lookupAccount: (providerUserId: string) => AccountRef | undefined;
  enrich?: IngestEnrichment | undefined;
}

/** How a page counts towards its stream's completeness (see `IncrementalPage.recheck`). */
export interface PageAccounting {
  /** The page re-read a range already read: what is new in it arrived late. */
  recheck?: boolean | undefined;
  /** Requests retried while reading it. */
  requestsRetried?: number;
}

/**
 * The ingest pipeline for one page: normalise every record, enrich it (when the sync was given an
 * enrichment), then write the new activities, the checkpoint after them and the stream's completeness
 * counters in one transaction. Returns the activities that were new (with the number the first was given).
 */
export async function commitActivityPage(target: PageTarget, records: readonly unknown[], checkpoint: string, accounting: PageAccounting = {}): Promise<WrittenPage> {
  const ingestedAt = target.clock.now();
  const context = { connectorInstanceId: target.instanceId, ingestedAt, lookupAccount: target.lookupAccount };
  const bySource = new Map<string, Activity>();
  for (const record of records) {
    const activity = normalizeRecord(target.connector, record, context);
    if (!bySource.has(activity.sourceId)) bySource.set(activity.sourceId, activity);
  }
  const page = target.enrich ? await target.enrich([...bySource.values()]) : [...bySource.values()];
  // On PostgreSQL this locks the connection's rows only: other connections' pages commit meanwhile.
  return withLockScope([connectionLock(target.instanceId)], () => inTransaction(target.db, `Storing ${target.stream} of ${target.connector.displayName}`, async (trx) => {
    const written = await (target.writeActivities ?? kyselyActivityWriter)(trx, page);
    const { fresh } = written;
    await saveCheckpoint(trx, target.instanceId, target.stream, checkpoint, ingestedAt);
    const late = accounting.recheck ? fresh : [];
    await addStreamCounters(
      trx,
      target.instanceId,
      target.stream,
      {
        lateArrivals: late.length,
        worstLateMs: late.reduce((worst, a) => Math.max(worst, ingestedAt - a.time), 0),
        // What a re-read finds again is expected; anything else the store already held was sent twice.
        duplicatesAbsorbed: accounting.recheck ? 0 : records.length - fresh.length,
        requestsRetried: accounting.requestsRetried ?? 0,
      },
      ingestedAt,
    );
    return written;
  }));
}

/**
 * Reads an incremental stream from its last committed checkpoint. Each page and the checkpoint after it
 * are written in one transaction, so a crash at any point resumes exactly there; the unique key on
 * (instance, provider event id) absorbs any overlap the provider sends again.
 */
export async function runIncrementalStream(ctx: StreamRunContext, name: string, stream: IncrementalStream<unknown>): Promise<StreamProgress> {
  const progress: StreamProgress = { stream: name, pages: 0, records: 0, stored: 0 };
  const checkpoint = await getCheckpoint(ctx.db, ctx.instanceId, name);
  const backfillFrom = ctx.clock.now() - ctx.backfillDays * DAY;
  const accounts = await loadAccountRefs(ctx.db, ctx.instanceId);
  const lookupAccount = (id: string) => accounts.get(id);

  const target: PageTarget = { ...ctx, stream: name, lookupAccount };
  let retriedBefore = ctx.runtime.http.requestsRetried;
  for await (const page of stream.read(ctx.session, ctx.runtime, { checkpoint, backfillFrom })) {
    const retried = ctx.runtime.http.requestsRetried - retriedBefore;
    const written = await commitActivityPage(target, page.records, page.checkpoint, { recheck: page.recheck, requestsRetried: retried });
    retriedBefore += retried;
    progress.pages++;
    progress.records += page.records.length;
    progress.stored += written.fresh.length;
    ctx.onProgress?.({ ...progress });
    if (written.fresh.length && ctx.onCommitted) await ctx.onCommitted(ctx.instanceId, written);
  }
  await markStreamSucceeded(ctx.db, ctx.instanceId, name, ctx.clock.now());
  return progress;
}
