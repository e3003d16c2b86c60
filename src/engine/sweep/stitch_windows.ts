/**
 * @module
 * Joins the simulations of consecutive bar windows (walk-forward test windows) into one
 * simulation result over the joined bars, so the usual metrics apply to it. Each window is
 * simulated on its own (starting flat); the caller chains the equity by starting each window
 * with the previous window's final equity.
 */
import type { EquityCurve, Fills, SimulationResult, Trades } from "../types.ts";

/**
 * Joins simulations of consecutive windows into one.
 *
 * @param parts the windows' simulations, in time order
 * @param initialCash equity before the first window (the drawdown's first peak)
 * @returns curves back to back with drawdown recomputed against the running peak, fills and
 *   trades with bar indices shifted onto the joined timeline (0 = first bar of the first
 *   window), skip counts and cost totals summed
 */
export function stitchWindows(
  parts: readonly SimulationResult[],
  initialCash: number,
): SimulationResult {
  const lengths = parts.map((p) => p.curve.equity.length);
  const offsets: number[] = [];
  let total = 0;
  for (const n of lengths) {
    offsets.push(total);
    total += n;
  }
  const curve: EquityCurve = {
    equity: concat(parts.map((p) => p.curve.equity), total),
    cash: concat(parts.map((p) => p.curve.cash), total),
    position: concat(parts.map((p) => p.curve.position), total),
    drawdown: new Float64Array(total),
  };
  let peak = initialCash;
  for (let t = 0; t < total; t++) {
    const e = curve.equity[t];
    if (e > peak) peak = e;
    curve.drawdown[t] = e / peak - 1;
  }
  const fillCount = parts.reduce((a, p) => a + p.fills.length, 0);
  const fills: Fills = {
    length: fillCount,
    bar: shifted(parts.map((p) => p.fills.bar), offsets, fillCount),
    signalBar: shifted(parts.map((p) => p.fills.signalBar), offsets, fillCount),
    qty: concat(parts.map((p) => p.fills.qty), fillCount),
    refPrice: concat(parts.map((p) => p.fills.refPrice), fillCount),
    price: concat(parts.map((p) => p.fills.price), fillCount),
    slippage: concat(parts.map((p) => p.fills.slippage), fillCount),
    fee: concat(parts.map((p) => p.fills.fee), fillCount),
  };
  const tradeCount = parts.reduce((a, p) => a + p.trades.length, 0);
  const side = new Int8Array(tradeCount);
  let at = 0;
  for (const p of parts) {
    side.set(p.trades.side, at);
    at += p.trades.length;
  }
  const trades: Trades = {
    length: tradeCount,
    entryBar: shifted(parts.map((p) => p.trades.entryBar), offsets, tradeCount),
    exitBar: shifted(parts.map((p) => p.trades.exitBar), offsets, tradeCount),
    side,
    qty: concat(parts.map((p) => p.trades.qty), tradeCount),
    entryPrice: concat(parts.map((p) => p.trades.entryPrice), tradeCount),
    exitPrice: concat(parts.map((p) => p.trades.exitPrice), tradeCount),
    pnl: concat(parts.map((p) => p.trades.pnl), tradeCount),
    returnPct: concat(parts.map((p) => p.trades.returnPct), tradeCount),
  };
  const skipped: Record<string, number> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.skipped)) skipped[k] = (skipped[k] ?? 0) + v;
  }
  return {
    curve,
    fills,
    trades,
    skipped,
    feesPaid: parts.reduce((a, p) => a + p.feesPaid, 0),
    slippagePaid: parts.reduce((a, p) => a + p.slippagePaid, 0),
    borrowPaid: parts.reduce((a, p) => a + p.borrowPaid, 0),
  };
}

function concat(arrays: readonly Float64Array[], total: number): Float64Array {
  const out = new Float64Array(total);
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function shifted(arrays: readonly Int32Array[], offsets: readonly number[], total: number) {
  const out = new Int32Array(total);
  let at = 0;
  arrays.forEach((a, i) => {
    for (let j = 0; j < a.length; j++) out[at + j] = a[j] + offsets[i];
    at += a.length;
  });
  return out;
}
