/**
 * @module
 * The metrics record of one run, as written to metrics.json and the catalog's run_metrics
 * (snake_case keys). Every value is a finite number or null (null = undefined for this run,
 * e.g. a Sharpe ratio without variance); formulas are in `compute_metrics.ts`.
 */

/** Options of {@link computeMetrics}: the same numbers the simulation used. */
export interface MetricsOptions {
  /** Starting cash of the simulation (> 0). */
  initialCash: number;
  /** Bars in one year, for annualisation (regular-session minutes a year, ≈ 98,000). */
  barsPerYear: number;
}

/** Performance, risk, trade and cost figures of one simulation. */
export interface Metrics {
  /** final_equity / initialCash − 1. */
  total_return: number;
  /** (final / initial)^(barsPerYear / bars) − 1; −1 if final ≤ 0; null with 0 bars or overflow. */
  cagr: number | null;
  /** Sample std (n − 1) of per-bar returns × √barsPerYear; null with < 2 bars. */
  volatility: number | null;
  /** mean / std of per-bar returns × √barsPerYear (rf = 0); null with < 2 bars or std = 0. */
  sharpe: number | null;
  /** mean / downside deviation × √barsPerYear (target 0); null with < 2 bars or no loss bar. */
  sortino: number | null;
  /** Largest fall from a running peak, as a positive fraction (0.12 = 12 %); 0 if none. */
  max_drawdown: number;
  /** Longest run of consecutive bars below the running peak. */
  max_drawdown_duration_bars: number;
  /** Calendar days of that run, from the peak bar to the recovery bar (or the last bar). */
  max_drawdown_duration_days: number;
  /** Winning trades / trades; null without trades. */
  hit_rate: number | null;
  /** Mean pnl (cash) of winning trades; null without one. */
  avg_win: number | null;
  /** Mean pnl (cash, negative) of losing trades; null without one. */
  avg_loss: number | null;
  /** Mean returnPct (fraction) of winning trades; null without one. */
  avg_win_pct: number | null;
  /** Mean returnPct (fraction, negative) of losing trades; null without one. */
  avg_loss_pct: number | null;
  /** Gross win / gross loss (cash); null when there is no loss. */
  profit_factor: number | null;
  /** Σ |fill qty × price| / mean equity, over the whole run; null when mean equity ≤ 0. */
  turnover: number | null;
  /** turnover × barsPerYear / bars; null like turnover. */
  turnover_annual: number | null;
  /** Fraction of bars whose closing position is not 0. */
  exposure: number;
  /** Number of closed round-trip trades. */
  trades: number;
  /** Number of fills. */
  fills: number;
  /** Σ fees (cash). */
  fees_paid: number;
  /** Σ slippage (cash). */
  slippage_paid: number;
  /** slippage / (fees + slippage); 0 when both are 0. */
  slippage_share: number;
  /** Σ borrow charges (cash). */
  borrow_paid: number;
  /** Equity at the last bar's close (initialCash with 0 bars). */
  final_equity: number;
  /** Number of bars. */
  bars: number;
}
