/**
 * @module
 * The per-bar statistics `computeMetrics` needs from an equity curve (the sums of
 * `returnStats`, the drawdown spells of `drawdownStats`, Σ equity and the exposed-bar
 * count), accumulated bar by bar in bar order. `computeMetrics` feeds it a whole curve; the
 * simulator feeds it each bar as it marks it (`SimulationOptions.stats`), so a backtest never
 * reads its curve a second time.
 *
 * The state is a plain `Float64Array` (slots `ST_*`) so the simulator's stretch loops can
 * keep it in locals; every writer applies exactly the steps of {@link addBar}, which give
 * exactly the addends, in exactly the order, of the stand-alone functions, so the metrics
 * are the same bits however the bars arrive.
 *
 * Returns: `r[t] = e[t] / e[t−1] − 1` (bar 0 against the initial cash; 0 after a bar with
 * equity ≤ 0) enter as `Σ (r − k)`, `Σ (r − k)²` (k = the first return, the shift of
 * `returnStats`) and `Σ min(r, 0)²`. The minimum is taken without a branch, since the sign of
 * a return is a coin flip and a mispredicted branch costs more than the rest of a step: for
 * finite r, `(r − |r|) / 2` is exactly r when r < 0 and ±0 otherwise, and (±0)² adds
 * nothing, so the sum gets `returnStats`' addends. A non-finite r can make that sum NaN where
 * `returnStats` skips it, but then the mean is not finite either, so the Sortino ratio is
 * not finite both ways and the metrics report null alike.
 */

import { type DrawdownStats, finishDrawdownStats } from "./drawdown_stats.ts";
import { finishReturnStats, type ReturnStats } from "./return_stats.ts";

/** Slot: bars added so far. */
export const ST_N = 0;
/** Slot: k, the first return (the shift of the return sums). */
export const ST_K = 1;
/** Slot: Σ (r − k). */
export const ST_S1 = 2;
/** Slot: Σ (r − k)². */
export const ST_S2 = 3;
/** Slot: Σ min(r, 0)². */
export const ST_DOWN = 4;
/** Slot: equity of the last bar added (the initial cash before bar 0). */
export const ST_PREV = 5;
/** Slot: Σ equity. */
export const ST_EQUITY_SUM = 6;
/** Slot: bars with a position. */
export const ST_EXPOSED = 7;
/** Slot: drawdownStats' running peak (starts at the initial cash). */
export const ST_PEAK = 8;
/** Slot: the bar of that peak (0 while it is the initial cash). */
export const ST_PEAK_BAR = 9;
/** Slot: first bar of the open drawdown spell, −1 when at the peak. */
export const ST_SPELL = 10;
/** Slot: lowest equity of the open spell. */
export const ST_TROUGH = 11;
/** Slot: deepest closed spell, 1 − trough / peak. */
export const ST_MAX_DRAWDOWN = 12;
/** Slot: longest closed spell in bars. */
export const ST_BEST = 13;
/** Slot: its peak bar. */
export const ST_BEST_FROM = 14;
/** Slot: its recovery bar. */
export const ST_BEST_TO = 15;
/** Slot: the initial cash. */
export const ST_INITIAL_CASH = 16;
const SLOTS = 17;

/** What the accumulated bars give. */
export interface CurveSummary {
  /** As `returnStats(equity, initialCash, barsPerYear)` (see the module doc on NaN). */
  ret: ReturnStats;
  /** As `drawdownStats(equity, ts, initialCash)`. */
  dd: DrawdownStats;
  /** Σ equity[t], summed in bar order. */
  equitySum: number;
  /** Bars whose position is not 0. */
  exposed: number;
}

/**
 * Adds one bar: equity `e` at bar number `bar` (the next in order), `held` when its position
 * is not 0. The reference step every faster path must match.
 * @param st the state (`CurveStats.state`)
 * @param e the bar's equity
 * @param bar its index
 * @param held whether its position is not 0
 */
export function addBar(st: Float64Array, e: number, bar: number, held: boolean): void {
  if (st[ST_N] === 0 && st[ST_INITIAL_CASH] > 0) st[ST_K] = e / st[ST_INITIAL_CASH] - 1;
  const prev = st[ST_PREV];
  const r = prev > 0 ? e / prev - 1 : 0;
  st[ST_PREV] = e;
  const d = r - st[ST_K];
  st[ST_S1] += d;
  st[ST_S2] += d * d;
  const m = (r - Math.abs(r)) * 0.5;
  st[ST_DOWN] += m * m;
  st[ST_EQUITY_SUM] += e;
  if (held) st[ST_EXPOSED]++;
  st[ST_N]++;
  const peak = st[ST_PEAK];
  if (st[ST_SPELL] >= 0) {
    if (e < peak) {
      if (e < st[ST_TROUGH]) st[ST_TROUGH] = e;
      return;
    }
    closeSpell(st, bar);
  }
  if (e < peak) {
    st[ST_SPELL] = bar;
    st[ST_TROUGH] = e;
  } else {
    st[ST_PEAK] = e;
    st[ST_PEAK_BAR] = bar;
  }
}

/**
 * Ends the open spell at `bar` (the first bar back at the peak, or one past the last bar):
 * its depth and length, as drawdownStats counts them.
 * @param st the state
 * @param bar the recovery bar (or the bar count for a spell still open at the end)
 */
