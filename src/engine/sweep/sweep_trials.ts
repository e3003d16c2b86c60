/**
 * @module
 * A sweep's members as trials for multiple-testing corrections (the Deflated Sharpe Ratio of
 * later runs counts every member tried): the per-member Sharpe ratios and their spread.
 */
import type { SweepRow } from "./run_sweep.ts";

/** The Sharpe ratios of a sweep's members. */
export interface SweepTrials {
  /** Members run (each is one trial; skipped grid combinations are not). */
  trials: number;
  /** Annualised Sharpe per member, in member order (null where undefined, e.g. no trades). */
  sharpe: (number | null)[];
  /** Members with a finite Sharpe. */
  finite: number;
  /** Mean of the finite Sharpe ratios; null without any. */
  mean: number | null;
  /**
   * Sample variance (n − 1) of the finite annualised Sharpe ratios; null with fewer than two.
   * Divide by barsPerYear for the variance of per-bar Sharpe ratios.
   */
  variance: number | null;
}

/**
 * Collects the trials of a sweep.
 *
 * @param rows sweep rows in any order
 * @returns Sharpe list in member order, its mean and sample variance
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Metrics } from "../metrics/mod.ts";
 * const row = (member: number, sharpe: number | null) => ({
 *   member, params: {}, metrics: { sharpe } as unknown as Metrics,
 * });
 * const t = sweepTrials([row(1, 3), row(0, 1), row(2, null)]);
 * assert.deepEqual(t.sharpe, [1, 3, null]);
 * assert.equal(t.variance, 2);
 * ```
 */
export function sweepTrials(rows: readonly SweepRow[]): SweepTrials {
  const sharpe = [...rows].sort((a, b) => a.member - b.member).map((r) => r.metrics.sharpe);
  const values = sharpe.filter((s): s is number => s !== null);
  const n = values.length;
  const mean = n > 0 ? values.reduce((a, b) => a + b, 0) / n : null;
  let variance: number | null = null;
  if (mean !== null && n > 1) {
    let ss = 0;
    for (const v of values) ss += (v - mean) * (v - mean);
    variance = ss / (n - 1);
  }
  return { trials: rows.length, sharpe, finite: n, mean, variance };
}
