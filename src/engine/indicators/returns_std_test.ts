import { returnsStd } from "./returns_std.ts";
import { computeIndicator } from "./registry.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";
import { assertSeriesClose, naiveRollingStd, shift } from "../testing/indicator_asserts.ts";

// Closes 100, 102, 99.96, 99.96, 104.958 → simple returns (from t1) 0.02, −0.02, 0, 0.05.
const CLOSES = [100, 102, 99.96, 99.96, 104.958];

Deno.test("returns_std is the sample std of simple returns, hand-worked", () => {
  const bars = barsFromCloses(CLOSES);
  // w = 2 (|a−b|/√2): t2 0.04/√2 ≈ 0.0282843, t3 0.02/√2 ≈ 0.0141421, t4 0.05/√2 ≈ 0.0353553.
  const w2 = [NaN, NaN, 0.04 / Math.SQRT2, 0.02 / Math.SQRT2, 0.05 / Math.SQRT2];
  assertSeriesClose(returnsStd.compute(bars, { window: 2 }), w2, 1e-12);
  // w = 3: t3 {0.02, −0.02, 0}: mean 0, squares 0.0008, /2 → 0.0004 → 0.02;
  // t4 {−0.02, 0, 0.05}: mean 0.01, squares 0.0009+0.0001+0.0016 = 0.0026, /2 → √0.0013 ≈ 0.0360555.
  const w3 = [NaN, NaN, NaN, 0.02, Math.sqrt(0.0013)];
  assertSeriesClose(computeIndicator("returns_std", bars, { window: 3 }), shift(w3), 1e-12);
});

Deno.test("returns_std matches a two-pass reference on a seeded random walk", () => {
  const bars = randomBars(2_000, 17);
  const r = [];
  for (let t = 1; t < bars.length; t++) r.push(bars.close[t] / bars.close[t - 1] - 1);
  for (const window of [2, 5, 60, 500]) {
    const expected = shift([NaN, ...naiveRollingStd(r, window)]);
    assertSeriesClose(computeIndicator("returns_std", bars, { window }), expected, 1e-9);
  }
});
