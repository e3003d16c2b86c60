/**
 * @module
 * Tests of the permutation test: statistical sanity on seeded markets (no edge → p-values
 * spread over (0, 1]; a real edge → p at its floor), independence from how trials are split,
 * the real path reproduced by the identity, and the lean execution view agreeing with fully
 * built bars for every fill price and slippage model.
 */
import assert from "node:assert/strict";
import type { Bars } from "../../domain/bars.ts";
import type { ExecutionConfig } from "../types.ts";
import { simulate } from "../execution/simulate.ts";
import { randomBars } from "../testing/bar_fixtures.ts";
import { parseRunConfig, type RunConfig } from "../run_config.ts";
import { runBacktest } from "../run_backtest.ts";
import type { PermutationConfig } from "./config.ts";
import { curveMetric } from "./metric.ts";
import { permutationTrials, summarisePermutation } from "./permutation.ts";
import { permutationSource, PermutedBars } from "./permuted_bars.ts";
import { Rng } from "./rng.ts";
import { deriveSeed } from "./seeds.ts";
import { StrategyRerun } from "./strategy_rerun.ts";
import { regimeBars } from "../testing/session_bars.ts";

const YEAR = 98_280;
const P: PermutationConfig = { trials: 99, metric: "sharpe", within_day: false };

function config(seed: number, extra: Record<string, unknown> = {}): RunConfig {
  return parseRunConfig({
    dataset_id: "d",
    strategy_id: "sma_crossover",
    params: { fast: 5, slow: 20, allow_short: true },
    seed,
    ...extra,
  });
}

function pValue(bars: Bars, cfg: RunConfig, p: PermutationConfig): number {
  const real = runBacktest(bars, cfg, YEAR).metrics.sharpe ?? NaN;
  const seed = deriveSeed(cfg.seed, "permutation");
  const values = permutationTrials(bars, cfg, YEAR, p, seed);
  return summarisePermutation(p, seed, real, values).p_value!;
}

Deno.test("permutation p-values spread over (0, 1] when the market has no edge", () => {
  // Random walks with i.i.d. moves: every order of the moves is equally likely, so the real
  // path is one more permutation and p is uniform on {1/100, …, 1}.
  const ps: number[] = [];
  for (let seed = 1; seed <= 20; seed++) {
    ps.push(pValue(randomBars(1500, 1000 + seed), config(seed), P));
  }
  ps.sort((a, b) => a - b);
  // Kolmogorov–Smirnov distance to U(0, 1); the 1% critical value for n = 20 is 0.352.
  let d = 0;
  ps.forEach((p, i) => (d = Math.max(d, Math.abs((i + 1) / 20 - p), Math.abs(i / 20 - p))));
  assert.ok(d < 0.352, `KS distance ${d} for ${ps.join(", ")}`);
  assert.ok(ps[0] > 0 && ps[19] <= 1);
  assert.ok(ps.filter((p) => p < 0.5).length >= 4 && ps.filter((p) => p > 0.5).length >= 4);
});

Deno.test("permutation p-value is at its floor when the strategy has a real edge", () => {
  // Drift regimes of 300 bars: the crossover rides them; shuffling breaks them up.
  const bars = regimeBars(3000, 7, 0.0008, 0.001, 300);
  const cfg = config(3);
  assert.equal(pValue(bars, cfg, P), 0.01);
  assert.equal(pValue(bars, cfg, { ...P, metric: "total_return" }), 0.01);
});

Deno.test("permutationTrials() gives the same values however the trials are split", () => {
  const bars = randomBars(1200, 5);
  const cfg = config(9);
  const p = { ...P, trials: 10 };
  const whole = permutationTrials(bars, cfg, YEAR, p, 77);
  const parts = [
    ...permutationTrials(bars, cfg, YEAR, p, 77, 0, 3),
    ...permutationTrials(bars, cfg, YEAR, p, 77, 3, 4),
    ...permutationTrials(bars, cfg, YEAR, p, 77, 4, 10),
  ];
  assert.deepEqual([...whole], parts);
  assert.equal(new Set(whole).size, 10);
  assert.deepEqual(permutationTrials(bars, cfg, YEAR, p, 77, 5, 5), new Float64Array(0));
  assert.throws(() => permutationTrials(bars, cfg, YEAR, p, 77, 4, 11), /trial range \[4, 11\)/);
});

