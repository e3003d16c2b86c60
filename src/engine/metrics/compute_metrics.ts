/**
 * @module
 * The metrics of one simulation (`Metrics`, snake_case for metrics.json and run_metrics).
 *
 * With n bars, equity e[t], initial cash E0 and Y = barsPerYear:
 * - total_return = e[n−1] / E0 − 1; cagr = (e[n−1] / E0)^(Y / n) − 1 (−1 when e[n−1] ≤ 0);
 * - per-bar returns, volatility, Sharpe, Sortino: `return_stats.ts`;
 * - max drawdown and its duration: `drawdown_stats.ts`; trade figures: `trade_stats.ts`;
 * - turnover = Σ |qty × price| over fills / mean(e); turnover_annual = turnover × Y / n;
 * - exposure = bars with a non-zero closing position / n;
 * - slippage_share = slippage / (fees + slippage), 0 when both are 0.
 * A value that is not finite (e.g. a CAGR overflowing on a very short run) becomes null.
 */

import type { Bars } from "../../domain/bars.ts";
import type { SimulationResult } from "../types.ts";
import type { Metrics, MetricsOptions } from "./types.ts";
import { curvePass } from "./_curve_pass.ts";
import type { CurveSummary } from "./curve_stats.ts";
import { tradeStats } from "./trade_stats.ts";

/**
 * Computes the metrics of a simulation over `bars`.
 *
 * @param bars the simulated bars (for timestamps and the bar count)
 * @param result the simulator's output
 * @param opts the initial cash and bars per year the simulation used
 * @param summary the curve statistics a `CurveStats` collected while the simulation wrote
 *   `result.curve` (`SimulationOptions.stats`), finished; saves reading the curve again.
 *   Omitted, they are computed from `result.curve` (the same numbers).
 * @returns the metrics record (finite numbers or null)
 *
 * @example A run that never trades
 * ```ts
 * import assert from "node:assert/strict";
 * import { allocBars } from "../../domain/bars.ts";
 * import { simulate } from "../execution/simulate.ts";
 * import { computeMetrics } from "./compute_metrics.ts";
 *
 * const bars = allocBars(3);
 * bars.open.fill(10);
 * bars.close.fill(10);
 * const opts = { initialCash: 100, barsPerYear: 98_000 };
 * const r = simulate(bars, new Float64Array(3), {
 *   fill_price: "open", fees_bps: 0, slippage: { model: "none" }, borrow_bps: 0,
 *   auto_flatten: true, allow_short: false,
 * }, opts);
 * const m = computeMetrics(bars, r, opts);
 * assert.equal(m.total_return, 0);
 * assert.equal(m.sharpe, null);
 * assert.equal(m.trades, 0);
 * ```
 */
export function computeMetrics(
  bars: Bars,
  result: SimulationResult,
  opts: MetricsOptions,
  summary?: CurveSummary,
): Metrics {
  const { initialCash, barsPerYear } = opts;
  const curve = result.curve;
  const equity = curve.equity;
  const n = equity.length;
  const finalEquity = n > 0 ? equity[n - 1] : initialCash;
  const growth = finalEquity / initialCash;
  const { ret, dd, equitySum, exposed } = summary ??
    curvePass(equity, curve.position, bars.ts, initialCash, barsPerYear);
  const tr = tradeStats(result.trades);
  const fills = result.fills;
  let traded = 0;
  for (let i = 0; i < fills.length; i++) traded += Math.abs(fills.qty[i] * fills.price[i]);
  const meanEquity = n > 0 ? equitySum / n : 0;
  const turnover = meanEquity > 0 ? traded / meanEquity : null;
  const costs = result.feesPaid + result.slippagePaid;

  return {
    total_return: growth - 1,
    cagr: n === 0 ? null : growth <= 0 ? -1 : finite(Math.pow(growth, barsPerYear / n) - 1),
    volatility: finite(ret.volatility),
    sharpe: finite(ret.sharpe),
    sortino: finite(ret.sortino),
    max_drawdown: dd.maxDrawdown,
    max_drawdown_duration_bars: dd.durationBars,
    max_drawdown_duration_days: dd.durationDays,
    hit_rate: tr.hitRate,
    avg_win: tr.avgWin,
    avg_loss: tr.avgLoss,
    avg_win_pct: tr.avgWinPct,
    avg_loss_pct: tr.avgLossPct,
    profit_factor: finite(tr.profitFactor),
    turnover: finite(turnover),
    turnover_annual: turnover === null ? null : finite(turnover * barsPerYear / n),
    exposure: n > 0 ? exposed / n : 0,
    trades: tr.trades,
    fills: fills.length,
    fees_paid: result.feesPaid,
    slippage_paid: result.slippagePaid,
    slippage_share: costs > 0 ? result.slippagePaid / costs : 0,
    borrow_paid: result.borrowPaid,
    final_equity: finalEquity,
    bars: n,
  };
}

function finite(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}
