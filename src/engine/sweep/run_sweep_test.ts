/**
 * @module
 * Tests of the sweep runner: every row equals a plain `runBacktest` of the same member bit
 * for bit, the feature cache is shared, ranges split and merge, and per-bar returns and
 * block moments match the equity curve.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { createFeatureCache } from "../indicators/mod.ts";
import { randomBars } from "../testing/bar_fixtures.ts";
import { runBacktest } from "../run_backtest.ts";
import { parseRunConfig, type RunRequest } from "../run_config.ts";
import { memberBlockMoments } from "../validation/cscv_blocks.ts";
import { barReturns } from "./bar_returns.ts";
import { expandGrid } from "./expand_grid.ts";
import { parseGrid } from "./grid.ts";
import { runSweepMembers } from "./run_sweep.ts";

const YEAR = 98_000;
const BARS = randomBars(2_000, 11);
const REQUEST: RunRequest = {
  dataset_id: "test",
  strategy_id: "sma_crossover",
  initial_cash: 50_000,
  risk: { model: "volatility_target", target_vol: 0.2, lookback: 30 },
  execution: { fees_bps: 1, slippage: { model: "k_spread", k: 0.5 }, borrow_bps: 30 },
};
const BASE = parseRunConfig(REQUEST);
const GRID = parseGrid(["fast=5:15:5", "slow=20,40", "allow_short=false,true"]);
const MEMBERS = expandGrid(GRID, {}, "sma_crossover").members;

Deno.test("runSweepMembers() gives each member exactly the metrics of runBacktest", () => {
  const rows = runSweepMembers(BARS, BASE, MEMBERS, 0, MEMBERS.length, YEAR);
  assert.equal(rows.length, 12);
  rows.forEach((row, i) => {
    assert.equal(row.member, i);
    assert.deepEqual(row.params, MEMBERS[i]);
    const single = runBacktest(BARS, parseRunConfig({ ...REQUEST, params: MEMBERS[i] }), YEAR);
    assert.deepEqual(row.metrics, single.metrics, `member ${i}`);
    assert.ok(row.metrics.trades > 20, `member ${i} trades`);
    assert.equal(row.returns, undefined);
    assert.equal(row.blocks, undefined);
  });
  // Shorts change the result: the allow_short axis reached the execution settings.
  assert.notEqual(rows[0].metrics.final_equity, rows[1].metrics.final_equity);
});

Deno.test("runSweepMembers() computes each indicator once in a shared cache", () => {
  const cache = createFeatureCache(BARS);
  runSweepMembers(BARS, BASE, MEMBERS, 0, MEMBERS.length, YEAR, cache);
  // sma 5, 10, 15, 20, 40 and rolling_volatility(30) for the sizing.
  assert.equal(cache.size, 6);
  runSweepMembers(BARS, BASE, MEMBERS, 0, 4, YEAR, cache);
  assert.equal(cache.size, 6);
});

Deno.test("runSweepMembers() ranges split a sweep into parts that merge to the whole", () => {
  const cache = createFeatureCache(BARS);
  const whole = runSweepMembers(BARS, BASE, MEMBERS, 0, 12, YEAR, cache);
  const parts = [
    ...runSweepMembers(BARS, BASE, MEMBERS, 0, 5, YEAR, cache),
    ...runSweepMembers(BARS, BASE, MEMBERS, 5, 5, YEAR, cache),
    ...runSweepMembers(BARS, BASE, MEMBERS, 5, 12, YEAR),
  ];
  assert.deepEqual(parts, whole);
});

Deno.test("runSweepMembers() keeps per-bar returns and their block moments when asked", () => {
  const rows = runSweepMembers(BARS, BASE, MEMBERS, 2, 4, YEAR, undefined, {
    returns: true,
    blocks: 8,
  });
  for (const row of rows) {
    const single = runBacktest(BARS, parseRunConfig({ ...REQUEST, params: row.params }), YEAR);
    const expected = barReturns(single.sim.curve.equity, 50_000);
    assert.deepEqual(row.returns, expected);
    assert.deepEqual(row.blocks, memberBlockMoments(expected, 8));
    // The full-sample Sharpe from the block moments is the metrics' Sharpe.
    const { sum, sumSq } = row.blocks!;
    const s = sum.reduce((a, b) => a + b, 0);
    const q = sumSq.reduce((a, b) => a + b, 0);
    const n = BARS.length;
    const sharpe = s / n / Math.sqrt((q - s * s / n) / (n - 1)) * Math.sqrt(YEAR);
    assert.ok(Math.abs(sharpe - row.metrics.sharpe!) < 1e-9 * Math.abs(sharpe), `${sharpe}`);
  }
});

Deno.test("runSweepMembers() refuses bad ranges, foreign caches and bad block counts", () => {
  const fail = (fn: () => unknown, message: string) =>
    assert.throws(fn, (err: unknown) => err instanceof ValidationError && err.message === message);
  fail(
    () => runSweepMembers(BARS, BASE, MEMBERS, 3, 13, YEAR),
    "sweep: member range [3, 13) is outside the 12 members",
  );
  fail(
    () => runSweepMembers(BARS, BASE, MEMBERS, 4, 3, YEAR),
    "sweep: member range [4, 3) is outside the 12 members",
  );
  fail(
    () => runSweepMembers(BARS, BASE, MEMBERS, 0, 1, YEAR, createFeatureCache(randomBars(10, 1))),
    "sweep: the shared feature cache was built on other bars",
  );
  fail(
    () => runSweepMembers(BARS, BASE, MEMBERS, 0, 1, YEAR, undefined, { blocks: 7 }),
    "cscv: blocks must be an even integer in [2, 50], got 7",
  );
  fail(
    () => runSweepMembers(BARS, BASE, [{ fast: 30, slow: 20 }], 0, 1, YEAR),
    "sma_crossover params: fast (30) must be less than slow (20)",
  );
});

Deno.test("barReturns() follows the metrics' convention and checks its output buffer", () => {
  const out = new Float64Array(6).fill(9);
  const r = barReturns(new Float64Array([110, 99, 0, 5]), 100, out);
  assert.deepEqual(Array.from(r), [0.10000000000000009, -0.09999999999999998, -1, 0]);
  assert.equal(out[4], 9);
  assert.throws(() => barReturns(new Float64Array(3), 1, new Float64Array(2)), {
    message: "barReturns: out has 2 values for 3 bars",
  });
});
