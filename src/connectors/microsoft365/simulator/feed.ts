import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { FeedEntry } from './history.js';
import { fnv as hash, hex } from './ids.js';
import type { AuditRecord, ContentType } from './records.js';

export const CONTENT_TYPES: readonly ContentType[] = ['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.SharePoint', 'Audit.General'];

const WORKLOAD_CODE: Record<ContentType, string> = {
  'Audit.AzureActiveDirectory': 'aad',
  'Audit.Exchange': 'exo',
  'Audit.SharePoint': 'spo',
  'Audit.General': 'gen',
};

/** Content blobs live this long (digest §2.4). */
export const BLOB_RETENTION = 7 * DAY;

export interface ContentBlob {
  contentType: ContentType;
  contentId: string;
  contentCreated: number;
  /** When the blob shows up in listings (some appear well after their `contentCreated`). */
  availableAt: number;
  records: AuditRecord[];
}

/** How late blobs and listings behave (simulator options; see `M365SimulatorOptions`). */
export interface FeedLateness {
  /** Share of blobs listed hours to days after their `contentCreated`. @default 0 */
  lateBlobShare: number;
  /** The longest such delay. @default 2 days */
  lateBlobMaxDelayMs: number;
  /** Listings come in no particular order (Microsoft does not promise one). @default false */
  unsortedListings: boolean;
}

const DEFAULT_LATENESS: FeedLateness = { lateBlobShare: 0, lateBlobMaxDelayMs: 2 * DAY, unsortedListings: false };

interface Placed {
  record: AuditRecord;
  arrival: number;
}

/**
 * The Management Activity API's content store: records are aggregated into blobs per content type by
 * when they arrived, so a blob holds events out of order, a later blob can hold older events, and a few
 * records sit in two blobs. Old history is aggregated in 4-hour blobs, the last day in 30-minute ones,
 * and anything after the simulator started in 5-minute ones (live mode stays near-real-time).
 */
export class ContentFeed {
  private readonly placed = new Map<ContentType, Placed[]>();
  private readonly cache = new Map<ContentType, ContentBlob[]>();
  private readonly byId = new Map<string, ContentBlob>();
  private indexed = false;
  /** Blob ids the service reports as expired even though they are younger than 7 days. */
  readonly forcedExpired = new Set<string>();

  constructor(
    private readonly tenantId: string,
    private readonly builtAt: number,
    /** Most records one blob holds. */
    readonly maxRecordsPerBlob: number,
    private readonly lateness: FeedLateness = DEFAULT_LATENESS,
  ) {
    for (const ct of CONTENT_TYPES) this.placed.set(ct, []);
  }

  add(entry: FeedEntry): void {
    const list = this.placed.get(entry.contentType);
    if (!list) return;
    list.push({ record: entry.record, arrival: entry.arrival });
    if (entry.duplicateArrival !== null) list.push({ record: entry.record, arrival: entry.duplicateArrival });
    this.cache.delete(entry.contentType);
    this.indexed = false;
  }

  /** Every blob of a content type, published or not, in `contentCreated` order. */
  allBlobs(contentType: ContentType): ContentBlob[] {
    const cached = this.cache.get(contentType);
    if (cached) return cached;
    const buckets = new Map<number, Placed[]>();
    for (const p of this.placed.get(contentType) ?? []) {
      const start = this.bucketStart(p.arrival);
      const bucket = buckets.get(start);
      if (bucket) bucket.push(p);
      else buckets.set(start, [p]);
    }
    const blobs: ContentBlob[] = [];
    const ctIndex = CONTENT_TYPES.indexOf(contentType);
    for (const [start, entries] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
      entries.sort((a, b) => a.arrival - b.arrival);
      const end = start + this.interval(start);
      for (let part = 0; part * this.maxRecordsPerBlob < entries.length; part++) {
        const created = end + ctIndex * 7000 + part * 1000;
        const contentId = this.contentId(contentType, created, start, part);
        const random = new SeededRandom(hash(contentId));
        // Most blobs are listed within a minute or so; about one in eight only after 5-40 minutes.
        let delay = random.chance(0.12) ? random.int(5, 40) * MINUTE : random.int(0, 90) * 1000;
        // Microsoft documents no upper bound: some content is listed hours, even days, late.
        const late = new SeededRandom(hash(`late:${contentId}`));
        if (late.chance(this.lateness.lateBlobShare)) delay = 2 * HOUR + Math.floor(late.next() * Math.max(0, this.lateness.lateBlobMaxDelayMs - 2 * HOUR));
        blobs.push({
          contentType,
          contentId,
          contentCreated: created,
          availableAt: created + delay,
          records: entries.slice(part * this.maxRecordsPerBlob, (part + 1) * this.maxRecordsPerBlob).map((e) => e.record),
        });
      }
    }
    blobs.sort((a, b) => a.contentCreated - b.contentCreated);
    this.cache.set(contentType, blobs);
    return blobs;
  }

  /** Blobs a listing at `now` shows: created in [start, end), available, not yet expired. */
  listable(contentType: ContentType, now: number, start: number, end: number): ContentBlob[] {
    const blobs = this.allBlobs(contentType).filter((b) => b.contentCreated >= start && b.contentCreated < end && b.availableAt <= now && b.contentCreated > now - BLOB_RETENTION);
    if (!this.lateness.unsortedListings) return blobs;
    // A stable but scrambled order: the same listing twice comes back the same way.
    return blobs.map((b) => ({ b, key: hash(`order:${b.contentId}`) })).sort((x, y) => x.key - y.key).map((x) => x.b);
  }

  blob(contentId: string): ContentBlob | undefined {
    if (!this.indexed) {
      this.byId.clear();
      for (const ct of CONTENT_TYPES) for (const b of this.allBlobs(ct)) this.byId.set(b.contentId, b);
      this.indexed = true;
    }
    return this.byId.get(contentId);
  }

  isExpired(blob: ContentBlob, now: number): boolean {
    return this.forcedExpired.has(blob.contentId) || blob.contentCreated <= now - BLOB_RETENTION;
  }

  private boundaries(): [number, number] {
    const fourHours = 4 * HOUR;
    return [Math.floor((this.builtAt - DAY) / fourHours) * fourHours, Math.floor(this.builtAt / fourHours) * fourHours];
  }

  private interval(at: number): number {
    const [recent, live] = this.boundaries();
    if (at < recent) return 4 * HOUR;
    if (at < live) return 30 * MINUTE;
    return 5 * MINUTE;
  }

  private bucketStart(arrival: number): number {
    const size = this.interval(arrival);
    return Math.floor(arrival / size) * size;
  }

  private contentId(contentType: ContentType, created: number, start: number, part: number): string {
    const ticks = String(Math.floor(created / 1000) * 1000 + part);
    const hour = new Date(start).toISOString().slice(0, 13).replace(/[-T]/g, '');
    const random = new SeededRandom(hash(`${this.tenantId}:${contentType}:${start}:${part}`));
    return `${ticks}$${ticks}$${this.tenantId.replace(/-/g, '')}${WORKLOAD_CODE[contentType]}${hour}$${hex(random, 32)}$04`;
  }
}
