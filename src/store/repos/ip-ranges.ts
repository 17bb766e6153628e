import { ConfigError, NotFoundError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../db.js';
import type { IpRangesTable, ThreatIndicatorsTable } from '../tables/detection.js';

export interface IpRange {
  id: string;
  cidr: string;
  tag: IpRangesTable['tag'];
  label: string | null;
  createdAt: number;
}

/** Adds an admin IP range (the caller has canonicalised the CIDR). Adding the same range and tag again updates its label. */
export async function addIpRange(db: Db, input: { cidr: string; tag: IpRange['tag']; label: string | null; now: number }): Promise<IpRange> {
  const existing = await db.selectFrom('ip_ranges').selectAll().where('cidr', '=', input.cidr).where('tag', '=', input.tag).executeTakeFirst();
  if (existing) {
    // created_at moves too, so the engine's intel version changes and it reloads the new label.
    await db.updateTable('ip_ranges').set({ label: input.label, created_at: input.now }).where('id', '=', existing.id).execute();
    return { id: existing.id, cidr: existing.cidr, tag: existing.tag, label: input.label, createdAt: input.now };
  }
  const id = newId(input.now);
  await db.insertInto('ip_ranges').values({ id, cidr: input.cidr, tag: input.tag, label: input.label, created_at: input.now }).execute();
  return { id, cidr: input.cidr, tag: input.tag, label: input.label, createdAt: input.now };
}

export async function listIpRanges(db: Db): Promise<IpRange[]> {
  const rows = await db.selectFrom('ip_ranges').selectAll().orderBy('tag').orderBy('cidr').execute();
  return rows.map((r) => ({ id: r.id, cidr: r.cidr, tag: r.tag, label: r.label, createdAt: Number(r.created_at) }));
}

/** Removes a range by id, or by CIDR (every tag of it). */
export async function removeIpRange(db: Db, ref: string): Promise<number> {
  const result = await db
    .deleteFrom('ip_ranges')
    .where((eb) => eb.or([eb('id', '=', ref), eb('cidr', '=', ref)]))
    .executeTakeFirst();
  const n = Number(result.numDeletedRows);
  if (n === 0) throw new NotFoundError(`No IP range "${ref}". List them with \`parapet intel range list\`.`);
  return n;
}

export type Indicator = Pick<ThreatIndicatorsTable, 'feed' | 'value' | 'kind'>;

/**
 * Replaces a feed's addresses with a new list in one transaction-friendly sequence (call inside a
 * transaction): a feed re-imported from a newer file keeps no stale entries.
 */
export async function replaceFeed(db: Db, feed: string, kind: Indicator['kind'], values: readonly string[], now: number): Promise<number> {
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(feed)) throw new ConfigError(`Feed name "${feed}" must be letters, digits, dot, dash or underscore (at most 64).`);
  await db.deleteFrom('threat_indicators').where('feed', '=', feed).execute();
  for (let i = 0; i < values.length; i += 400) {
    await db
      .insertInto('threat_indicators')
      .values(values.slice(i, i + 400).map((value) => ({ feed, value, kind, imported_at: now })))
      .onConflict((oc) => oc.columns(['feed', 'value']).doNothing())
      .execute();
  }
  return values.length;
}

export async function removeFeed(db: Db, feed: string): Promise<number> {
  const result = await db.deleteFrom('threat_indicators').where('feed', '=', feed).executeTakeFirst();
  const n = Number(result.numDeletedRows);
  if (n === 0) throw new NotFoundError(`No imported feed "${feed}". List them with \`parapet intel status\`.`);
  return n;
}

export async function listIndicators(db: Db): Promise<Indicator[]> {
  return db.selectFrom('threat_indicators').select(['feed', 'value', 'kind']).execute();
}

export interface FeedSummary {
  feed: string;
  kind: Indicator['kind'];
  entries: number;
  importedAt: number;
}

export async function listFeeds(db: Db): Promise<FeedSummary[]> {
  const rows = await db
    .selectFrom('threat_indicators')
    .select((eb) => ['feed', 'kind', eb.fn.countAll<number>().as('n'), eb.fn.max('imported_at').as('at')])
    .groupBy(['feed', 'kind'])
    .orderBy('feed')
    .execute();
  return rows.map((r) => ({ feed: r.feed, kind: r.kind, entries: Number(r.n), importedAt: Number(r.at) }));
}

/** Changes whenever ranges or feeds change: the engine reloads its intel index when it differs. */
export async function intelVersion(db: Db): Promise<string> {
  const ranges = await db
    .selectFrom('ip_ranges')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('at')])
    .executeTakeFirstOrThrow();
  const feeds = await db
    .selectFrom('threat_indicators')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('imported_at').as('at')])
    .executeTakeFirstOrThrow();
  return `${ranges.n}:${ranges.at ?? 0}|${feeds.n}:${feeds.at ?? 0}`;
}
