import { performance } from 'node:perf_hooks';

/** How long one custom policy may take on one activity before it counts as too slow. */
export const SLOW_EVALUATION_MS = 100;
/** After this many slow evaluations (or one over `HOPELESS_EVALUATION_MS`) the policy switches itself off. */
export const SLOW_STRIKES = 3;
export const HOPELESS_EVALUATION_MS = 1000;

export interface TimeBudgetOptions {
  /** Milliseconds, monotonic; tests pass a fake one. @default performance.now */
  timer?: () => number;
  slowMs?: number;
  strikes?: number;
  hopelessMs?: number;
}

/**
 * Watches one custom policy's evaluation time. A policy that is too slow is switched off (every later
 * evaluation is skipped) and says why, so one bad policy cannot hold a sync's detection transaction:
 * the engine reports it and stores it disabled.
 */
export class TimeBudget {
  private readonly timer: () => number;
  private readonly slowMs: number;
  private readonly strikes: number;
  private readonly hopelessMs: number;
  private slow = 0;
  private worstMs = 0;
  private reason: string | null = null;

  constructor(options: TimeBudgetOptions = {}) {
    this.timer = options.timer ?? (() => performance.now());
    this.slowMs = options.slowMs ?? SLOW_EVALUATION_MS;
    this.strikes = options.strikes ?? SLOW_STRIKES;
    this.hopelessMs = options.hopelessMs ?? HOPELESS_EVALUATION_MS;
  }

  /** Why the policy switched itself off, or null while it runs. */
  get disabledReason(): string | null {
    return this.reason;
  }

  /** Runs `work` unless the policy is off; returns `fallback` when it is (or has just become) off. */
  run<T>(work: () => T, fallback: T): T {
    if (this.reason !== null) return fallback;
    const started = this.timer();
    const result = work();
    const took = this.timer() - started;
    if (took > this.slowMs) {
      this.slow++;
      this.worstMs = Math.max(this.worstMs, took);
      if (this.slow >= this.strikes || took > this.hopelessMs) {
        this.reason = `it took ${Math.round(this.worstMs)} ms on one activity (the limit is ${this.slowMs} ms; ${this.slow} slow evaluation${this.slow > 1 ? 's' : ''}); simplify its conditions (fewer or anchored regexes, narrower fields) and enable it again`;
        return fallback;
      }
    }
    return result;
  }
}
