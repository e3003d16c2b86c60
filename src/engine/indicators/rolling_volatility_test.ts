import assert from "node:assert/strict";
import { rollingVolatility } from "./rolling_volatility.ts";
import { computeIndicator } from "./registry.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";
import { assertSeriesClose, naiveRollingStd, shift } from "../testing/indicator_asserts.ts";

Deno.test("rolling_volatility is the sample std of log returns, hand-worked", () => {
  // Closes e^0, e^1, e^1, e^3, e^2 → log returns (from t1) 1, 0, 2, −1.
  const bars = barsFromCloses([0, 1, 1, 3, 2].map(Math.exp));
  // w = 2 (std of a pair = |a−b|/√2): t2 1/√2 ≈ 0.7071068, t3 2/√2 = √2 ≈ 1.4142136,
  // t4 3/√2 ≈ 2.1213203.
  const w2 = [NaN, NaN, 1 / Math.SQRT2, Math.SQRT2, 3 / Math.SQRT2];
  assertSeriesClose(rollingVolatility.compute(bars, { window: 2 }), w2, 1e-12);
  // w = 3: t3 {1, 0, 2}: mean 1, squares 0+1+1 = 2, /2 → 1; t4 {0, 2, −1}: mean 1/3,
  // squares 1/9 + 25/9 + 16/9 = 42/9, /2 = 7/3 → √(7/3) ≈ 1.5275252.
  const w3 = [NaN, NaN, NaN, 1, Math.sqrt(7 / 3)];
  assertSeriesClose(rollingVolatility.compute(bars, { window: 3 }), w3, 1e-12);
  assertSeriesClose(computeIndicator("rolling_volatility", bars, { window: 3 }), shift(w3), 1e-12);
});

Deno.test("rolling_volatility is exactly 0 on a flat stretch", () => {
  const out = rollingVolatility.compute(barsFromCloses([100, 101.3, 99.7, 99.7, 99.7, 99.7]), {
    window: 3,
  });
  assert.equal(out[5], 0);
});

Deno.test("rolling_volatility matches a two-pass reference on a seeded random walk", () => {
  const bars = randomBars(2_000, 15);
  const r = [NaN];
  for (let t = 1; t < bars.length; t++) r.push(Math.log(bars.close[t] / bars.close[t - 1]));
  for (const window of [2, 3, 30, 390]) {
    const expected = shift([NaN, ...naiveRollingStd(r.slice(1), window)]);
    assertSeriesClose(computeIndicator("rolling_volatility", bars, { window }), expected, 1e-9);
  }
});
