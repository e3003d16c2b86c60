/**
 * @module
 * Tests of the block bootstrap: nominal coverage of the Sharpe interval on simulated i.i.d.
 * returns, exact results where resampling cannot change anything, split independence and
 * the summary.
 */
import assert from "node:assert/strict";
import { returnStats } from "../metrics/return_stats.ts";
import type { BootstrapConfig } from "./config.ts";
import { bootstrapBlock, bootstrapTrials, summariseBootstrap } from "./bootstrap.ts";
import { quantileSorted, sortedDefined } from "./distribution.ts";
import { Rng } from "./rng.ts";

const STATIONARY: BootstrapConfig = { trials: 200, block: null, method: "stationary" };

function coverage(params: BootstrapConfig, sims: number, seed: number): number {
  // i.i.d. N(μ, σ) per-bar returns, μ/σ = 0.05 → true annualised Sharpe 0.05·√252.
  const n = 500;
  const truth = 0.05 * Math.sqrt(252);
  const rng = new Rng(seed);
  const r = new Float64Array(n);
  let covered = 0;
  for (let s = 0; s < sims; s++) {
    for (let t = 0; t < n; t++) r[t] = 0.0005 + 0.01 * rng.nextNormal();
    const v = sortedDefined(bootstrapTrials(r, 252, params, 1000 + s).sharpe);
    if (quantileSorted(v, 0.025) <= truth && truth <= quantileSorted(v, 0.975)) covered++;
  }
  return covered / sims;
}

Deno.test("bootstrap 95% Sharpe interval covers the true Sharpe at about the nominal rate", () => {
  const stationary = coverage(STATIONARY, 200, 1);
  assert.ok(stationary >= 0.85 && stationary <= 0.99, `stationary coverage ${stationary}`);
  const moving = coverage({ trials: 200, block: 10, method: "moving" }, 100, 2);
  assert.ok(moving >= 0.85 && moving <= 0.99, `moving coverage ${moving}`);
});

Deno.test("bootstrapTrials() is exact where resampling changes nothing", () => {
  // Constant returns: every resample is the same series.
  const flat = new Float64Array(300).fill(0.001);
  const v = bootstrapTrials(flat, 252, { ...STATIONARY, trials: 5 }, 3);
  const cagr = Math.pow(1.001 ** 300, 252 / 300) - 1;
  for (let i = 0; i < 5; i++) {
    assert.ok(Number.isNaN(v.sharpe[i])); // std 0
    assert.ok(Math.abs(v.cagr[i] - cagr) < 1e-12);
    assert.equal(v.max_drawdown[i], 0);
  }
  // A moving block as long as the series can only start at 0: the real series itself.
  const rng = new Rng(4);
  const r = Float64Array.from({ length: 400 }, () => 0.01 * rng.nextNormal());
  const equity = new Float64Array(400);
  let e = 1;
  r.forEach((x, t) => (equity[t] = e *= 1 + x));
  const whole = bootstrapTrials(r, 252, { trials: 3, block: 400, method: "moving" }, 5);
  const sharpe = returnStats(equity, 1, 252).sharpe!;
  for (let i = 0; i < 3; i++) {
    assert.ok(Math.abs(whole.sharpe[i] - sharpe) < 1e-12 * Math.abs(sharpe));
    assert.ok(Math.abs(whole.cagr[i] - (Math.pow(e, 252 / 400) - 1)) < 1e-12);
  }
});

Deno.test("bootstrapTrials() gives the same values however the trials are split", () => {
  const rng = new Rng(6);
  const r = Float64Array.from({ length: 1000 }, () => 0.0002 + 0.01 * rng.nextNormal());
  for (const method of ["stationary", "moving"] as const) {
    const p: BootstrapConfig = { trials: 8, block: 20, method };
    const whole = bootstrapTrials(r, 252, p, 9);
    const a = bootstrapTrials(r, 252, p, 9, 0, 5);
    const b = bootstrapTrials(r, 252, p, 9, 5, 8);
    assert.deepEqual([...whole.sharpe], [...a.sharpe, ...b.sharpe]);
    assert.deepEqual([...whole.max_drawdown], [...a.max_drawdown, ...b.max_drawdown]);
    assert.equal(new Set(whole.sharpe).size, 8);
  }
  assert.throws(
    () => bootstrapTrials(new Float64Array(1), 252, STATIONARY, 1),
    /at least 2 returns/,
  );
});

Deno.test("bootstrapBlock() defaults to the cube root of T and stays within T", () => {
  assert.equal(bootstrapBlock(STATIONARY, 97_740), 47); // ∛97,740 = 46.06…
  assert.equal(bootstrapBlock(STATIONARY, 1000), 10);
  assert.equal(bootstrapBlock({ ...STATIONARY, block: 390 }, 100), 100);
});

Deno.test("summariseBootstrap() reports percentile intervals and a verdict", () => {
  const sharpe = Float64Array.from({ length: 41 }, (_, i) => 0.5 + i / 40); // 0.5 … 1.5
  const s = summariseBootstrap(
    { ...STATIONARY, trials: 41 },
    12,
    1000,
    { sharpe: 1, cagr: 0.1, max_drawdown: 0.2 },
    { sharpe, cagr: sharpe.map((x) => x / 10), max_drawdown: new Float64Array(41).fill(NaN) },
  );
  assert.equal(s.block_used, 10);
  assert.equal(s.trials, 41);
  // h = 40p: 2.5% → 1 → 0.525; 97.5% → 39 → 1.475.
  assert.deepEqual(s.intervals.sharpe, {
    observed: 1,
    lower: 0.525,
    median: 1,
    upper: 1.475,
    undefined_count: 0,
  });
  assert.equal(s.intervals.max_drawdown.lower, null);
  assert.equal(s.intervals.max_drawdown.undefined_count, 41);
  assert.equal(
    s.verdict,
    "95% interval of the Sharpe ratio [0.53, 1.48] lies above 0: the edge holds up under resampling",
  );
});
