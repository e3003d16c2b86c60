import assert from "node:assert/strict";
import { ema } from "./ema.ts";
import { computeIndicator } from "./registry.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";
import { assertSeriesClose, shift } from "../testing/indicator_asserts.ts";

/**
 * O(n²) closed form: with seed `s` = mean of x[0..w−1] and α = 2/(w+1), the value at
 * t ≥ w−1 is `(1−α)^(t−w+1)·s + Σ_{k=w}^{t} α(1−α)^(t−k)·x[k]`.
 */
function naiveEma(x: ArrayLike<number>, w: number): number[] {
  const a = 2 / (w + 1);
  let seed = 0;
  for (let k = 0; k < w; k++) seed += x[k];
  seed /= w;
  const out: number[] = [];
  for (let t = 0; t < x.length; t++) {
    if (t < w - 1) {
      out.push(NaN);
      continue;
    }
    let v = (1 - a) ** (t - w + 1) * seed;
    for (let k = w; k <= t; k++) v += a * (1 - a) ** (t - k) * x[k];
    out.push(v);
  }
  return out;
}

Deno.test("ema seeds with the SMA of the first window and then smooths with α = 2/(w+1)", () => {
  const bars = barsFromCloses([2, 4, 6, 8, 4, 4, 10]);
  // w = 3, α = 0.5: seed t2 = (2+4+6)/3 = 4; t3 = 4 + 0.5·(8−4) = 6; t4 = 6 + 0.5·(4−6) = 5;
  // t5 = 5 + 0.5·(4−5) = 4.5; t6 = 4.5 + 0.5·(10−4.5) = 7.25.
  const unshifted = [NaN, NaN, 4, 6, 5, 4.5, 7.25];
  assert.deepEqual([...ema.compute(bars, { window: 3, field: "close" })], unshifted);
  assert.deepEqual([...computeIndicator("ema", bars, { window: 3 })], shift(unshifted));
});

Deno.test("ema with window 1 is the price itself", () => {
  const bars = barsFromCloses([5, 7.5, 1]);
  assert.deepEqual([...ema.compute(bars, { window: 1, field: "close" })], [5, 7.5, 1]);
});

Deno.test("ema restarts its seeding after a non-finite price", () => {
  // w = 3, α = 0.5: after the NaN at t2 the seed is (4+6+8)/3 = 6 at t5, then 6 + 0.5·(2−6) = 4.
  const out = ema.compute(barsFromCloses([1, 2, NaN, 4, 6, 8, 2]), { window: 3, field: "close" });
  assert.deepEqual([...out], [NaN, NaN, NaN, NaN, NaN, 6, 4]);
  // A gap after the seeding (w = 2, α = 2/3): seed 1.5, 1.5 + (2/3)·(4.5 − 1.5) = 3.5, gap,
  // then a fresh seed (8 + 10)/2 = 9.
  const late = ema.compute(barsFromCloses([1, 2, 4.5, NaN, 8, 10]), { window: 2, field: "close" });
  assert.deepEqual([...late], [NaN, 1.5, 3.5, NaN, NaN, 9]);
});

Deno.test("ema matches the closed-form sum on a seeded random walk", () => {
  const bars = randomBars(600, 12);
  for (const window of [1, 2, 5, 26, 200]) {
    const expected = shift(naiveEma(bars.close, window));
    assertSeriesClose(computeIndicator("ema", bars, { window }), expected, 1e-9);
  }
  const opens = shift(naiveEma(bars.open, 9));
  assertSeriesClose(computeIndicator("ema", bars, { window: 9, field: "open" }), opens, 1e-9);
});
