/**
 * @module
 * Throughput and memory of the permutation test: 1000 trials on one symbol-year of regular-
 * session 1-minute bars (2024: 97,740 bars, a seeded random walk) with sma_crossover
 * fast=20 slow=50, the run's defaults otherwise (fill at the open, no costs).
 *
 * `scripts/deno run -A scripts/bench/validation_bench.ts` prints:
 *  - per-stage times of one trial (median of 200 trials after warm-up): shuffle + open/close
 *    chain, weights (lean SMA path), simulate, metric;
 *  - wall time of 1000 trials on one core, and that figure halved as the 2-core projection;
 *  - wall time of 1000 trials split [0, 500) + [500, 1000) over 2 Web Workers, measured
 *    (with and without worker start-up), and a check that the values equal the 1-core run;
 *  - RSS after 100, 250, 500 and 1000 trials of the 1-core run (it should stay flat: each
 *    trial's only garbage is the simulator's fill and trade buffers, reclaimed by the GC);
 *  - for comparison, 200 trials with k_spread slippage and fees (the spread column is then
 *    rebuilt per trial), and 200 with volatility_target sizing (the registry path).
 */
import type { Bars } from "../../src/domain/bars.ts";
import { parseRunConfig, type RunConfig } from "../../src/engine/run_config.ts";
import { runBacktest } from "../../src/engine/run_backtest.ts";
import {
  curveMetric,
  deriveSeed,
  type PermutationConfig,
  PermutationRunner,
  permutationSource,
  permutationTrials,
  PermutedBars,
  Rng,
  StrategyRerun,
  summarisePermutation,
} from "../../src/engine/validation/mod.ts";
import { sessionRandomBars } from "../../src/engine/testing/session_bars.ts";

const YEAR = 97_740;
const TRIALS = 1000;
const PARAMS: PermutationConfig = { trials: TRIALS, metric: "sharpe", within_day: false };