export function closeSpell(st: Float64Array, bar: number): void {
  const dd = 1 - st[ST_TROUGH] / st[ST_PEAK];
  if (dd > st[ST_MAX_DRAWDOWN]) st[ST_MAX_DRAWDOWN] = dd;
  const run = bar - st[ST_SPELL];
  if (run > st[ST_BEST]) {
    st[ST_BEST] = run;
    st[ST_BEST_FROM] = st[ST_PEAK_BAR];
    st[ST_BEST_TO] = bar;
  }
  st[ST_SPELL] = -1;
}

/**
 * {@link addBar}'s return sums, Σ equity and bar count over `equity[from..to)` (the next bars
 * in order, after the first bar ever), in one tight loop. (Counting exposed bars in the same
 * loop measured slower than a loop of its own.)
 * @param st the state
 * @param equity the curve
 * @param from first bar
 * @param to end (exclusive)
 */
export function addReturnRange(
  st: Float64Array,
  equity: Float64Array,
  from: number,
  to: number,
): void {
  const k = st[ST_K];
  let s1 = st[ST_S1];
  let s2 = st[ST_S2];
  let down = st[ST_DOWN];
  let prev = st[ST_PREV];
  let equitySum = st[ST_EQUITY_SUM];
  for (let t = from; t < to; t++) {
    const e = equity[t];
    const r = prev > 0 ? e / prev - 1 : 0;
    prev = e;
    const d = r - k;
    s1 += d;
    s2 += d * d;
    const m = (r - Math.abs(r)) * 0.5;
    down += m * m;
    equitySum += e;
  }
  st[ST_S1] = s1;
  st[ST_S2] = s2;
  st[ST_DOWN] = down;
  st[ST_PREV] = prev;
  st[ST_EQUITY_SUM] = equitySum;
  if (to > from) st[ST_N] += to - from;
}

/**
 * {@link addBar}'s drawdown spells over `equity[from..to)` (the next bars in order): a tight
 * scan while under the peak, one step at each bar at the peak.
 * @param st the state
 * @param equity the curve
 * @param from first bar
 * @param to end (exclusive)
 */
export function addSpellRange(
  st: Float64Array,
  equity: Float64Array,
  from: number,
  to: number,
): void {
  let peak = st[ST_PEAK];
  let trough = st[ST_TROUGH];
  let t = from;
  while (t < to) {
    if (st[ST_SPELL] >= 0) {
      for (; t < to; t++) {
        const x = equity[t];
        if (!(x < peak)) break;
        if (x < trough) trough = x;
      }
      if (t === to) break;
      st[ST_TROUGH] = trough;
      closeSpell(st, t);
    }
    const e = equity[t];
    if (e < peak) {
      st[ST_SPELL] = t;
      trough = e;
    } else {
      peak = e;
      st[ST_PEAK] = e;
      st[ST_PEAK_BAR] = t;
    }
    t++;
  }
  st[ST_TROUGH] = trough;
}

/** Accumulates curve statistics over bars added in order, each bar exactly once. */
export class CurveStats {
  /** The state, slots `ST_*`. */
  readonly state: Float64Array;

  /** @param initialCash equity before bar 0 */
  constructor(initialCash: number) {
    const st = new Float64Array(SLOTS);
    st[ST_PREV] = initialCash;
    st[ST_PEAK] = initialCash;
    st[ST_SPELL] = -1;
    st[ST_INITIAL_CASH] = initialCash;
    this.state = st;
  }

  /** Number of bars added so far. */
  get count(): number {
    return this.state[ST_N];
  }

  /** The initial cash this accumulator starts from. */
  get startingCash(): number {
    return this.state[ST_INITIAL_CASH];
  }

  /**
   * Adds bars `[from, to)` of `equity` (the next in order), counting as exposed the bars
   * whose `position` is not 0: {@link addBar} for each, in three tight loops.
   * @param equity the curve
   * @param position the closing position per bar
   * @param from first bar
   * @param to end (exclusive)
   */
  addBars(equity: Float64Array, position: Float64Array, from: number, to: number): void {
    if (to <= from) return;
    const st = this.state;
    if (st[ST_N] === 0) {
      addBar(st, equity[from], from, position[from] !== 0);
      from++;
    }
    let exposed = st[ST_EXPOSED];
    for (let t = from; t < to; t++) exposed += position[t] !== 0 ? 1 : 0;
    st[ST_EXPOSED] = exposed;
    addReturnRange(st, equity, from, to);
    addSpellRange(st, equity, from, to);
  }

  /**
   * The statistics of the bars added.
   * @param ts per-bar open time in ms (for the drawdown duration in days)
   * @param barsPerYear annualisation factor
   */
  finish(ts: Float64Array, barsPerYear: number): CurveSummary {
    const st = this.state.slice();
    const n = st[ST_N];
    // A spell still open at the end runs to the last bar.
    if (st[ST_SPELL] >= 0) closeSpell(st, n);
    const ret: ReturnStats = n === 0
      ? { mean: 0, volatility: null, sharpe: null, sortino: null }
      : finishReturnStats(n, st[ST_K], st[ST_S1], st[ST_S2], st[ST_DOWN], barsPerYear);
    const bestTo = st[ST_BEST_TO] === n ? n - 1 : st[ST_BEST_TO];
    return {
      ret,
      dd: finishDrawdownStats(st[ST_MAX_DRAWDOWN], st[ST_BEST], st[ST_BEST_FROM], bestTo, ts),
      equitySum: st[ST_EQUITY_SUM],
      exposed: st[ST_EXPOSED],
    };
  }
}
