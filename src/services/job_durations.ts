/**
 * @module
 * Wall times of finished jobs for `/metrics`, in bounded memory: per kind, the count and sum
 * of every job since the server started (the Prometheus summary's `_count` and `_sum`), and
 * the last {@link RECENT_JOBS} durations in a ring for the quantiles. A server that finishes a
 * million runs keeps the same few KB.
 */

/** Jobs per kind the quantiles are computed over (the most recent ones). */
export const RECENT_JOBS = 1024;

/** What {@link JobDurations.summary} reports for one kind. */
export interface DurationSummary {
  /** Jobs finished since the server started. */
  count: number;
  /** Their total wall time, in milliseconds. */
  sumMs: number;
  /** The last (at most {@link RECENT_JOBS}) durations in milliseconds, ascending. */
  recentMs: number[];
}

interface Ring {
  count: number;
  sumMs: number;
  recent: Float64Array;
}

/** Durations of finished jobs by kind (`backtest`, `dataset`), bounded per kind. */
export class JobDurations {
  readonly #kinds = new Map<string, Ring>();

  /** Records one finished job of `kind` that took `ms` milliseconds. */
  record(kind: string, ms: number): void {
    let ring = this.#kinds.get(kind);
    if (!ring) {
      this.#kinds.set(kind, ring = { count: 0, sumMs: 0, recent: new Float64Array(RECENT_JOBS) });
    }
    ring.recent[ring.count % RECENT_JOBS] = ms;
    ring.count++;
    ring.sumMs += ms;
  }

  /** The kinds recorded so far. */
  kinds(): string[] {
    return [...this.#kinds.keys()];
  }

  /** Count, sum and recent durations of `kind` (all zero/empty when none finished). */
  summary(kind: string): DurationSummary {
    const ring = this.#kinds.get(kind);
    if (!ring) return { count: 0, sumMs: 0, recentMs: [] };
    const recent = ring.recent.slice(0, Math.min(ring.count, RECENT_JOBS)).sort();
    return { count: ring.count, sumMs: ring.sumMs, recentMs: Array.from(recent) };
  }

  /** Durations kept in memory, over every kind (at most {@link RECENT_JOBS} per kind). */
  get retained(): number {
    let n = 0;
    for (const ring of this.#kinds.values()) n += Math.min(ring.count, RECENT_JOBS);
    return n;
  }
}
