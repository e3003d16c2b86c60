/**
 * @module
 * Tests of per-bar returns and their moments on hand-computed series.
 */
import assert from "node:assert/strict";
import { returnStats } from "../metrics/return_stats.ts";
import { barReturns, returnMoments } from "./moments.ts";

Deno.test("barReturns() follows the metrics' return rule, ruin included", () => {
  const r = barReturns(new Float64Array([110, 99, 0, 50]), 100);
  // 110/100 − 1, 99/110 − 1, 0/99 − 1, then 0 after a bar at or below zero.
  assert.deepEqual([...r], [110 / 100 - 1, 99 / 110 - 1, -1, 0]);
  const out = new Float64Array(4);
  assert.equal(barReturns(new Float64Array([1, 2, 3, 4]), 1, out), out);
});

Deno.test("returnMoments() computes skew and kurtosis from central moments", () => {
  // 0, 0, 0, 4: mean 1; deviations −1, −1, −1, 3 → m2 = 12/4 = 3, m3 = 24/4 = 6,
  // m4 = 84/4 = 21; skew = 6/3^1.5 = 1.1547005383792515, kurtosis = 21/9 = 2.3333…;
  // sample std = √(12/3) = 2.
  const m = returnMoments(new Float64Array([0, 0, 0, 4]));
  assert.equal(m.count, 4);
  assert.equal(m.mean, 1);
  assert.equal(m.std, 2);
  assert.ok(Math.abs(m.skew - 2 / Math.sqrt(3)) < 1e-15);
  assert.ok(Math.abs(m.kurtosis - 21 / 9) < 1e-15);
});

Deno.test("returnMoments() reports NaN shape for constant or too-short series", () => {
  const flat = returnMoments(new Float64Array([0.01, 0.01, 0.01]));
  assert.equal(flat.std, 0);
  assert.ok(Number.isNaN(flat.skew) && Number.isNaN(flat.kurtosis));
  const one = returnMoments(new Float64Array([0.5]));
  assert.equal(one.mean, 0.5);
  assert.ok(Number.isNaN(one.std));
  assert.ok(Number.isNaN(returnMoments(new Float64Array(0)).mean));
});

Deno.test("returnMoments() gives the metrics' Sharpe ratio per bar", () => {
  const equity = Float64Array.from(
    { length: 500 },
    (_, i) => 1000 * (1 + 0.001 * i + 0.01 * Math.sin(i)),
  );
  const m = returnMoments(barReturns(equity, 1000));
  const sharpe = returnStats(equity, 1000, 1).sharpe!;
  assert.ok(Math.abs(m.mean / m.std - sharpe) < 1e-12 * Math.abs(sharpe));
});
