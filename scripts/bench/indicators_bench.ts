/**
 * @module
 * Throughput of the indicator kernels (through `computeIndicator`, so validation and the
 * one-bar shift are included) over 100k and 10M bars.
 *
 *   scripts/deno bench -A scripts/bench/indicators_bench.ts   # Deno.bench table
 *   scripts/deno run -A scripts/bench/indicators_bench.ts     # prints bars/s (median of 5)
 */
import { allocBars, type Bars } from "../../src/domain/bars.ts";
import { computeIndicator } from "../../src/engine/indicators/registry.ts";
import { createFeatureCache } from "../../src/engine/indicators/feature_cache.ts";
import { computeSignals } from "../../src/engine/strategies/registry.ts";
import { targetWeights } from "../../src/engine/risk/target_weights.ts";
import { Prng } from "../../src/engine/testing/bar_fixtures.ts";

const SIZES = [100_000, 10_000_000];
const CASES: [string, Record<string, unknown>][] = [
  ["sma", { window: 50 }],
  ["ema", { window: 50 }],
  ["rsi", { window: 14 }],
  ["atr", { window: 14 }],
  ["rolling_volatility", { window: 390 }],
  ["returns_mean", { window: 100 }],
  ["returns_std", { window: 100 }],
];
const BARS = new Map(SIZES.map((n) => [n, walk(n)]));

for (const n of SIZES) {
  const bars = BARS.get(n)!;
  for (const [name, params] of CASES) {
    Deno.bench({
      name: `${name} ${JSON.stringify(params)}`,
      group: `${n} bars`,
      baseline: name === "sma",
      n: n > 1e6 ? 5 : undefined,
      warmup: n > 1e6 ? 1 : undefined,
      fn: () => {
        computeIndicator(name, bars, params);
      },
    });
  }
  Deno.bench({
    name: "sma_crossover 20/50 + vol-target sizing (fresh cache)",
    group: `${n} bars`,
    n: n > 1e6 ? 5 : undefined,
    warmup: n > 1e6 ? 1 : undefined,
    fn: () => pipeline(bars),
  });
}

if (import.meta.main) {
  console.log(
    "case".padEnd(44),
    "bars".padStart(11),
    "median ms".padStart(10),
    "bars/s".padStart(14),
  );
  for (const n of SIZES) {
    const bars = BARS.get(n)!;
    const rows: [string, () => void][] = [
      ...CASES.map(([name, params]): [string, () => void] => [
        `${name} ${JSON.stringify(params)}`,
        () => computeIndicator(name, bars, params),
      ]),
      ["sma_crossover 20/50 + vol-target sizing", () => pipeline(bars)],
    ];
    for (const [label, fn] of rows) {
      const ms = medianMs(fn, n > 1e6 ? 5 : 25);
      const rate = (n / ms) * 1000;
      console.log(
        label.padEnd(44),
        String(n).padStart(11),
        ms.toFixed(3).padStart(10),
        rate.toExponential(2).padStart(14),
      );
    }
  }
}

/** Signals and weights over a fresh cache: two SMAs, the crossover, the volatility. */
function pipeline(bars: Bars): void {
  const cache = createFeatureCache(bars);
  const signal = computeSignals("sma_crossover", cache, { fast: 20, slow: 50 });
  targetWeights(signal, cache, {
    model: "volatility_target",
    target_vol: 0.15,
    lookback: 390,
    max_leverage: 2,
  }, 98_280);
}

function medianMs(fn: () => void, runs: number): number {
  // Enough calls for the optimising compiler to settle before timing.
  for (let i = 0; i < Math.min(runs, 10); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

/** A seeded random walk; columns no indicator here reads share one array to save memory. */
function walk(n: number): Bars {
  const rng = new Prng(7);
  const close = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    price *= 1 + (rng.next() - 0.5) * 0.002;
    close[i] = price;
    high[i] = price * (1 + rng.next() * 0.001);
    low[i] = price * (1 - rng.next() * 0.001);
  }
  const empty = allocBars(0);
  return {
    ...empty,
    length: n,
    ts: close,
    open: close,
    high,
    low,
    close,
    volume: close,
    vwap: close,
    tradeCount: new Uint32Array(n),
    bidMean: close,
    askMean: close,
    spreadMean: close,
  };
}
