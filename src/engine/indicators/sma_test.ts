import assert from "node:assert/strict";
import { sma } from "./sma.ts";
import { computeIndicator } from "./registry.ts";
import { barsFromCloses, barsFromOhlc, randomBars } from "../testing/bar_fixtures.ts";
import { assertSeriesClose, naiveRollingMean, shift } from "../testing/indicator_asserts.ts";

Deno.test("sma computes hand-worked means of 3 closes and stores each one bar later", () => {
  const bars = barsFromCloses([10, 11, 12, 13, 14, 13, 12, 12, 12, 15]);
  // Unshifted: t2 (10+11+12)/3 = 11, t3 36/3 = 12, t4 39/3 = 13, t5 (13+14+13)/3 = 40/3,
  // t6 39/3 = 13, t7 (13+12+12)/3 = 37/3, t8 36/3 = 12, t9 (12+12+15)/3 = 13.
  const unshifted = [NaN, NaN, 11, 12, 13, 40 / 3, 13, 37 / 3, 12, 13];
  assert.deepEqual([...sma.compute(bars, { window: 3, field: "close" })], unshifted);
  assert.deepEqual([...computeIndicator("sma", bars, { window: 3 })], shift(unshifted));
});

Deno.test("sma reads the field it is given", () => {
  const bars = barsFromOhlc([[1, 9, 0, 5], [3, 9, 0, 5], [8, 9, 0, 5]]);
  // Opens 1, 3, 8 → window 2: t1 (1+3)/2 = 2, t2 (3+8)/2 = 5.5; highs are all 9.
  assert.deepEqual([...computeIndicator("sma", bars, { window: 2, field: "open" })], [NaN, NaN, 2]);
  assert.deepEqual([...sma.compute(bars, { window: 2, field: "open" })], [NaN, 2, 5.5]);
  assert.deepEqual([...sma.compute(bars, { window: 2, field: "high" })], [NaN, 9, 9]);
});

Deno.test("sma with window 1 is the field itself", () => {
  const bars = barsFromCloses([3.25, 1.5, 7]);
  assert.deepEqual([...sma.compute(bars, { window: 1, field: "close" })], [3.25, 1.5, 7]);
});

Deno.test("sma of a flat stretch is exactly the flat price after inexact sums", () => {
  // 0.1 + 0.2 + 0.3 is not exact in binary; once the window holds 0.7 three times the
  // mean must be 0.7 itself, not 0.7 plus leftover rounding.
  const out = sma.compute(barsFromCloses([0.1, 0.2, 0.3, 0.7, 0.7, 0.7, 0.7]), {
    window: 3,
    field: "close",
  });
  assert.equal(out[5], 0.7);
  assert.equal(out[6], 0.7);
});

Deno.test("sma restarts its window after a non-finite price", () => {
  const out = sma.compute(barsFromCloses([1, 2, NaN, 4, 6, 8, Infinity, 1, 1]), {
    window: 2,
    field: "close",
  });
  assert.deepEqual([...out], [NaN, 1.5, NaN, NaN, 5, 7, NaN, NaN, 1]);
});

Deno.test("sma matches an O(n·w) reference on a seeded random walk", () => {
  const bars = randomBars(2_000, 11);
  for (const window of [1, 2, 7, 50, 333]) {
    for (const field of ["close", "vwap", "high"] as const) {
      const expected = shift(naiveRollingMean(bars[field], window));
      assertSeriesClose(computeIndicator("sma", bars, { window, field }), expected, 1e-9);
    }
  }
});
