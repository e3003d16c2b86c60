/** Specs of the chart's time and position labels. */
import assert from "node:assert/strict";
import { formatCandleTime, formatPositionLine, toNySec } from "./format.ts";

Deno.test("formatCandleTime() shows a day candle's New York date alone, an intraday one's time in ET", () => {
  // A day bucket starts at 00:00 New York, i.e. 04:00 UTC in summer and 05:00 in winter.
  const summer = toNySec(Date.UTC(2024, 3, 15, 4) / 1000);
  const winter = toNySec(Date.UTC(2024, 0, 2, 5) / 1000);
  assert.equal(formatCandleTime(summer, true), "2024-04-15");
  assert.equal(formatCandleTime(winter, true), "2024-01-02");
  assert.equal(formatCandleTime(summer, false), "2024-04-15 00:00 ET");
  assert.equal(formatCandleTime(summer + 9 * 3600 + 31 * 60, false), "2024-04-15 09:31 ET");
  // The last minute of a New York day is still that day, though UTC has moved on.
  assert.equal(formatCandleTime(toNySec(Date.UTC(2024, 3, 16, 3, 59) / 1000), true), "2024-04-15");
});

Deno.test("formatPositionLine() names the side, whole shares and the entry price", () => {
  assert.equal(formatPositionLine(137, 589.04), "long 137 @ 589.04");
  assert.equal(formatPositionLine(-12.4, 101.5), "short 12 @ 101.50");
});
