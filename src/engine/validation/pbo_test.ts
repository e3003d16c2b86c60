/**
 * @module
 * Tests of PBO by CSCV: a case worked by hand (ranks, logits, degradation), the tie rule,
 * and the honest statistical expectations — ≈ 1/2 for i.i.d. noise, 1 when in-sample success
 * implies out-of-sample failure (per-column de-meaned noise), 0 with a real edge.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { Prng, randomBars } from "../testing/bar_fixtures.ts";
import { parseRunConfig } from "../run_config.ts";
import { expandGrid, parseGrid, runSweepMembers } from "../sweep/mod.ts";
import { blockStatsFromColumns, stackBlockStats } from "./cscv_blocks.ts";
import { pboFromReturns, pboSummary, probabilityOfBacktestOverfitting } from "./pbo.ts";

const near = (a: number | null, b: number, tol = 1e-12) =>
  assert.ok(a !== null && Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

/** Standard normal draws (Box–Muller) from a seeded generator. */
function gauss(rng: Prng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** N columns of T i.i.d. N(drift_j, 0.01²) returns. */
function noise(rng: Prng, n: number, t: number, drift: (j: number) => number = () => 0) {
  return Array.from({ length: n }, (_, j) => {
    const c = new Float64Array(t);
    for (let i = 0; i < t; i++) c[i] = 0.01 * gauss(rng) + drift(j);
    return c;
  });
}

Deno.test("probabilityOfBacktestOverfitting() matches a case worked by hand", () => {
  // S = 2: blocks are rows {0,1} and {2,3}; the two sets are J = {0} and J = {1}.
  // Per-bar Sharpe (sample std): A: b0 (.02,.04) 3/√2, b1 (−.03,−.01) −√2;
  // B: b0 (.01,.03) √2, b1 (.01,.05) 3/(2√2); C: b0 (−.01,.01) 0, b1 (.02,.03) 5/√2.
  const cols = [[0.02, 0.04, -0.03, -0.01], [0.01, 0.03, 0.01, 0.05], [-0.01, 0.01, 0.02, 0.03]];
  const r = pboFromReturns(cols, 2);
  // J={0}: A wins in-sample, is last out-of-sample (rank 1 of 3): ω̄ = 1/4, λ = ln(1/3).
  // J={1}: C wins in-sample, is last on block 0: the same.
  assert.deepEqual(Array.from(r.selected), [0, 2]);
  assert.deepEqual(Array.from(r.relativeRanks), [0.25, 0.25]);
  assert.deepEqual(Array.from(r.logits), [Math.log(1 / 3), Math.log(1 / 3)]);
  assert.equal(r.pbo, 1);
  assert.equal(r.combinations, 2);
  assert.equal(r.totalCombinations, 2);
  assert.equal(r.sampled, false);
  near(r.isSharpe[0], 3 / Math.SQRT2);
  near(r.isSharpe[1], 5 / Math.SQRT2);
  near(r.oosSharpe[0], -Math.SQRT2);
  near(r.oosSharpe[1], 0);
  // OOS = a + b·IS through (3/√2, −√2) and (5/√2, 0): b = 1, a = −5/√2; one loss in two.
  near(r.degradation.slope, 1);
  near(r.degradation.intercept, -5 / Math.SQRT2);
  near(r.degradation.rSquared, 1);
  assert.equal(r.degradation.probabilityOfLoss, 0.5);
  near(r.degradation.meanIsSharpe, 4 / Math.SQRT2);
  near(r.degradation.meanOosSharpe, -1 / Math.SQRT2);
});

Deno.test("probabilityOfBacktestOverfitting() breaks ties by first column and mid-rank", () => {
  const col = [0.01, -0.02, 0.03, 0.01, 0.02, -0.01, 0.0, 0.04];
  const r = pboFromReturns([col, col, col.map((x) => x - 1)], 4);
  for (let c = 0; c < r.combinations; c++) {
    // Columns 0 and 1 tie in-sample (0 wins) and out-of-sample: mid-rank of 2 and 3 is 2.5.
    assert.equal(r.selected[c], 0);
    assert.equal(r.relativeRanks[c], 2.5 / 4);
    assert.equal(r.logits[c], Math.log(2.5 / 1.5));
  }
  assert.equal(r.pbo, 0);
  // Two identical columns only: the pick is exactly at the median, λ = 0, counted as overfit.
  const two = pboFromReturns([col, col], 2);
  assert.deepEqual(Array.from(two.logits), [0, 0]);
  assert.equal(two.pbo, 1);
  // A column without variance has Sharpe 0, not NaN.
  const flat = pboFromReturns([new Array(8).fill(0), col], 2);
  assert.ok(flat.isSharpe.every((x) => Number.isFinite(x)));
});

Deno.test("probabilityOfBacktestOverfitting() is about 1/2 for i.i.d. noise configurations", () => {
  // The in-sample pick is independent of the out-of-sample ranks, so the rank is uniform:
  // E[PBO] = ⌊(N+1)/2⌋ / N, i.e. 1/2 for N = 10 and 2/3 for N = 3. One matrix's PBO varies
  // widely (its sets share data), so average over many matrices.
  const rng = new Prng(2024);
  // Overfit sets counted over K matrices of C(8, 4) = 70 sets each.
  const overfit = (r: { pbo: number; combinations: number }) => Math.round(r.pbo * r.combinations);
  let even = 0;
  let odd = 0;
  const K = 150;
  for (let k = 0; k < K; k++) {
    even += overfit(pboFromReturns(noise(rng, 10, 320), 8));
    odd += overfit(pboFromReturns(noise(rng, 3, 320), 8));
  }
  const sets = K * 70;
  assert.ok(Math.abs(even / sets - 0.5) < 0.05, `N=10: ${even / sets}`);
  assert.ok(Math.abs(odd / sets - 2 / 3) < 0.05, `N=3: ${odd / sets}`);
  assert.deepEqual([even, odd], PINNED_NOISE_COUNTS);
});

Deno.test("probabilityOfBacktestOverfitting() is 1 when in-sample success means OOS failure", () => {
  // De-meaning each column makes its IS and OOS sums cancel: the IS winner is (nearly) the
  // OOS loser in every split — performance that mean-reverts between halves.
  const rng = new Prng(7);
  const cols = noise(rng, 20, 1_600).map((c) => {
    const m = c.reduce((a, b) => a + b, 0) / c.length;
    return c.map((x) => x - m);
  });
  const r = pboFromReturns(cols, 16);
  assert.equal(r.combinations, 12_870);
  assert.equal(r.pbo, 1);
  assert.ok(r.degradation.slope! < 0);
  assert.equal(r.degradation.probabilityOfLoss, 1);
});

Deno.test("probabilityOfBacktestOverfitting() is 0 when one configuration has a real edge", () => {
  const rng = new Prng(11);
  const cols = noise(rng, 12, 1_600, (j) => (j === 4 ? 0.004 : 0));
  const r = pboFromReturns(cols, 16, { periodsPerYear: 98_000 });
  assert.equal(r.pbo, 0);
  assert.ok(r.selected.every((s) => s === 4));
  assert.ok(r.logits.every((l) => l === Math.log(12)));
  assert.equal(r.degradation.probabilityOfLoss, 0);
  assert.ok(r.degradation.meanOosSharpe > 50, `${r.degradation.meanOosSharpe}`);
  // All logits sit in the top histogram bin of [−ln 12, ln 12].
  assert.equal(r.histogram.counts[19], 12_870);
  assert.equal(r.histogram.edges.length, 21);
  assert.equal(r.histogram.edges[0], -Math.log(12));
  assert.equal(r.histogram.edges[20], Math.log(12));
});

Deno.test("probabilityOfBacktestOverfitting() samples sets with a seed and annualises Sharpe", () => {
  const rng = new Prng(3);
  const stats = blockStatsFromColumns(noise(rng, 8, 800), 20);
  const a = probabilityOfBacktestOverfitting(stats, { maxCombinations: 300, seed: 9 });
  assert.equal(a.combinations, 300);
  assert.equal(a.totalCombinations, 184_756);
  assert.equal(a.sampled, true);
  assert.equal(a.seed, 9);
  assert.deepEqual(probabilityOfBacktestOverfitting(stats, { maxCombinations: 300, seed: 9 }), a);
  const b = probabilityOfBacktestOverfitting(stats, { maxCombinations: 300, seed: 10 });
  assert.notDeepEqual(b.logits, a.logits);
  const y = probabilityOfBacktestOverfitting(stats, {
    maxCombinations: 300,
    seed: 9,
    periodsPerYear: 400,
  });
  assert.deepEqual(y.logits, a.logits);
  assert.equal(y.pbo, a.pbo);
  for (let c = 0; c < 300; c++) near(y.isSharpe[c], a.isSharpe[c] * 20, 1e-12);
});

Deno.test("probabilityOfBacktestOverfitting() takes a sweep's block moments like its returns", () => {
  const bars = randomBars(4_000, 8);
  const cfg = parseRunConfig({ dataset_id: "t", strategy_id: "sma_crossover" });
  const members = expandGrid(parseGrid(["fast=3:12:3", "slow=20:60:20"]), {}, "sma_crossover")
    .members;
  const rows = runSweepMembers(bars, cfg, members, 0, members.length, 98_000, undefined, {
    returns: true,
    blocks: 8,
  });
  const opts = { periodsPerYear: 98_000 };
  const fromBlocks = probabilityOfBacktestOverfitting(
    stackBlockStats(4_000, 8, rows.map((r) => r.blocks!)),
    opts,
  );
  assert.deepEqual(fromBlocks, pboFromReturns(rows.map((r) => r.returns!), 8, opts));
  assert.equal(fromBlocks.configs, 12);
  assert.equal(fromBlocks.combinations, 70);
  assert.ok(fromBlocks.pbo >= 0 && fromBlocks.pbo <= 1);
});

Deno.test("pboSummary() gives a JSON record with the logit mean, median and histogram", () => {
  const cols = [[0.02, 0.04, -0.03, -0.01], [0.01, 0.03, 0.01, 0.05], [-0.01, 0.01, 0.02, 0.03]];
  const s = pboSummary(pboFromReturns(cols, 2, { histogramBins: 2 }));
  const l = Math.log(1 / 3);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), {
    method: "cscv",
    pbo: 1,
    rows: 4,
    blocks: 2,
    configs: 3,
    combinations: 2,
    total_combinations: 2,
    sampled: false,
    seed: 0,
    logit: {
      mean: l,
      median: l,
      histogram: { edges: [-Math.log(3), 0, Math.log(3)], counts: [2, 0] },
    },
    degradation: {
      slope: s.degradation.slope,
      intercept: s.degradation.intercept,
      r_squared: s.degradation.r_squared,
      probability_of_loss: 0.5,
      mean_is_sharpe: s.degradation.mean_is_sharpe,
      mean_oos_sharpe: s.degradation.mean_oos_sharpe,
    },
  });
});

