import assert from "node:assert/strict";
import { atr } from "./atr.ts";
import { computeIndicator } from "./registry.ts";
import { barsFromOhlc, randomBars } from "../testing/bar_fixtures.ts";
import { assertSeriesClose, naiveWilder, shift } from "../testing/indicator_asserts.ts";

const ROWS: [number, number, number, number][] = [
  [10, 11, 9, 10], //   t0: no previous close
  [10, 12, 10, 11], //  t1: prev 10 → max(2, |12−10| 2, |10−10| 0) = 2
  [11, 11, 8, 9], //    t2: prev 11 → max(3, 0, |8−11| 3) = 3
  [9, 13, 10, 12], //   t3: prev 9 → max(3, |13−9| 4, 1) = 4 (gap up)
  [12, 12, 11, 11.5], // t4: prev 12 → max(1, 0, 1) = 1
  [11.5, 11.5, 7.5, 8], // t5: prev 11.5 → max(4, 0, 4) = 4
];

Deno.test("atr averages true ranges against the previous close with Wilder smoothing", () => {
  const bars = barsFromOhlc(ROWS);
  // w = 2: seed t2 = (2+3)/2 = 2.5; t3 = (2.5·1+4)/2 = 3.25; t4 = (3.25+1)/2 = 2.125;
  // t5 = (2.125+4)/2 = 3.0625.
  const unshifted = [NaN, NaN, 2.5, 3.25, 2.125, 3.0625];
  assert.deepEqual([...atr.compute(bars, { window: 2 })], unshifted);
  assert.deepEqual([...computeIndicator("atr", bars, { window: 2 })], shift(unshifted));
  // w = 1 is the true range itself.
  assert.deepEqual([...atr.compute(bars, { window: 1 })], [NaN, 2, 3, 4, 1, 4]);
});

Deno.test("atr restarts after a non-finite high, low or close", () => {
  const rows: [number, number, number, number][] = [...ROWS];
  rows[2] = [11, NaN, 8, 9];
  // t2 is a gap; t3 only sets the previous close 12; t4 TR 1, t5 TR 4 → w = 2 seed (1+4)/2.
  assert.deepEqual([...atr.compute(barsFromOhlc(rows), { window: 2 })], [
    NaN,
    NaN,
    NaN,
    NaN,
    NaN,
    2.5,
  ]);
  // A gap after the seeding (w = 1): TRs 2, 3, then t3 is a gap, t4 only sets the previous
  // close 11.5, and t5 ranges 4 against it.
  rows[2] = ROWS[2];
  rows[3] = [9, 13, 10, NaN];
  assert.deepEqual([...atr.compute(barsFromOhlc(rows), { window: 1 })], [NaN, 2, 3, NaN, NaN, 4]);
});

Deno.test("atr matches a closed-form Wilder reference on a seeded random walk", () => {
  const bars = randomBars(500, 14);
  const tr = [0];
  for (let t = 1; t < bars.length; t++) {
    const pc = bars.close[t - 1];
    tr.push(
      Math.max(bars.high[t] - bars.low[t], Math.abs(bars.high[t] - pc), Math.abs(bars.low[t] - pc)),
    );
  }
  for (const window of [1, 2, 14, 100]) {
    const expected = shift(naiveWilder(tr, window, 1));
    assertSeriesClose(computeIndicator("atr", bars, { window }), expected, 1e-9);
  }
});
