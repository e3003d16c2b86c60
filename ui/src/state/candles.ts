/**
 * @module
 * Display candles: the run's 1-minute bars aggregated into New York-aligned buckets (1, 5,
 * 15, 30, 60 minutes or a session day), with equity (last of the bucket) and drawdown (worst
 * of the bucket) on the same times, so the chart's three panes share one time axis. A set is
 * built up to a bar, extended bar by bar as playback advances (touching only the last bucket
 * or adding new ones), and cut back for a step or seek backwards.
 */
import type { RunSeriesData } from "./run_series.ts";

/** Candle intervals offered, in minutes (390 = one regular session day). */
export const INTERVALS = [1, 5, 15, 30, 60, 390] as const;

/** A candle interval in minutes. */
export type Interval = (typeof INTERVALS)[number];

/** Aggregated candles up to a bar, in plain arrays (they grow during playback). */
export interface CandleSet {
  interval: Interval;
  /** Last source bar included. */
  end: number;
  /** Bucket start, New York wall-clock seconds. */
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  equity: number[];
  drawdown: number[];
  /** First source bar of each bucket. */
  first: number[];
}

/** Bucket start (New York wall-clock seconds) of a bar time for an interval. */
export function bucketOf(nySec: number, interval: Interval): number {
  const span = interval === 390 ? 86_400 : interval * 60;
  return Math.floor(nySec / span) * span;
}

/**
 * The interval for a playback pace: the finest that shows at most about two new candles per
 * frame, so the chart moves smoothly instead of scrolling dozens of candles each frame.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(intervalForBarsPerFrame(0.5), 1);
 * assert.equal(intervalForBarsPerFrame(54), 30); // a year in 60 s at 30 frames/s
 * ```
 */
export function intervalForBarsPerFrame(barsPerFrame: number): Interval {
  for (const m of INTERVALS) if (m * 2 >= barsPerFrame) return m;
  return 390;
}

/**
 * The interval for a still chart showing `visibleBars` 1-minute bars across `widthPx`:
 * the finest with at least 3 px per candle (1-minute when zoomed in).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(intervalForZoom(300, 1200), 1);
 * assert.equal(intervalForZoom(97_740, 1200), 390);
 * ```
 */
export function intervalForZoom(visibleBars: number, widthPx: number): Interval {
  const maxCandles = Math.max(20, widthPx / 3);
  for (const m of INTERVALS) if (visibleBars / m <= maxCandles) return m;
  return 390;
}

/** An empty set for an interval. */
export function emptyCandles(interval: Interval): CandleSet {
  return {
    interval,
    end: -1,
    time: [],
    open: [],
    high: [],
    low: [],
    close: [],
    volume: [],
    equity: [],
    drawdown: [],
    first: [],
  };
}

/**
 * Adds bars `set.end + 1 … to` to the set.
 * @returns the index of the first bucket changed or added (the chart updates from there)
 */
export function extendCandles(set: CandleSet, d: RunSeriesData, to: number): number {
  const last = Math.min(to, d.n - 1);
  let touched = set.time.length;
  for (let i = set.end + 1; i <= last; i++) {
    const b = bucketOf(d.nyTs[i], set.interval);
    const k = set.time.length - 1;
    // Drawdown below zero whichever sign the curve stores it with.
    const dd = -Math.abs(d.drawdown[i]);
    if (k >= 0 && set.time[k] === b) {
      if (d.high[i] > set.high[k]) set.high[k] = d.high[i];
      if (d.low[i] < set.low[k]) set.low[k] = d.low[i];
      set.close[k] = d.close[i];
      set.volume[k] += d.volume[i];
      set.equity[k] = d.equity[i];
      if (dd < set.drawdown[k]) set.drawdown[k] = dd;
      if (k < touched) touched = k;
    } else {
      set.time.push(b);
      set.open.push(d.open[i]);
      set.high.push(d.high[i]);
      set.low.push(d.low[i]);
      set.close.push(d.close[i]);
      set.volume.push(d.volume[i]);
      set.equity.push(d.equity[i]);
      set.drawdown.push(dd);
      set.first.push(i);
    }
  }
  if (last > set.end) set.end = last;
  return touched;
}

/** Candles of bars `0 … end` at an interval. */
export function buildCandles(d: RunSeriesData, interval: Interval, end: number): CandleSet {
  const set = emptyCandles(interval);
  extendCandles(set, d, end);
  return set;
}

/**
 * Cuts the set back to bars `0 … to` (`to` < `set.end`): buckets after the one holding `to`
 * are removed and that bucket is rebuilt from its first bar.
 * @returns `removed`: buckets dropped from the end (before the rebuilt one was re-added);
 *   `from`: the index of the first bucket to redraw
 */
export function truncateCandles(
  set: CandleSet,
  d: RunSeriesData,
  to: number,
): { removed: number; from: number } {
  if (to >= set.end) return { removed: 0, from: set.time.length };
  let k = set.first.length - 1;
  while (k >= 0 && set.first[k] > to) k--;
  const keep = Math.max(k, 0);
  const firstOfK = k >= 0 ? set.first[k] : 0;
  const removed = set.time.length - keep;
  for (
    const a of [
      set.time,
      set.open,
      set.high,
      set.low,
      set.close,
      set.volume,
      set.equity,
      set.drawdown,
      set.first,
    ]
  ) a.length = keep;
  // Bars are contiguous: everything before the rebuilt bucket's first bar is in the kept ones.
  set.end = firstOfK - 1;
  extendCandles(set, d, to);
  return { removed, from: keep };
}
