/**
 * @module
 * The metrics table printed by `hewston backtest` and `hewston runs show`.
 */

const ROWS: [string, string, "pct" | "num" | "int" | "cash"][] = [
  ["total_return", "total return", "pct"],
  ["cagr", "CAGR", "pct"],
  ["volatility", "volatility (ann.)", "pct"],
  ["sharpe", "Sharpe", "num"],
  ["sortino", "Sortino", "num"],
  ["max_drawdown", "max drawdown", "pct"],
  ["max_drawdown_duration_bars", "max DD duration (bars)", "int"],
  ["hit_rate", "hit rate", "pct"],
  ["avg_win", "avg win", "cash"],
  ["avg_loss", "avg loss", "cash"],
  ["profit_factor", "profit factor", "num"],
  ["turnover", "turnover", "num"],
  ["exposure", "exposure", "pct"],
  ["trades", "trades", "int"],
  ["fees_paid", "fees paid", "cash"],
  ["slippage_paid", "slippage paid", "cash"],
  ["slippage_share", "slippage share", "pct"],
  ["final_equity", "final equity", "cash"],
];

/** Formats a metrics record as aligned `label  value` lines. */
export function metricsTable(m: Record<string, unknown>): string {
  return ROWS.filter(([k]) => k in m).map(([k, label, kind]) => {
    const v = m[k];
    let text: string;
    if (typeof v !== "number") text = "—";
    else if (kind === "pct") text = `${(v * 100).toFixed(2)} %`;
    else if (kind === "int") text = v.toLocaleString("en-US");
    else if (kind === "cash") {
      text = v.toLocaleString("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
    } else text = v.toFixed(3);
    return `  ${label.padEnd(24)}${text}`;
  }).join("\n");
}
