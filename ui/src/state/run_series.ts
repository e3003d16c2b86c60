/**
 * @module
 * A run's whole series in typed arrays (from `GET /backtests/{id}/series`, binary: its columns
 * are used in place): bar times in UTC and New York wall-clock seconds, OHLCV,
 * equity/drawdown/position per bar, and the fills. Lookups are binary searches; nothing here
 * allocates per bar after loading.
 */
import type { SeriesResponse } from "../api/playback_types.ts";
import type { DecodedSeries } from "../../../src/domain/series_binary.ts";
import { toNySec } from "../format.ts";

/** Columnar series of one run. */
export interface RunSeriesData {
  n: number;
  barsPerYear: number;
  /** UTC seconds. */
  ts: Float64Array;
  /** New York wall-clock seconds (the chart's time axis). */
  nyTs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  equity: Float64Array;
  drawdown: Float64Array;
  position: Float64Array;
  fills: {
    n: number;
    bar: Int32Array;
    /** 1 = buy, -1 = sell. */
    side: Int8Array;
    qty: Float64Array;
    price: Float64Array;
  };
}

function f64(a: readonly (number | null)[], fill = NaN): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ?? fill;
  return out;
}

/** Typed arrays of a series response. */
export function seriesFromResponse(r: SeriesResponse): RunSeriesData {
  const ts = f64(r.bars.ts);
  const nyTs = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) nyTs[i] = toNySec(ts[i]);
  const side = new Int8Array(r.fills.side.length);
  for (let i = 0; i < side.length; i++) side[i] = r.fills.side[i] === "buy" ? 1 : -1;
  return {
    n: ts.length,
    barsPerYear: r.bars_per_year,
    ts,
    nyTs,
    open: f64(r.bars.open),
    high: f64(r.bars.high),
    low: f64(r.bars.low),
    close: f64(r.bars.close),
    volume: f64(r.bars.volume, 0),
    equity: f64(r.curve.equity),
    drawdown: f64(r.curve.drawdown),
    position: f64(r.curve.position, 0),
    fills: {
      n: side.length,
      bar: Int32Array.from(r.fills.bar),
      side,
      qty: f64(r.fills.qty),
      price: f64(r.fills.price),
    },
  };
}

/** NaN (a missing number) → `fill`, in place. */
function fillNaN(a: Float64Array, fill: number): Float64Array {
  for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) a[i] = fill;
  return a;
}

/** The series from its binary form: the columns are used as they are (no copy). */
export function seriesFromBinary(s: DecodedSeries): RunSeriesData {
  const c = s.columns as Record<string, Float64Array> & {
    "fills.bar": Int32Array;
    "fills.side": Int8Array;
  };
  const ts = c["bars.ts"];
  const nyTs = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) nyTs[i] = toNySec(ts[i]);
  const bar = c["fills.bar"];
  return {
    n: ts.length,
    barsPerYear: s.header.bars_per_year,
    ts,
    nyTs,
    open: c["bars.open"],
    high: c["bars.high"],
    low: c["bars.low"],
    close: c["bars.close"],
    // As from JSON: a missing volume or position is 0.
    volume: fillNaN(c["bars.volume"], 0),
    equity: c["curve.equity"],
    drawdown: c["curve.drawdown"],
    position: fillNaN(c["curve.position"], 0),
    fills: {
      n: bar.length,
      bar,
      side: c["fills.side"],
      qty: c["fills.qty"],
      price: c["fills.price"],
    },
  };
}

/**
 * Index of the first element of the sorted `a` greater than `x` (so the count of elements
 * ≤ x).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(upperBound(Int32Array.of(1, 3, 3, 7), 3), 3);
 * assert.equal(upperBound(Int32Array.of(1, 3), 0), 0);
 * ```
 */
export function upperBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of fills at bars ≤ `pos`. */
export function fillsUpTo(d: RunSeriesData, pos: number): number {
  return upperBound(d.fills.bar, pos);
}

/** The bar at or before UTC second `t` (0 when `t` is before the first). */
export function barAtOrBefore(d: RunSeriesData, t: number): number {
  return Math.max(0, upperBound(d.ts, t) - 1);
}

/** The first fill bar after `pos`, or null. */
export function nextFillBar(d: RunSeriesData, pos: number): number | null {
  const i = upperBound(d.fills.bar, pos);
  return i < d.fills.n ? d.fills.bar[i] : null;
}

/** The last fill bar before `pos`, or null. */
export function prevFillBar(d: RunSeriesData, pos: number): number | null {
  const i = upperBound(d.fills.bar, pos - 1) - 1;
  return i >= 0 ? d.fills.bar[i] : null;
}
