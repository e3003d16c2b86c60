/**
 * @module
 * The simulator's quiet stretches: runs of bars with no fill due, no borrow, a valid close
 * and a weight equal to the settled target, where cash and position stay as they are and a
 * bar only needs marking (equity, cash, position, drawdown). Most bars of a backtest are in
 * one, so each is a tight loop that checks and marks, and, when asked, feeds the curve
 * statistics (`CurveStats`): in the same loop for a flat stretch (three additions per bar),
 * in a second pass over the bars just written (still in the cache) for a held one, where one
 * fused loop would keep more values live than there are registers.
 *
 * Each loop does, bar by bar, exactly what the simulator's full step does on such a bar, and
 * what `addBar` does to the statistics, so the results are the same bits.
 */

import {
  addBar,
  addReturnRange,
  addSpellRange,
  ST_EQUITY_SUM,
  ST_EXPOSED,
  ST_K,
  ST_N,
  ST_PEAK_BAR,
  ST_S1,
  ST_S2,
  ST_SPELL,
} from "../metrics/curve_stats.ts";

/** The arrays and fixed values a stretch reads and writes. */
export interface StretchContext {
  /** The bars' closes. */
  close: Float64Array;
  /** The target weights. */
  weights: Float64Array;
  /** Curve column: equity. */
  equity: Float64Array;
  /** Curve column: cash. */
  cash: Float64Array;
  /** Curve column: position. */
  position: Float64Array;
  /** Curve column: drawdown. */
  drawdown: Float64Array;
  /** The simulator's running peak of equity, read and updated in slot 0. */
  peak: Float64Array;
  /** Curve statistics to feed, or undefined. */
  stats: Float64Array | undefined;
}

/**
 * Marks the quiet stretch from `from` (before `last`) with position 0: equity is the cash
 * whatever the close, so equity and drawdown are constant too.
 * @returns the stretch's end: the first bar that is not quiet (or `last`)
 */
export function flatStretch(
  cx: StretchContext,
  lastTarget: number,
  from: number,
  last: number,
  cash: number,
  pos: number,
): number {
  const { close, weights, equity, drawdown } = cx;
  const cashCol = cx.cash;
  const positionCol = cx.position;
  let t = from;
  if (t >= last) return t;
  const c0 = close[t];
  if (!(c0 > 0 && c0 < Infinity) || weights[t] !== lastTarget) return t;
  const e = cash + pos * c0;
  let peak = cx.peak[0];
  if (e > peak) peak = e;
  cx.peak[0] = peak;
  const dd = e / peak - 1;
  equity[t] = e;
  drawdown[t] = dd;
  cashCol[t] = cash;
  positionCol[t] = pos;
  const st = cx.stats;
  if (st !== undefined) addBar(st, e, t, false);
  t++;
  if (st === undefined || !(e - e === 0)) {
    for (; t < last; t++) {
      const c = close[t];
      if (!(c > 0 && c < Infinity) || weights[t] !== lastTarget) break;
      equity[t] = e;
      drawdown[t] = dd;
      cashCol[t] = cash;
      positionCol[t] = pos;
    }
    if (st !== undefined) { for (let b = from + 1; b < t; b++) addBar(st, e, b, false); }
    return t;
  }
  // After the first bar, r = e / e − 1 = +0 (or 0 for e ≤ 0), so d = −k and min(r, 0)² = +0
  // leaves the downside sum as it is: three additions per bar, in the shadow of the stores.
  const d = 0 - st[ST_K];
  const d2 = d * d;
  let s1 = st[ST_S1];
  let s2 = st[ST_S2];
  let equitySum = st[ST_EQUITY_SUM];
  for (; t < last; t++) {
    const c = close[t];
    if (!(c > 0 && c < Infinity) || weights[t] !== lastTarget) break;
    equity[t] = e;
    drawdown[t] = dd;
    cashCol[t] = cash;
    positionCol[t] = pos;
    s1 += d;
    s2 += d2;
    equitySum += e;
  }
  st[ST_S1] = s1;
  st[ST_S2] = s2;
  st[ST_EQUITY_SUM] = equitySum;
  st[ST_N] += t - from - 1;
  // The drawdown state after the first bar: in a spell (e below the peak, the trough at most
  // e) it stays as it is; at the peak, every later bar is at the peak again.
  if (t > from + 1 && st[ST_SPELL] < 0) st[ST_PEAK_BAR] = t - 1;
  return t;
}

/**
 * Marks the quiet stretch from `from` (before `last`) while a position is held: equity
 * follows the close, with the running peak and drawdown.
 * @returns the stretch's end: the first bar that is not quiet (or `last`)
 */
export function heldStretch(
  cx: StretchContext,
  lastTarget: number,
  from: number,
  last: number,
  cash: number,
  pos: number,
): number {
  const { close, weights, equity, drawdown } = cx;
  const cashCol = cx.cash;
  const positionCol = cx.position;
  let peak = cx.peak[0];
  let t = from;
  const st = cx.stats;
  if (st === undefined || st[ST_N] === 0) {
    for (; t < last; t++) {
      const c = close[t];
      if (!(c > 0 && c < Infinity) || weights[t] !== lastTarget) break;
      const e = cash + pos * c;
      equity[t] = e;
      cashCol[t] = cash;
      positionCol[t] = pos;
      if (e > peak) peak = e;
      drawdown[t] = e / peak - 1;
    }
    cx.peak[0] = peak;
    if (st !== undefined) { for (let b = from; b < t; b++) addBar(st, equity[b], b, pos !== 0); }
    return t;
  }
  for (; t < last; t++) {
    const c = close[t];
    if (!(c > 0 && c < Infinity) || weights[t] !== lastTarget) break;
    const e = cash + pos * c;
    equity[t] = e;
    cashCol[t] = cash;
    positionCol[t] = pos;
    if (e > peak) peak = e;
    drawdown[t] = e / peak - 1;
  }
  cx.peak[0] = peak;
  // The statistics in a second pass over the stretch just written (still in the cache):
  // fewer live values per loop than one fused loop, so nothing spills.
  addReturnRange(st, equity, from, t);
  addSpellRange(st, equity, from, t);
  if (pos !== 0) st[ST_EXPOSED] += t - from;
  return t;
}
