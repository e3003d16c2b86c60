/**
 * @module
 * Where each New York trading date begins in a bar set: the calendar fact that the engine's
 * within-day permutation needs, computed here so the engine never reads the calendar.
 */
import { nyUtcOffsetMinutes } from "./ny_time.ts";

const MS_PER_DAY = 86_400_000;

/**
 * Indices of the first bar of each New York calendar date in `ts` (ascending UTC ms).
 *
 * @param ts bar open times, ascending
 * @returns ascending indices, `[0, …]` (empty for no bars)
 * @throws {ValidationError} for a timestamp outside the calendar's years
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tradingDayStarts } from "./day_starts.ts";
 *
 * const ts = Float64Array.of(
 *   Date.UTC(2024, 0, 2, 14, 30),
 *   Date.UTC(2024, 0, 2, 20, 59),
 *   Date.UTC(2024, 0, 3, 14, 30), // next New York date
 * );
 * assert.deepEqual([...tradingDayStarts(ts)], [0, 2]);
 * ```
 */
export function tradingDayStarts(ts: Float64Array): Int32Array {
  const starts: number[] = [];
  let day = NaN;
  for (let t = 0; t < ts.length; t++) {
    const d = nyDay(ts[t]);
    if (d !== day) starts.push(t);
    day = d;
  }
  return Int32Array.from(starts);
}

function nyDay(utcMs: number): number {
  return Math.floor((utcMs + nyUtcOffsetMinutes(utcMs) * 60_000) / MS_PER_DAY);
}
