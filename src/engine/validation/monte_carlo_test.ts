/**
 * @module
 * Tests of Monte Carlo slippage noise: zero noise reproduces the real run exactly for every
 * supported model and fill price, noise only hurts on average, trials are split-independent,
 * and unsupported settings are refused.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { randomBars } from "../testing/bar_fixtures.ts";
import { parseRunConfig } from "../run_config.ts";
import { runBacktest } from "../run_backtest.ts";
import { monteCarloTrials, summariseMonteCarlo } from "./monte_carlo.ts";

const YEAR = 98_280;

function setup(execution: Record<string, unknown>) {
  const bars = randomBars(3000, 31);
  const cfg = parseRunConfig({
    dataset_id: "d",
    strategy_id: "sma_crossover",
    params: { fast: 10, slow: 30, allow_short: true },
    risk: { fraction: 0.8 },
    execution: { fees_bps: 1, borrow_bps: 20, ...execution },
  });
  return { bars, cfg, real: runBacktest(bars, cfg, YEAR) };
}

Deno.test("monteCarloTrials() with zero noise reproduces the real run exactly", async (t) => {
  for (const fill_price of ["open", "close", "vwap"]) {
    for (
      const slippage of [{ model: "none" }, { model: "k_spread", k: 0.5 }, {
        model: "spread_pct",
        pct: 0.01,
      }]
    ) {
      await t.step(`${fill_price} ${slippage.model}`, () => {
        const { bars, cfg, real } = setup({ fill_price, slippage });
        const v = monteCarloTrials(bars, cfg, YEAR, real.weights, {
          trials: 2,
          slippage_noise_bps: 0,
        }, 1);
        assert.deepEqual([...v.final_equity], [
          real.metrics.final_equity,
          real.metrics.final_equity,
        ]);
        assert.equal(v.sharpe[0], real.metrics.sharpe);
      });
    }
  }
});

Deno.test("monteCarloTrials() noise lowers the final equity and is split-independent", () => {
  const { bars, cfg, real } = setup({ slippage: { model: "k_spread", k: 0.5 } });
  const p = { trials: 30, slippage_noise_bps: 3 };
  const whole = monteCarloTrials(bars, cfg, YEAR, real.weights, p, 8);
  const a = monteCarloTrials(bars, cfg, YEAR, real.weights, p, 8, 0, 11);
  const b = monteCarloTrials(bars, cfg, YEAR, real.weights, p, 8, 11, 30);
  assert.deepEqual([...whole.final_equity], [...a.final_equity, ...b.final_equity]);
  assert.deepEqual([...whole.sharpe], [...a.sharpe, ...b.sharpe]);
  const worse = whole.final_equity.filter((e) => e < real.metrics.final_equity).length;
  assert.equal(worse, 30);
  assert.equal(new Set(whole.final_equity).size, 30);
});

Deno.test("monteCarloTrials() refuses the participation_rate model", () => {
  const { bars, cfg, real } = setup({
    slippage: { model: "participation_rate", coefficient: 0.1 },
  });
  assert.throws(
    () => monteCarloTrials(bars, cfg, YEAR, real.weights, { trials: 1, slippage_noise_bps: 1 }, 1),
    (e: unknown) => e instanceof ValidationError && /participation_rate/.test(e.message),
  );
});

Deno.test("summariseMonteCarlo() reports the probability of loss and distributions", () => {
  const s = summariseMonteCarlo(
    { trials: 4, slippage_noise_bps: 2 },
    3,
    100,
    { final_equity: 104, sharpe: 1.5 },
    {
      final_equity: new Float64Array([99, 101, 103, 98]),
      sharpe: new Float64Array([1, 1.2, NaN, 0.4]),
    },
  );
  assert.equal(s.probability_of_loss, 0.5);
  assert.equal(s.final_equity.quantiles.p50, 100);
  assert.equal(s.sharpe.count, 3);
  assert.deepEqual(s.observed, { final_equity: 104, sharpe: 1.5 });
  assert.equal(
    s.verdict,
    "with |N(0, 2 bps)| extra slippage per fill, 50.0% of 4 runs lose money; median final equity 100.00 (real 104.00)",
  );
});
