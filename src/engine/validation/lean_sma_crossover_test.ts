/**
 * @module
 * The lean SMA-crossover path must give the registry path's weights bit for bit (it shares
 * the `sma` kernel, `indicators/_rolling.ts`; the weights rule is its own).
 */
import assert from "node:assert/strict";
import { parseRunConfig } from "../run_config.ts";
import { createFeatureCache } from "../indicators/feature_cache.ts";
import { computeSignals } from "../strategies/registry.ts";
import { targetWeights } from "../risk/target_weights.ts";
import { randomBars } from "../testing/bar_fixtures.ts";
import type { Bars } from "../../domain/bars.ts";
import { StrategyRerun } from "./strategy_rerun.ts";

const YEAR = 98_280;

/** Random bars with flat stretches (minutes without trades) and two NaN closes. */
function awkwardBars(): Bars {
  const bars = randomBars(5000, 21);
  for (const [from, len] of [[300, 80], [1200, 5], [2500, 200], [4000, 51]]) {
    for (let t = from; t < from + len; t++) bars.close[t] = bars.close[from - 1];
  }
  bars.close[3000] = NaN;
  bars.close[3001] = NaN;
  return bars;
}

function registryWeights(bars: Bars, cfg: ReturnType<typeof parseRunConfig>): Float64Array {
  const cache = createFeatureCache(bars);
  const signals = computeSignals(cfg.strategy.id, cache, cfg.strategy.params);
  return targetWeights(signals, cache, cfg.risk, YEAR);
}

Deno.test("StrategyRerun's lean path gives the registry's weights bit for bit", async (t) => {
  const bars = awkwardBars();
  const cases = [
    { strategy_id: "sma_crossover", params: { fast: 20, slow: 50 } },
    { strategy_id: "sma_crossover", params: { fast: 1, slow: 2 } },
    { strategy_id: "sma_crossover", params: { fast: 3, slow: 8, allow_short: true } },
    {
      strategy_id: "dual_sma",
      params: { fast: 5, slow: 15 },
      risk: { model: "fixed_fraction", params: { fraction: 0.37 } },
    },
    {
      strategy_id: "dual_sma",
      params: { fast: 50, slow: 51, allow_short: true },
      risk: { fraction: 2.5 },
    },
  ];
  for (const c of cases) {
    await t.step(JSON.stringify(c), () => {
      const cfg = parseRunConfig({ dataset_id: "d", ...c });
      const rerun = new StrategyRerun(cfg, YEAR, bars.length);
      assert.equal(rerun.isLean, true);
      const lean = rerun.weights(bars);
      const want = registryWeights(bars, cfg);
      for (let i = 0; i < bars.length; i++) {
        assert.ok(Object.is(lean[i], want[i]), `weight ${i}: ${lean[i]} vs ${want[i]}`);
      }
    });
  }
});

Deno.test("StrategyRerun takes the registry path for other sizing models", () => {
  const cfg = parseRunConfig({
    dataset_id: "d",
    strategy_id: "sma_crossover",
    params: { fast: 5, slow: 20 },
    risk: { model: "volatility_target", target_vol: 0.2, lookback: 30 },
  });
  const bars = randomBars(800, 22);
  const rerun = new StrategyRerun(cfg, YEAR, bars.length);
  assert.equal(rerun.isLean, false);
  assert.deepEqual(rerun.weights(bars), registryWeights(bars, cfg));
});
