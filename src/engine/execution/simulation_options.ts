/**
 * @module
 * The options of `simulate()`: cash, annualisation and the buffers a caller that simulates
 * many times reuses. Apart from the simulator so its input checks can name them too.
 */
import type { EquityCurve } from "../types.ts";
import type { SimulationLedger } from "./_account.ts";
import type { CurveStats } from "../metrics/curve_stats.ts";

/** Options of `simulate()`. */
export interface SimulationOptions {
  /** Starting cash (finite, > 0). */
  initialCash: number;
  /** Bars in one year, for the borrow accrual (regular-session minutes a year, ≈ 98,000). */
  barsPerYear: number;
  /**
   * Arrays (each of the bars' length) to write the equity curve into instead of allocating
   * new ones, for callers that simulate the same bars many times (validation). The result's
   * `curve` is then this object, overwritten by the next call that reuses it.
   * @default undefined (allocate)
   */
  curve?: EquityCurve;
  /**
   * Fill and trade buffers to reuse from an earlier call (the result's fills and trades are
   * still copies of their own), for callers that simulate many times.
   * @default undefined (allocate)
   */
  ledger?: SimulationLedger;
  /**
   * A new `CurveStats(initialCash)` to feed each stretch of the curve as it is written, so
   * `computeMetrics(bars, result, opts, stats.finish(bars.ts, barsPerYear))` need not read
   * the curve again (what a backtest does). Unused otherwise.
   * @default undefined
   */
  stats?: CurveStats;
}