function config(extra: Record<string, unknown> = {}): RunConfig {
  return parseRunConfig({
    dataset_id: "bench",
    strategy_id: "sma_crossover",
    params: { fast: 20, slow: 50 },
    seed: 42,
    ...extra,
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const mb = () => `${(Deno.memoryUsage().rss / 1e6).toFixed(0)} MB`;

/** Median per-stage times (ms) of `n` trials after `warm` warm-up trials. */
function stages(bars: Bars, cfg: RunConfig, n: number, warm: number): Record<string, number> {
  const path = new PermutedBars(permutationSource(bars, null));
  const rerun = new StrategyRerun(cfg, YEAR, bars.length);
  const seed = deriveSeed(cfg.seed, "permutation");
  const t: Record<string, number[]> = { shuffle: [], weights: [], simulate: [], metric: [] };
  for (let i = 0; i < warm + n; i++) {
    const a = performance.now();
    path.shuffle(new Rng(deriveSeed(seed, "trial", i)));
    const b = performance.now();
    const w = rerun.weights(path);
    const c = performance.now();
    const curve = rerun.simulate(path.forExecution(cfg.execution), w);
    const d = performance.now();
    curveMetric("sharpe", curve.equity, cfg.initial_cash, YEAR);
    const e = performance.now();
    if (i < warm) continue;
    t.shuffle.push(b - a);
    t.weights.push(c - b);
    t.simulate.push(d - c);
    t.metric.push(e - d);
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
}

function oneCore(
  bars: Bars,
  cfg: RunConfig,
  n: number,
): { ms: number; values: Float64Array; rss: string[] } {
  const seed = deriveSeed(cfg.seed, "permutation");
  const runner = new PermutationRunner(bars, cfg, YEAR, { ...PARAMS, trials: n }, seed);
  const values = new Float64Array(n);
  const rss: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    values[i] = runner.trial(i);
    if (i === 99 || i === 249 || i === 499 || i === 999) rss.push(`${i + 1}: ${mb()}`);
  }
  return { ms: performance.now() - t0, values, rss };
}

async function twoWorkers(
  bars: Bars,
  cfg: RunConfig,
): Promise<{ wall: number; compute: number; values: Float64Array }> {
  const t0 = performance.now();
  const ranges = [[0, TRIALS / 2], [TRIALS / 2, TRIALS]];
  const results = await Promise.all(
    ranges.map(([from, to]) =>
      new Promise<{ values: Float64Array; ms: number }>((resolve, reject) => {
        const w = new Worker(import.meta.url, { type: "module", name: "validation-bench" });
        w.onmessage = (e) => {
          w.terminate();
          resolve(e.data);
        };
        w.onerror = (e) => reject(e);
        w.postMessage({ bars, cfg, from, to });
      })
    ),
  );
  const wall = performance.now() - t0;
  const values = new Float64Array(TRIALS);
  values.set(results[0].values, 0);
  values.set(results[1].values, TRIALS / 2);
  return { wall, compute: Math.max(results[0].ms, results[1].ms), values };
}

function report(label: string, bars: Bars, cfg: RunConfig, n: number): void {
  const s = stages(bars, cfg, n, 20);
  const total = Object.values(s).reduce((a, b) => a + b, 0);
  console.log(
    `${label}: per trial ${total.toFixed(2)} ms (` +
      Object.entries(s).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ") + ")",
  );
}

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !==
  "undefined";

if (inWorker) {
  const scope = globalThis as unknown as {
    onmessage: (e: MessageEvent) => void;
    postMessage: (m: unknown) => void;
  };
  scope.onmessage = (e: MessageEvent) => {
    const { bars, cfg, from, to } = e.data as {
      bars: Bars;
      cfg: RunConfig;
      from: number;
      to: number;
    };
    // Warm the JIT on a few trials outside the range, as a long-lived pool worker would be.
    permutationTrials(bars, cfg, YEAR, PARAMS, 1, 0, 5);
    const t0 = performance.now();
    const values = permutationTrials(
      bars,
      cfg,
      YEAR,
      PARAMS,
      deriveSeed(cfg.seed, "permutation"),
      from,
      to,
    );
    scope.postMessage({ values, ms: performance.now() - t0 });
  };
} else if (import.meta.main) {
  const bars = sessionRandomBars("2024-01-01", "2024-12-31", 42);
  const cfg = config();
  const real = runBacktest(bars, cfg, YEAR);
  console.log(
    `bars ${bars.length}, sma_crossover 20/50: real Sharpe ${real.metrics.sharpe?.toFixed(3)}, ` +
      `${real.metrics.trades} trades; RSS at start ${mb()}`,
  );
  report("stages (median of 200 trials)", bars, cfg, 200);
  oneCore(bars, cfg, 30); // warm-up
  const one = oneCore(bars, cfg, TRIALS);
  const seed = deriveSeed(cfg.seed, "permutation");
  const summary = summarisePermutation(PARAMS, seed, real.metrics.sharpe ?? NaN, one.values);
  console.log(
    `1 core: ${TRIALS} trials in ${(one.ms / 1000).toFixed(2)} s (${
      (one.ms / TRIALS).toFixed(2)
    } ms/trial); ` +
      `projected on 2 cores: ${(one.ms / 2000).toFixed(2)} s; p = ${summary.p_value}`,
  );
  console.log(`RSS after trials ${one.rss.join(", ")}`);
  const two = await twoWorkers(bars, cfg);
  const same = two.values.every((v, i) => Object.is(v, one.values[i]));
  console.log(
    `2 workers (measured): ${
      (two.wall / 1000).toFixed(2)
    } s wall incl. worker start-up and warm-up, ` +
      `${
        (two.compute / 1000).toFixed(2)
      } s of trials in the slower worker; values equal 1-core run: ${same}`,
  );
  report(
    "with k_spread 0.5 + 1 bps fees",
    bars,
    config({ execution: { fees_bps: 1, slippage: { model: "k_spread", k: 0.5 } } }),
    200,
  );
  report(
    "with volatility_target sizing (registry path)",
    bars,
    config({ risk: { model: "volatility_target", target_vol: 0.15, lookback: 60 } }),
    200,
  );
}
