/**
 * @module
 * Tests of the return statistics: the variance ratio and autocorrelation tests accept
 * independent returns (also under strong heteroskedasticity, where iid standard errors would
 * not) and reject a series with a persistent drift or with bounce.
 */

import assert from "node:assert/strict";
import { Rng } from "../../engine/validation/rng.ts";
import {
  autocorrelations,
  autocorrelationSum,
  correlationZ,
  kurtosis,
  varianceRatio,
} from "./return_stats.ts";

const N = 60_000;

/** Gaussian returns whose volatility jumps between 1 and 5 in blocks of 500. */
function heteroskedastic(seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from(
    { length: N },
    (_, i) => (Math.floor(i / 500) % 2 ? 5 : 1) * rng.nextNormal(),
  );
}

Deno.test("varianceRatio() is near 1 for independent heteroskedastic returns", () => {
  const r = heteroskedastic(1);
  for (const q of [2, 5, 30, 100]) {
    const v = varianceRatio(r, q);
    assert.ok(Math.abs(v.z) < 3, `VR(${q}) ${v.vr} z ${v.z}`);
  }
});

Deno.test("varianceRatio() rejects a random trend and a bid/ask bounce", () => {
  const rng = new Rng(2);
  const trend = new Float64Array(N);
  let drift = 0;
  for (let i = 0; i < N; i++) {
    if (i % 390 === 0) drift = 0.1 * rng.nextNormal(); // one random trend per "session"
    trend[i] = drift + rng.nextNormal();
  }
  assert.ok(varianceRatio(trend, 195).z > 5);
  const mid = heteroskedastic(3);
  const bounce = new Float64Array(N);
  let prevSide = 0;
  for (let i = 0; i < N; i++) {
    const side = rng.nextFloat() < 0.5 ? -1 : 1;
    bounce[i] = mid[i] + 2 * (side - prevSide);
    prevSide = side;
  }
  assert.ok(varianceRatio(bounce, 5).z < -5);
  assert.ok(autocorrelations(bounce, 1, 1)[0].z < -5);
  assert.ok(Math.abs(autocorrelationSum(bounce, 2, 100).z) < 3);
});

Deno.test("autocorrelationSum() and autocorrelations() agree and detect a small persistent drift", () => {
  const r = heteroskedastic(4);
  const lags = autocorrelations(r, 2, 10);
  const sum = autocorrelationSum(r, 2, 10);
  assert.ok(Math.abs(sum.sum - lags.reduce((a, b) => a + b.rho, 0)) < 1e-12);
  const ar = new Float64Array(N);
  const rng = new Rng(5);
  let level = 0;
  for (let i = 0; i < N; i++) {
    level = 0.97 * level + 0.03 * rng.nextNormal(); // a slow, small predictable component
    ar[i] = level + rng.nextNormal();
  }
  assert.ok(autocorrelationSum(ar, 2, 100).z > 3);
});

Deno.test("correlationZ() and kurtosis() measure what they say", () => {
  const rng = new Rng(6);
  const x = Float64Array.from({ length: 5_000 }, () => rng.nextNormal());
  const y = Float64Array.from(x, (v) => v + rng.nextNormal());
  assert.ok(correlationZ(x, y) > 10);
  assert.ok(Math.abs(correlationZ(x, Float64Array.from(x, () => rng.nextNormal()))) < 4);
  assert.ok(Math.abs(kurtosis(x) - 3) < 0.3);
  assert.ok(kurtosis(heteroskedastic(7)) > 5);
});
