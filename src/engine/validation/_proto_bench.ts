import { randomBars } from "../indicators/fixtures.ts";
import { parseRunConfig } from "../run_config.ts";
import { Rng } from "./rng.ts";
import { PermutedBars, permutationSource } from "./permuted_bars.ts";
import { StrategyRerun } from "./strategy_rerun.ts";
import { curveMetric } from "./metric.ts";
import { createFeatureCache } from "../indicators/feature_cache.ts";
import { computeSignals } from "../strategies/registry.ts";
import { targetWeights } from "../risk/target_weights.ts";

const N = 97_740;
const Y = 97_740;
const bars = randomBars(N, 7);
const cfg = parseRunConfig({ dataset_id: "x", strategy_id: "sma_crossover", params: { fast: 20, slow: 50 } });
const src = permutationSource(bars, false);
const pb = new PermutedBars(src);
const rr = new StrategyRerun(cfg, Y, N);
const T = { shuffle: 0, feat: 0, sig: 0, w: 0, sim: 0, met: 0 };
const trials = 300;
for (let i = 0; i < trials + 50; i++) {
  const rng = new Rng(i);
  const a = performance.now();
  pb.shuffle(rng);
  const c = performance.now();
  const cache = createFeatureCache(pb);
  cache.get("sma", { window: 20 });
  cache.get("sma", { window: 50 });
  const d = performance.now();
  const sig = computeSignals("sma_crossover", cache, cfg.strategy.params);
  const e = performance.now();
  const w = targetWeights(sig, cache, cfg.risk, Y);
  const f = performance.now();
  const curve = rr.simulate(pb.forExecution(cfg.execution), w);
  const g = performance.now();
  curveMetric("sharpe", curve.equity, cfg.initial_cash, Y);
  const h = performance.now();
  if (i >= 50) {
    T.shuffle += c - a; T.feat += d - c; T.sig += e - d; T.w += f - e; T.sim += g - f; T.met += h - g;
  }
}
let tot = 0;
for (const [k, v] of Object.entries(T)) { console.log(k, (v / trials).toFixed(3)); tot += v / trials; }
console.log("total ms/trial", tot.toFixed(3), "rss MB", (Deno.memoryUsage().rss / 1e6).toFixed(0));
