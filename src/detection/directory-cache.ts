import type { Db } from '../store/db.js';
import { actorRefKey, inventoryVersion, lookupActorFacts, type ActorFacts, type ActorRef } from '../store/repos/directory-facts.js';
import { deepFreeze } from './state-cache.js';

/**
 * Directory facts kept from one detection batch to the next. The same people act page after page, and their
 * facts (account and identity status, groups, the organisation's domains and mail contacts) change only when
 * the inventory does: every lookup first reads the inventory's version (migration 0013, moved by triggers
 * on every inventory write, whichever process or path makes it) and starts afresh when it moved. A person
 * the inventory does not know is remembered too (no facts is a fact), until the version moves.
 *
 * Facts are read after the version, so they are never older than the version they are kept under (on
 * PostgreSQL they may be newer; the next batch then sees the version move and reads them again).
 */
export class DirectoryCache {
  private version: number | null = null;
  private readonly facts = new Map<string, ActorFacts>();

  /** @param maxEntries people remembered before it starts afresh (a few hundred bytes each) */
  constructor(private readonly maxEntries = 100_000) {}

  /** What the inventory says about each actor, by {@link actorRefKey}: as `lookupActorFacts` would read it in this transaction. */
  async lookup(db: Db, refs: readonly ActorRef[]): Promise<Map<string, ActorFacts>> {
    const version = await inventoryVersion(db);
    if (version !== this.version) {
      this.facts.clear();
      this.version = version;
    }
    const out = new Map<string, ActorFacts>();
    const missing: ActorRef[] = [];
    for (const ref of refs) {
      const key = actorRefKey(ref);
      const known = this.facts.get(key);
      if (known) out.set(key, known);
      else missing.push(ref);
    }
    if (missing.length === 0) return out;
    const found = await lookupActorFacts(db, missing);
    if (this.facts.size + found.size > this.maxEntries) this.facts.clear();
    for (const [key, facts] of found) {
      // Shared by every batch until the inventory changes: frozen, so no policy can change what the next one reads.
      const kept = deepFreeze(facts);
      this.facts.set(key, kept);
      out.set(key, kept);
    }
    return out;
  }

  /** People remembered now. */
  get size(): number {
    return this.facts.size;
  }
}
