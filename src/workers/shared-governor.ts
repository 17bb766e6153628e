import { sql } from 'kysely';
import type { Clock } from '../core/clock.js';
import { RateLimitGovernor, sleep, type RateLimitPolicy, type Sleep } from '../connectors/sdk/rate-limit-governor.js';
import type { Db } from '../store/db.js';

/** The table of shared budgets (migration 0010-rate-budgets): one token bucket per connection, for every worker on the database. */
export const RATE_BUDGET_TABLE = 'parapet_rate_budgets';

/** PostgreSQL's clock in epoch milliseconds, fixed for the statement: every worker's bucket uses the same clock. */
const NOW_MS = sql`(extract(epoch from statement_timestamp()) * 1000)`;

/**
 * A connection's rate-limit budget kept in PostgreSQL, so every worker that syncs the connection draws from one
 * token bucket: four workers together send no more than the provider's documented rate, and a throttle
 * (Retry-After) one worker received pauses the others too. Each request takes its token with one atomic
 * statement (refill by elapsed time on the database's clock, then take one if there is one); without a token
 * it waits as long as the bucket says and tries again. Requests of one process are served in arrival order.
 */
export class SharedRateLimitGovernor extends RateLimitGovernor {
  #chain: Promise<void> = Promise.resolve();

  constructor(
    policy: RateLimitPolicy,
    private readonly db: Db,
    private readonly key: string,
    clock?: Clock,
    private readonly pause: Sleep = sleep,
  ) {
    super(policy, clock, pause);
  }

  override acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#chain.then(() => this.#take(signal));
    this.#chain = turn.catch(() => undefined);
    return turn;
  }

  override pauseUntil(epochMs: number): void {
    super.pauseUntil(epochMs);
    // Tell the other workers; a lost write only means they learn of the throttle from their own 429.
    void sql`update ${sql.table(RATE_BUDGET_TABLE)} set paused_until = greatest(paused_until, ${epochMs}) where key = ${this.key}`
      .execute(this.db)
      .catch(() => undefined);
  }

  async #take(signal?: AbortSignal): Promise<void> {
    const { requestsPerSecond: rps, burst } = this.policy;
    const refilled = sql`least(${burst}::double precision, b.tokens + greatest(0, ${NOW_MS} - b.updated_ms) * ${rps}::double precision / 1000)`;
    for (;;) {
      signal?.throwIfAborted();
      const paused = this.snapshot().pausedUntil;
      if (paused !== null) {
        await this.pause(paused - Date.now(), signal);
        continue;
      }
      const taken = await sql<{ tokens: number }>`
        insert into ${sql.table(RATE_BUDGET_TABLE)} as b (key, tokens, updated_ms, paused_until)
        values (${this.key}, ${burst - 1}, ${NOW_MS}, 0)
        on conflict (key) do update set tokens = ${refilled} - 1, updated_ms = greatest(b.updated_ms, ${NOW_MS})
          where ${refilled} >= 1 and b.paused_until <= ${NOW_MS}
        returning tokens`.execute(this.db);
      if (taken.rows.length > 0) return;
      const { rows } = await sql<{ tokens: number; paused_until: number; now: number }>`
        select ${refilled} as tokens, b.paused_until, ${NOW_MS} as now from ${sql.table(RATE_BUDGET_TABLE)} as b where key = ${this.key}`.execute(this.db);
      const row = rows[0];
      if (!row) continue;
      if (row.paused_until > row.now) {
        super.pauseUntil(Date.now() + (row.paused_until - row.now));
        continue;
      }
      await this.pause(Math.max(1, Math.ceil(((1 - row.tokens) * 1000) / rps)), signal);
    }
  }
}