Deno.test("permutation re-run on the identity order reproduces the real metric", () => {
  const bars = randomBars(2000, 6);
  const cfg = config(1, { execution: { fees_bps: 1, slippage: { model: "k_spread", k: 0.5 } } });
  const real = runBacktest(bars, cfg, YEAR).metrics;
  const path = new PermutedBars(permutationSource(bars, null));
  path.apply(Int32Array.from({ length: 2000 }, (_, i) => i));
  const rerun = new StrategyRerun(cfg, YEAR, 2000);
  const curve = rerun.simulate(path.forExecution(cfg.execution), rerun.weights(path));
  const sharpe = curveMetric("sharpe", curve.equity, cfg.initial_cash, YEAR);
  assert.ok(Math.abs(sharpe - real.sharpe!) < 1e-9 * Math.abs(real.sharpe!));
  assert.ok(Math.abs(curve.equity[1999] - real.final_equity) < 1e-6);
});

Deno.test("permutation's execution view simulates like fully built bars", () => {
  const bars = randomBars(1500, 8);
  for (let i = 100; i < 140; i++) bars.volume[i] = 0; // zero-volume bars for participation
  const fills = ["open", "close", "vwap"] as const;
  const slips: ExecutionConfig["slippage"][] = [
    { model: "none" },
    { model: "k_spread", k: 0.7 },
    { model: "spread_pct", pct: 0.02 },
    { model: "participation_rate", coefficient: 0.1, max_participation: 0.5 },
  ];
  const path = new PermutedBars(permutationSource(bars, null));
  for (const fillPrice of fills) {
    for (const slippage of slips) {
      const cfg = config(2);
      const ex: ExecutionConfig = {
        ...cfg.execution,
        fill_price: fillPrice,
        slippage,
        fees_bps: 2,
        borrow_bps: 30,
      };
      path.shuffle(new Rng(deriveSeed(4, fillPrice + slippage.model)));
      const rerun = new StrategyRerun({ ...cfg, execution: ex }, YEAR, bars.length);
      const w = rerun.weights(path).slice();
      const lean = rerun.simulate(path.forExecution(ex), w).equity.slice();
      const built: Bars = {
        length: path.length,
        ts: path.ts,
        open: path.open.slice(),
        high: path.high.slice(),
        low: path.low.slice(),
        close: path.close.slice(),
        vwap: path.vwap.slice(),
        volume: path.volume.slice(),
        tradeCount: path.tradeCount.slice(),
        bidMean: path.bidMean.slice(),
        askMean: path.askMean.slice(),
        spreadMean: path.spreadMean.slice(),
      };
      const full = simulate(built, w, ex, { initialCash: cfg.initial_cash, barsPerYear: YEAR });
      assert.deepEqual(lean, full.curve.equity, `${fillPrice} ${slippage.model}`);
    }
  }
});

Deno.test("summarisePermutation() counts ties and skips undefined trials", () => {
  const s = summarisePermutation(P, 5, 1, new Float64Array([0.5, 1, 2, NaN, -1]));
  // Defined 4, at or above 1: {1, 2} → p = 3/5.
  assert.equal(s.p_value, 0.6);
  assert.equal(s.trials, 5);
  assert.equal(s.permuted.count, 4);
  assert.equal(s.permuted.undefined_count, 1);
  assert.deepEqual(s.statistic, { metric: "sharpe", value: 1 });
  assert.match(
    s.verdict,
    /^p = 0\.600 over 4 shuffled paths: 60\.0% of shuffled orders do as well/,
  );
  const none = summarisePermutation(P, 5, NaN, new Float64Array([1]));
  assert.equal(none.p_value, null);
  assert.match(none.verdict, /^not tested/);
  const floor = summarisePermutation(P, 5, 3, new Float64Array(99).fill(0));
  assert.equal(floor.p_value, 0.01);
  assert.match(floor.verdict, /very unlikely to be luck/);
});

Deno.test("permutationTrials() with within_day refuses to run without the trading-day starts", () => {
  const bars = randomBars(300, 21);
  const cfg = parseRunConfig({
    dataset_id: "x",
    strategy_id: "sma_crossover",
    params: { fast: 3, slow: 9 },
  });
  assert.throws(
    () => permutationTrials(bars, cfg, YEAR, { ...P, trials: 2, within_day: true }, 1),
    /within_day needs the bars' trading-day starts/,
  );
});
