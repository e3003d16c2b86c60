import assert from "node:assert/strict";
import { returnsMean } from "./returns_mean.ts";
import { computeIndicator } from "./registry.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";
import { assertSeriesClose, naiveRollingMean, shift } from "../testing/indicator_asserts.ts";

// Closes 100, 102, 99.96, 99.96, 104.958 → simple returns (from t1) 0.02, −0.02, 0, 0.05.
const CLOSES = [100, 102, 99.96, 99.96, 104.958];

Deno.test("returns_mean averages simple close-to-close returns, hand-worked", () => {
  const bars = barsFromCloses(CLOSES);
  // w = 2: t2 (0.02−0.02)/2 = 0, t3 (−0.02+0)/2 = −0.01, t4 (0+0.05)/2 = 0.025.
  const w2 = [NaN, NaN, 0, -0.01, 0.025];
  assertSeriesClose(returnsMean.compute(bars, { window: 2 }), w2, 1e-12, 1e-15);
  // w = 3: t3 (0.02−0.02+0)/3 = 0, t4 (−0.02+0+0.05)/3 = 0.01.
  const w3 = [NaN, NaN, NaN, 0, 0.01];
  assertSeriesClose(computeIndicator("returns_mean", bars, { window: 3 }), shift(w3), 1e-12, 1e-15);
  // w = 1 is the return itself.
  const w1 = returnsMean.compute(bars, { window: 1 });
  assert.ok(Number.isNaN(w1[0]));
  assert.equal(w1[1], 102 / 100 - 1);
});

Deno.test("returns_mean matches an O(n·w) reference on a seeded random walk", () => {
  const bars = randomBars(2_000, 16);
  const r = [NaN];
  for (let t = 1; t < bars.length; t++) r.push(bars.close[t] / bars.close[t - 1] - 1);
  for (const window of [1, 2, 20, 250]) {
    const expected = shift([NaN, ...naiveRollingMean(r.slice(1), window)]);
    assertSeriesClose(computeIndicator("returns_mean", bars, { window }), expected, 1e-9, 1e-15);
  }
});
