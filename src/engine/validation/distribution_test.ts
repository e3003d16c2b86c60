/**
 * @module
 * Tests of the type-7 quantiles and distribution summaries on hand-computed values.
 */
import assert from "node:assert/strict";
import { quantileSorted, sortedDefined, summariseDistribution } from "./distribution.ts";

Deno.test("quantileSorted() interpolates linearly between order statistics (type 7)", () => {
  const x = new Float64Array([10, 20, 30, 40, 50]);
  // h = 4p: p = 0.025 → 0.1 → 10 + 0.1·10 = 11; p = 0.975 → 3.9 → 49.
  assert.equal(quantileSorted(x, 0), 10);
  assert.equal(quantileSorted(x, 0.025), 11);
  assert.equal(quantileSorted(x, 0.5), 30);
  assert.equal(quantileSorted(x, 0.975), 49);
  assert.equal(quantileSorted(x, 1), 50);
  assert.equal(quantileSorted(new Float64Array([7]), 0.3), 7);
  assert.ok(Number.isNaN(quantileSorted(new Float64Array(0), 0.5)));
});

Deno.test("sortedDefined() drops NaN and sorts numerically", () => {
  assert.deepEqual([...sortedDefined(new Float64Array([3, NaN, -1, 10, NaN]))], [-1, 3, 10]);
});

Deno.test("summariseDistribution() reports every field, null where undefined", () => {
  const s = summariseDistribution(new Float64Array([4, 1, NaN, 3, 2]));
  assert.deepEqual(s, {
    count: 4,
    undefined_count: 1,
    mean: 2.5,
    std: Math.sqrt(5 / 3),
    min: 1,
    max: 4,
    // h = 3p over [1, 2, 3, 4]; 3 × 0.95 rounds to 2.8499999999999996 in doubles.
    quantiles: {
      p2_5: 1.075,
      p5: 1.15,
      p25: 1.75,
      p50: 2.5,
      p75: 3.25,
      p95: 3.8499999999999996,
      p97_5: 3.925,
    },
  });
  const empty = summariseDistribution(new Float64Array([NaN]));
  assert.equal(empty.count, 0);
  assert.equal(empty.mean, null);
  assert.equal(empty.std, null);
  assert.equal(empty.quantiles.p50, null);
});
