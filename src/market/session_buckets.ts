/**
 * @module
 * A dataset's 1-minute bars as fewer, wider candles for a chart: the finest interval of
 * {@link BUCKET_MINUTES} (or whole New York session days) that keeps a range under a number
 * of candles, so a year previews in a few hundred candles and a zoomed-in week in minutes.
 * A candle never spans two New York trading dates, and an intraday candle starts at its day's
 * first bar (09:30, 10:30, … for the regular session). Columnar in, columnar out.
 */
import type { Bars } from "../domain/bars.ts";
import { nyUtcOffsetMinutes } from "./calendar/mod.ts";

/** The intraday candle widths tried, in minutes, finest first; then whole days. */
export const BUCKET_MINUTES = [1, 5, 15, 30, 60] as const;

/** Candles of a bar range. */
export interface SessionCandles {
  /** Minutes per candle, or `"day"` for one candle per New York trading date. */
  interval: number | "day";
  /** Open time of each candle (its first bar), UTC ms. */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** 1-minute bars the candles cover. */
  bars: number;
  /** New York trading dates the candles cover. */
  days: number;
}

const MIN_MS = 60_000;
const DAY_MS = 86_400_000;

function nyDay(utcMs: number): number {
  return Math.floor((utcMs + nyUtcOffsetMinutes(utcMs) * MIN_MS) / DAY_MS);
}

/**
 * The bars `[lo, hi)` of `bars` as at most `maxCandles` candles (whole days when even hourly
 * candles are too many; days are then the limit).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const t0 = Date.UTC(2024, 0, 2, 14, 30); // 09:30 New York
 * const n = 390;
 * const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
 * const bars = { length: n, ts: col((i) => t0 + i * 60_000), open: col((i) => i), high: col((i) => i + 1),
 *   low: col((i) => i - 1), close: col((i) => i + 0.5), volume: col(() => 10) } as never;
 * const c = sessionCandles(bars, 0, n, 10);
 * assert.equal(c.interval, 60);
 * assert.equal(c.ts.length, 7); // 09:30 … 15:30
 * assert.deepEqual([c.open[0], c.high[0], c.low[0], c.close[0], c.volume[0]], [0, 60, -1, 59.5, 600]);
 * assert.equal(sessionCandles(bars, 0, n, 5).interval, "day");
 * ```
 */
export function sessionCandles(
  bars: Pick<Bars, "ts" | "open" | "high" | "low" | "close" | "volume">,
  lo: number,
  hi: number,
  maxCandles: number,
): SessionCandles {
  const ts = bars.ts;
  // Index of the first bar of each New York date in the range, and the end.
  const starts: number[] = [];
  let prev = NaN;
  for (let i = lo; i < hi; i++) {
    const d = nyDay(ts[i]);
    if (d !== prev) starts.push(i);
    prev = d;
  }
  const days = starts.length;
  starts.push(hi);
  let interval: number | "day" = "day";
  for (const m of BUCKET_MINUTES) {
    if (countCandles(ts, starts, m) <= maxCandles) {
      interval = m;
      break;
    }
  }
  const widthMs = interval === "day" ? Infinity : interval * MIN_MS;
  const cap = interval === "day" ? days : countCandles(ts, starts, interval as number);
  const out = {
    ts: new Float64Array(cap),
    open: new Float64Array(cap),
    high: new Float64Array(cap),
    low: new Float64Array(cap),
    close: new Float64Array(cap),
    volume: new Float64Array(cap),
  };
  let k = -1;
  for (let d = 0; d < days; d++) {
    const first = ts[starts[d]];
    let bucket = -1;
    for (let i = starts[d]; i < starts[d + 1]; i++) {
      const b = widthMs === Infinity ? 0 : Math.floor((ts[i] - first) / widthMs);
      if (b !== bucket) {
        bucket = b;
        k++;
        out.ts[k] = ts[i];
        out.open[k] = bars.open[i];
        out.high[k] = bars.high[i];
        out.low[k] = bars.low[i];
        out.volume[k] = 0;
      }
      if (bars.high[i] > out.high[k]) out.high[k] = bars.high[i];
      if (bars.low[i] < out.low[k]) out.low[k] = bars.low[i];
      out.close[k] = bars.close[i];
      out.volume[k] += bars.volume[i];
    }
  }
  return { interval, ...out, bars: hi - lo, days };
}

/** Candles of `m` minutes the days of `starts` make (each day's own grid). */
function countCandles(ts: Float64Array, starts: number[], m: number): number {
  const w = m * MIN_MS;
  let n = 0;
  for (let d = 0; d + 1 < starts.length; d++) {
    const first = ts[starts[d]];
    let bucket = -1;
    for (let i = starts[d]; i < starts[d + 1]; i++) {
      const b = Math.floor((ts[i] - first) / w);
      if (b !== bucket) (bucket = b, n++);
    }
  }
  return n;
}
