import assert from "node:assert/strict";
import { rsi } from "./rsi.ts";
import { computeIndicator } from "./registry.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";
import { assertSeriesClose, naiveWilder, shift } from "../testing/indicator_asserts.ts";

Deno.test("rsi follows Wilder's averages on a hand-worked series", () => {
  const bars = barsFromCloses([10, 12, 11, 11, 14, 13, 13, 13]);
  // Changes from t1: +2, −1, 0, +3, −1, 0, 0. w = 2.
  // t2 seed: gain (2+0)/2 = 1, loss (0+1)/2 = 0.5 → 100·1/1.5 = 200/3.
  // t3: gain (1·1+0)/2 = 0.5, loss (0.5+0)/2 = 0.25 → 200/3.
  // t4: gain (0.5+3)/2 = 1.75, loss 0.125 → 100·1.75/1.875 = 280/3.
  // t5: gain 0.875, loss (0.125+1)/2 = 0.5625 → 87.5/1.4375 = 1400/23.
  // t6: gain 0.4375, loss 0.28125 → 1400/23; t7: 0.21875, 0.140625 → 1400/23.
  const unshifted = [NaN, NaN, 200 / 3, 200 / 3, 280 / 3, 1400 / 23, 1400 / 23, 1400 / 23];
  assert.deepEqual([...rsi.compute(bars, { window: 2 })], unshifted);
  assert.deepEqual([...computeIndicator("rsi", bars, { window: 2 })], shift(unshifted));
});

Deno.test("rsi is 100 with only gains and 50 on a flat window", () => {
  assert.deepEqual([...rsi.compute(barsFromCloses([1, 2, 3, 4]), { window: 2 })], [
    NaN,
    NaN,
    100,
    100,
  ]);
  assert.deepEqual([...rsi.compute(barsFromCloses([5, 5, 5, 5]), { window: 2 })], [
    NaN,
    NaN,
    50,
    50,
  ]);
  // Only losses: gain 0 → 0.
  assert.deepEqual([...rsi.compute(barsFromCloses([4, 3, 2]), { window: 1 })], [NaN, 0, 0]);
});

Deno.test("rsi restarts its seeding after a non-finite close", () => {
  // After the NaN at t2, t3 only sets the previous close; changes +2, −2 seed t5 at 50.
  const out = rsi.compute(barsFromCloses([1, 2, NaN, 4, 6, 4]), { window: 2 });
  assert.deepEqual([...out], [NaN, NaN, NaN, NaN, NaN, 50]);
  // A gap after the seeding: w = 1, changes +1, +1 | gap | 5 sets prev, +2 → 100, −1 → 0.
  const late = rsi.compute(barsFromCloses([1, 2, 3, NaN, 5, 7, 6]), { window: 1 });
  assert.deepEqual([...late], [NaN, 100, 100, NaN, NaN, 100, 0]);
});

Deno.test("rsi matches a closed-form Wilder reference on a seeded random walk", () => {
  const bars = randomBars(500, 13);
  const c = bars.close;
  const gains = [0];
  const losses = [0];
  for (let t = 1; t < c.length; t++) {
    gains.push(Math.max(c[t] - c[t - 1], 0));
    losses.push(Math.max(c[t - 1] - c[t], 0));
  }
  for (const window of [1, 2, 14, 100]) {
    const g = naiveWilder(gains, window, 1);
    const l = naiveWilder(losses, window, 1);
    const expected = shift(g.map((gv, t) => (Number.isNaN(gv) ? NaN : 100 * gv / (gv + l[t]))));
    assertSeriesClose(computeIndicator("rsi", bars, { window }), expected, 1e-9);
  }
});
