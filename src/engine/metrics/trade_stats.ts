/**
 * @module
 * Round-trip trade statistics: hit rate, average win and loss, profit factor.
 */

import type { Trades } from "../types.ts";

/** Trade figures; null where undefined (no trades, no wins, no losses). */
export interface TradeStats {
  /** Number of trades. */
  trades: number;
  /** Trades with pnl > 0 / trades; a trade with pnl exactly 0 is neither win nor loss. */
  hitRate: number | null;
  /** Mean pnl of winning trades (cash). */
  avgWin: number | null;
  /** Mean pnl of losing trades (cash, negative). */
  avgLoss: number | null;
  /** Mean returnPct of winning trades (fraction). */
  avgWinPct: number | null;
  /** Mean returnPct of losing trades (fraction, negative). */
  avgLossPct: number | null;
  /** Σ winning pnl / |Σ losing pnl|; null without a losing trade. */
  profitFactor: number | null;
}

/**
 * Computes trade statistics.
 * @param trades closed round-trip trades
 * @returns hit rate, averages and profit factor
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tradeStats } from "./trade_stats.ts";
 *
 * const pnl = new Float64Array([30, -10, 10]);
 * const s = tradeStats({ length: 3, pnl, returnPct: new Float64Array(3) } as never);
 * assert.equal(s.profitFactor, 4);
 * ```
 */
export function tradeStats(trades: Trades): TradeStats {
  const n = trades.length;
  const pnl = trades.pnl;
  const ret = trades.returnPct;
  let wins = 0;
  let losses = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let winPct = 0;
  let lossPct = 0;
  for (let i = 0; i < n; i++) {
    const p = pnl[i];
    if (p > 0) {
      wins++;
      grossWin += p;
      winPct += ret[i];
    } else if (p < 0) {
      losses++;
      grossLoss += p;
      lossPct += ret[i];
    }
  }
  return {
    trades: n,
    hitRate: n > 0 ? wins / n : null,
    avgWin: wins > 0 ? grossWin / wins : null,
    avgLoss: losses > 0 ? grossLoss / losses : null,
    avgWinPct: wins > 0 ? winPct / wins : null,
    avgLossPct: losses > 0 ? lossPct / losses : null,
    profitFactor: losses > 0 ? grossWin / -grossLoss : null,
  };
}
