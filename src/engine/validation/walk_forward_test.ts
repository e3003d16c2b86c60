/**
 * @module
 * Tests of walk-forward analysis: exact fold boundaries (rolling, anchored, fractions,
 * defaults), config parsing, selection that never reads test data, the picks against an
 * independent computation, tie-breaking, and the stitched out-of-sample equity.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { type Bars, sliceBars } from "../../domain/bars.ts";
import { simulate } from "../execution/mod.ts";
import { createFeatureCache } from "../indicators/mod.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";
import { computeMetrics } from "../metrics/mod.ts";
import { runBacktest } from "../run_backtest.ts";
import { parseRunConfig, type RunRequest } from "../run_config.ts";
import {
  parseWalkForwardConfig,
  walkForward,
  type WalkForwardConfig,
  walkForwardFolds,
} from "./walk_forward.ts";

const YEAR = 98_000;
const REQUEST: RunRequest = {
  dataset_id: "t",
  strategy_id: "sma_crossover",
  params: { fast: 5, slow: 30 },
  initial_cash: 20_000,
  execution: { fees_bps: 2, slippage: { model: "k_spread", k: 0.5 } },
};
const CFG = parseRunConfig(REQUEST);
const BARS = randomBars(3_000, 21);
const WF: WalkForwardConfig = parseWalkForwardConfig({
  folds: 3,
  train: 1_200,
  test: 600,
  grid: { fast: [3, 5, 8, 13], slow: "20:40:10", allow_short: [false, true] },
});

const ranges = (n: number, c: Parameters<typeof walkForwardFolds>[1]) =>
  walkForwardFolds(n, c).map((f) => [f.trainStart, f.trainEnd, f.testStart, f.testEnd]);

Deno.test("walkForwardFolds() places rolling and anchored folds exactly", () => {
  const base = { folds: 3, train: 40, test: 20, anchored: false };
  assert.deepEqual(ranges(100, base), [[0, 40, 40, 60], [20, 60, 60, 80], [40, 80, 80, 100]]);
  assert.deepEqual(ranges(100, { ...base, anchored: true }), [
    [0, 40, 40, 60],
    [0, 60, 60, 80],
    [0, 80, 80, 100],
  ]);
  // Fractions of all bars, rounded down; the bars after the last test window are unused.
  assert.deepEqual(ranges(105, { ...base, train: 0.4, test: 0.2 }), [
    [0, 42, 42, 63],
    [21, 63, 63, 84],
    [42, 84, 84, 105],
  ]);
  assert.deepEqual(ranges(107, { ...base, train: 0.4, test: 0.2 }), [
    [0, 42, 42, 63],
    [21, 63, 63, 84],
    [42, 84, 84, 105],
  ]);
  // Defaults: train half the bars, test the rest split over the folds.
  const d = parseWalkForwardConfig(undefined);
  assert.deepEqual(ranges(1_003, d), [
    [0, 501, 501, 601],
    [100, 601, 601, 701],
    [200, 701, 701, 801],
    [300, 801, 801, 901],
    [400, 901, 901, 1001],
  ]);
  assert.deepEqual(walkForwardFolds(100, base).map((f) => f.index), [0, 1, 2]);
});

Deno.test("walkForwardFolds() refuses folds that do not fit or windows under 2 bars", () => {
  const fail = (n: number, c: Parameters<typeof walkForwardFolds>[1], message: string) =>
    assert.throws(
      () => walkForwardFolds(n, c),
      (e: unknown) => e instanceof ValidationError && e.message === message,
    );
  fail(
    100,
    { folds: 4, train: 40, test: 20, anchored: false },
    "walk_forward: train (40) + 4 folds × test (20) = 120 bars, more than the 100 bars",
  );
  fail(
    100,
    { folds: 2, train: 0.01, test: 20, anchored: false },
    "walk_forward: train (1 bars) and test (20 bars) need at least 2 bars each",
  );
  fail(
    10,
    { folds: 5, train: 6, test: null, anchored: false },
    "walk_forward: train (6 bars) and test (0 bars) need at least 2 bars each",
  );
});

Deno.test("parseWalkForwardConfig() fills defaults and parses the grid", () => {
  const defaults = { folds: 5, train: 0.5, test: null, anchored: false, grid: null };
  assert.deepEqual(parseWalkForwardConfig({}), defaults);
  assert.deepEqual(parseWalkForwardConfig(true), defaults);
  assert.deepEqual(parseWalkForwardConfig(null), defaults);
  assert.deepEqual(
    parseWalkForwardConfig({
      folds: 2,
      train: 500,
      test: 0.25,
      anchored: true,
      grid: { fast: [5, 10], slow: "20:40:10", allow_short: "true" },
    }),
    {
      folds: 2,
      train: 500,
      test: 0.25,
      anchored: true,
      grid: [
        { name: "fast", values: [5, 10] },
        { name: "slow", values: [20, 30, 40] },
        { name: "allow_short", values: [true] },
      ],
    },
  );
  const fail = (raw: unknown, message: string) =>
    assert.throws(
      () => parseWalkForwardConfig(raw),
      (e: unknown) => e instanceof ValidationError && e.message === message,
    );
  fail(
    { train: 1.5 },
    "walk_forward.train: must be a fraction in (0, 1) or a whole number of bars",
  );
  fail({ folds: 0 }, "walk_forward.folds: Too small: expected number to be >=1");
  fail({ fold: 3 }, 'walk_forward: Unrecognized key: "fold"');
  fail({ grid: { fast: "9:1:1" } }, "walk_forward.grid.fast: stop (1) is below start (9)");
  fail(
    { grid: { fast: [] } },
    "walk_forward.grid.fast: Too small: expected array to have >=1 items",
  );
});

Deno.test("walkForward() picks on train windows exactly what independent runs would pick", () => {
  const r = walkForward(BARS, CFG, WF, YEAR);
  assert.equal(r.candidates.length, 4 * 3 * 2);
  assert.deepEqual(r.grid, { combinations: 24, skipped: 0 });
  assert.equal(r.folds.length, 3);
  for (const f of r.folds) {
    // Each candidate's train Sharpe: runBacktest's weights on the full bars, simulated on a
    // copied train window.
    const window = sliceBars(BARS, f.trainStart, f.trainEnd);
    const row = r.candidates.map((params) => {
      const cfg = parseRunConfig({ ...REQUEST, params });
      const { weights } = runBacktest(BARS, cfg, YEAR);
      const w = weights.slice(f.trainStart, f.trainEnd);
      const opts = { initialCash: 20_000, barsPerYear: YEAR };
      return computeMetrics(window, simulate(window, w, cfg.execution, opts), opts).sharpe;
    });
    assert.deepEqual(r.isSharpe[f.index], row);
    const best = row.indexOf(Math.max(...row.map((s) => s ?? 0)));
    assert.equal(f.candidate, best);
    assert.deepEqual(f.params, r.candidates[best]);
    assert.equal(f.isSharpe, row[best]);
    assert.ok(new Set(row).size > 20, "selection is not trivial");
  }
  assert.deepEqual(r.folds.map((f) => f.candidate), PINNED_PICKS);
});

Deno.test("walkForward() never uses test-window data to pick parameters", () => {
  const r = walkForward(BARS, CFG, WF, YEAR);
  for (const f of r.folds) {
    const changed = perturbFrom(BARS, f.trainEnd);
    const p = walkForward(changed, CFG, WF, YEAR);
    const g = p.folds[f.index];
    assert.equal(g.candidate, f.candidate);
    assert.deepEqual(g.params, f.params);
    assert.deepEqual(p.isSharpe[f.index], r.isSharpe[f.index]);
    // The perturbation did reach the test window.
    assert.notEqual(g.oosSharpe, f.oosSharpe);
    for (let i = 0; i < f.index; i++) assert.deepEqual(p.folds[i], r.folds[i]);
  }
});

Deno.test("walkForward() stitches test windows with equity carried across folds", () => {
  const r = walkForward(BARS, CFG, { ...WF, anchored: true }, YEAR);
  const { sim, metrics, start, end } = r.oos;
  assert.equal(start, 1_200);
  assert.equal(end, 3_000);
  const eq = sim.curve.equity;
  assert.equal(eq.length, 1_800);
  assert.equal(metrics.bars, 1_800);
  let carried = 20_000;
  let growth = 1;
  for (const f of r.folds) {
    const at: number = f.testStart - start;
    // A test window starts flat with the previous window's final equity as cash.
    assert.equal(sim.curve.cash[at], carried);
    assert.equal(sim.curve.position[at], 0);
    assert.equal(eq[at], carried);
    // The fold on its own: the pick's weights from runBacktest, simulated on a copy.
    const cfg = parseRunConfig({ ...REQUEST, params: f.params });
    const window = sliceBars(BARS, f.testStart, f.testEnd);
    const w = runBacktest(BARS, cfg, YEAR).weights.slice(f.testStart, f.testEnd);
    const opts = { initialCash: carried, barsPerYear: YEAR };
    const alone = simulate(window, w, cfg.execution, opts);
    assert.deepEqual(eq.slice(at, at + 600), alone.curve.equity);
    assert.deepEqual(f.oosMetrics, computeMetrics(window, alone, opts));
    growth *= 1 + f.oosMetrics.total_return;
    carried = alone.curve.equity[599];
  }
  assert.equal(metrics.final_equity, carried);
  assert.ok(Math.abs(1 + metrics.total_return - growth) < 1e-12);
  assert.equal(metrics.trades, r.folds.reduce((a, f) => a + f.oosMetrics.trades, 0));
  assert.equal(sim.fills.length, r.folds.reduce((a, f) => a + f.oosMetrics.fills, 0));
  // Fill bars are on the stitched timeline: T+1, or the same bar for an auto-flatten.
  sim.fills.bar.forEach((b, i) => {
    assert.ok(b >= 0 && b < 1_800);
    assert.ok(b === sim.fills.signalBar[i] + 1 || b === sim.fills.signalBar[i]);
  });
  // Drawdown against the running peak from the initial cash, across folds.
  let peak = 20_000;
  for (let t = 0; t < eq.length; t++) {
    peak = Math.max(peak, eq[t]);
    assert.equal(sim.curve.drawdown[t], eq[t] / peak - 1);
  }
  const d = r.degradation;
  const meanIs = r.folds.reduce((a, f) => a + (f.isSharpe ?? 0), 0) / 3;
  const meanOos = r.folds.reduce((a, f) => a + (f.oosSharpe ?? 0), 0) / 3;
  assert.equal(d.meanIsSharpe, meanIs);
  assert.equal(d.meanOosSharpe, meanOos);
  assert.equal(d.ratio, meanOos / meanIs);
  assert.equal(d.difference, meanOos - meanIs);
});

Deno.test("walkForward() runs the fixed parameters on every fold without a grid", () => {
  const cache = createFeatureCache(BARS);
  const r = walkForward(BARS, CFG, { ...WF, grid: null }, YEAR, cache);
  assert.equal(r.grid, null);
  assert.deepEqual(r.candidates, [CFG.strategy.params]);
  for (const f of r.folds) {
    assert.equal(f.candidate, 0);
    assert.deepEqual(f.params, { fast: 5, slow: 30, allow_short: false });
  }
  assert.equal(cache.size, 2);
});

Deno.test("walkForward() keeps the first candidate when Sharpe ratios tie", () => {
  // Constant prices: every SMA pair is equal, no candidate trades, every Sharpe is null.
  const flat = barsFromCloses(new Array(400).fill(100));
  const wf = parseWalkForwardConfig({ folds: 2, train: 200, test: 100, grid: { fast: [2, 3] } });
  const r = walkForward(flat, CFG, wf, YEAR);
  assert.deepEqual(r.isSharpe, [[null, null], [null, null]]);
  assert.deepEqual(r.folds.map((f) => [f.candidate, f.params.fast]), [[0, 2], [0, 2]]);
  assert.deepEqual(r.degradation, {
    meanIsSharpe: 0,
    meanOosSharpe: 0,
    ratio: null,
    difference: 0,
  });
  assert.equal(r.oos.metrics.final_equity, 20_000);
});

Deno.test("walkForward() refuses a cache built on other bars and folds that do not fit", () => {
  assert.throws(() => walkForward(BARS, CFG, WF, YEAR, createFeatureCache(randomBars(5, 1))), {
    message: "walk_forward: the shared feature cache was built on other bars",
  });
  assert.throws(() => walkForward(sliceBars(BARS, 0, 2_000), CFG, WF, YEAR), {
    message:
      "walk_forward: train (1200) + 3 folds × test (600) = 3000 bars, more than the 2000 bars",
  });
});

/** A copy of `bars` whose prices from bar `from` on are moved by up to ±2 %. */
function perturbFrom(bars: Bars, from: number): Bars {
  const out = sliceBars(bars, 0, bars.length);
  for (let t = from; t < out.length; t++) {
    const k = 1 + 0.02 * Math.sin(t * 0.37);
    for (
      const col of [out.open, out.high, out.low, out.close, out.vwap, out.bidMean, out.askMean]
    ) {
      col[t] *= k;
    }
  }
  return out;
}

/** Candidate picked per fold on BARS (seed 21). */
const PINNED_PICKS = [16, 14, 14];
