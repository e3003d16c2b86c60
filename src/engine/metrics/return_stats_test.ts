/**
 * @module
 * Tests of the one-pass return statistics against a plain two-pass reference on seeded
 * random equity curves, including curves far from the first return (the shift).
 */

import assert from "node:assert/strict";
import { returnStats } from "./return_stats.ts";

function reference(equity: Float64Array, initialCash: number, barsPerYear: number) {
  const r = Array.from(equity, (e, t) => {
    const prev = t === 0 ? initialCash : equity[t - 1];
    return prev > 0 ? e / prev - 1 : 0;
  });
  const n = r.length;
  const mean = r.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const down = Math.sqrt(r.reduce((a, x) => a + Math.min(x, 0) ** 2, 0) / n);
  const annual = Math.sqrt(barsPerYear);
  return {
    mean,
    volatility: std * annual,
    sharpe: mean / std * annual,
    sortino: mean / down * annual,
  };
}

function randomEquity(seed: number, n: number, drift: number): Float64Array {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out = new Float64Array(n);
  let e = 1_000_000;
  for (let t = 0; t < n; t++) {
    e *= 1 + drift + (rand() - 0.5) * 0.002;
    out[t] = e;
  }
  return out;
}

Deno.test("returnStats() agrees with a two-pass reference to 1e-9 relative", async (t) => {
  for (
    const [name, eq] of [
      ["a driftless curve", randomEquity(1, 50_000, 0)],
      ["a curve with drift", randomEquity(2, 50_000, 0.0004)],
      [
        "a first bar far from the rest",
        Float64Array.from([2_000_000, ...randomEquity(3, 1000, 0)]),
      ],
    ] as const
  ) {
    await t.step(name, () => {
      const got = returnStats(eq, 1_000_000, 98_000);
      const want = reference(eq, 1_000_000, 98_000);
      for (const key of ["mean", "volatility", "sharpe", "sortino"] as const) {
        const g = got[key]!;
        assert.ok(
          Math.abs(g - want[key]) <= 1e-9 * Math.abs(want[key]),
          `${key}: ${g} vs ${want[key]}`,
        );
      }
    });
  }
});

Deno.test("returnStats() gives 0 volatility and null ratios for a flat curve", () => {
  const s = returnStats(new Float64Array(10).fill(500), 500, 98_000);
  assert.deepEqual(s, { mean: 0, volatility: 0, sharpe: null, sortino: null });
});
