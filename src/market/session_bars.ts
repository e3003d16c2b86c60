/**
 * @module
 * Keeps the imported candles that fall inside the sessions of a dataset's date range, the
 * same minutes bar derivation from trades would produce: `from`/`to` are New York trading
 * dates, bars are UTC minute starts, so the range is the session windows of those dates, not
 * UTC midnights.
 */

import type { Bars } from "../domain/bars.ts";
import { takeBars } from "../domain/bars.ts";
import { MinuteGrid } from "./_minute_grid.ts";

const MS_PER_MIN = 60_000;

/**
 * The bars whose minute is a session minute of a trading day in `from..to`: the regular
 * session `[09:30, 16:00)` ET (13:00 on early closes), or the extended `[04:00, 20:00)` ET.
 * Bars outside those windows (other days, weekends, holidays, pre/post-market of a regular
 * dataset) are dropped.
 *
 * @example Only the 09:30 ET bar of 2024-01-02 is in; 09:29 and 16:00 ET are out
 * ```ts
 * import assert from "node:assert/strict";
 * import { allocBars } from "../domain/bars.ts";
 * const bars = allocBars(3);
 * bars.ts.set([Date.UTC(2024, 0, 2, 14, 29), Date.UTC(2024, 0, 2, 14, 30),
 *   Date.UTC(2024, 0, 2, 21, 0)]);
 * const kept = sessionBars(bars, "2024-01-02", "2024-01-02", false);
 * assert.deepEqual(Array.from(kept.ts), [Date.UTC(2024, 0, 2, 14, 30)]);
 * ```
 * @param bars bars sorted by `ts` (UTC minute starts)
 * @param from first New York trading date `YYYY-MM-DD`, inclusive
 * @param to last New York trading date, inclusive
 * @param extended keep extended-hours minutes (04:00–20:00 ET) instead of regular ones
 * @returns a new bar set sharing no memory with `bars`
 * @throws {ValidationError} for bad dates or years outside the calendar
 */
export function sessionBars(bars: Bars, from: string, to: string, extended: boolean): Bars {
  const grid = new MinuteGrid(from, to, extended);
  const keep = new Uint32Array(bars.length);
  let n = 0;
  for (let i = 0; i < bars.length; i++) {
    const idx = Math.floor(bars.ts[i] / MS_PER_MIN) - grid.baseMinute;
    if (idx >= 0 && idx < grid.lookup.length && grid.lookup[idx] >= 0) keep[n++] = i;
  }
  return takeBars(bars, keep.subarray(0, n));
}