Deno.test("probabilityOfBacktestOverfitting() refuses unusable inputs", () => {
  const fail = (fn: () => unknown, message: string) =>
    assert.throws(fn, (e: unknown) => e instanceof ValidationError && e.message === message);
  const col = [0.01, 0.02, -0.01, 0.03, 0, 0.01, 0.02, -0.02];
  fail(() => pboFromReturns([col], 2), "pbo: needs at least 2 configurations, got 1");
  fail(
    () => pboFromReturns([col, col], 3),
    "cscv: blocks must be an even integer in [2, 50], got 3",
  );
  fail(
    () => pboFromReturns([col, col], 2, { seed: -1 }),
    "pbo: seed must be a 32-bit unsigned integer, got -1",
  );
  fail(
    () => pboFromReturns([col, col], 2, { periodsPerYear: 0 }),
    "pbo: periodsPerYear must be a positive number, got 0",
  );
  fail(
    () => pboFromReturns([col, col], 2, { histogramBins: 0 }),
    "pbo: histogramBins must be an integer in [1, 1000], got 0",
  );
  const stats = blockStatsFromColumns([col, col], 2);
  fail(
    () => probabilityOfBacktestOverfitting({ ...stats, configs: 3 }),
    "pbo: block stats do not match 3 configurations × 2 blocks",
  );
  const inf = { ...stats, sum: Float64Array.from([0, Infinity, 0, 0]) };
  fail(
    () => probabilityOfBacktestOverfitting(inf),
    "pbo: configuration 0 has a non-finite return in block 1",
  );
});

/** Overfit sets (of 10,500) for N = 10 and N = 3 with seed 2024. */
const PINNED_NOISE_COUNTS = [5232, 7272];
