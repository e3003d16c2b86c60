/**
 * @module
 * A run's metrics as a dense two-column grid of label and value (right-aligned, with units).
 */
import type { RunMetrics } from "../api/types.ts";
import { formatCount, formatNumber, formatPct, formatUsd } from "../format.ts";

const ROWS: [string, string, (v: number | null | undefined) => string][] = [
  ["final_equity", "Final equity", (v) => formatUsd(v)],
  ["total_return", "Total return", (v) => formatPct(v)],
  ["cagr", "CAGR", (v) => formatPct(v)],
  ["sharpe", "Sharpe (ann.)", (v) => formatNumber(v, 2)],
  ["sortino", "Sortino (ann.)", (v) => formatNumber(v, 2)],
  ["volatility", "Volatility (ann.)", (v) => formatPct(v)],
  ["max_drawdown", "Max drawdown", (v) => formatPct(v)],
  ["max_drawdown_duration_bars", "Max DD duration", (v) => `${formatCount(v)} bars`],
  ["trades", "Trades", formatCount],
  ["hit_rate", "Hit rate", (v) => formatPct(v, 1)],
  ["avg_win", "Avg win", (v) => formatUsd(v)],
  ["avg_loss", "Avg loss", (v) => formatUsd(v)],
  ["profit_factor", "Profit factor", (v) => formatNumber(v, 2)],
  ["exposure", "Exposure", (v) => formatPct(v, 1)],
  ["turnover", "Turnover", (v) => `${formatNumber(v, 1)}×`],
  ["fees_paid", "Fees paid", (v) => formatUsd(v)],
  ["slippage_share", "Slippage share of costs", (v) => formatPct(v, 1)],
];

/** Props of {@link MetricsGrid}. */
export interface MetricsGridProps {
  metrics: RunMetrics | null;
  label?: string;
}

/** The grid. */
export function MetricsGrid({ metrics, label = "Metrics" }: MetricsGridProps) {
  if (!metrics) return <p class="dim">No metrics yet.</p>;
  return (
    <dl class="kv" aria-label={label}>
      {ROWS.filter(([k]) => k in metrics).map(([k, name, fmt]) => (
        <div key={k} class="kv-row">
          <dt>{name}</dt>
          <dd class="num">{fmt(metrics[k])}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The metric rows (key, label, format), for tables that line runs up side by side. */
export const METRIC_ROWS = ROWS;
