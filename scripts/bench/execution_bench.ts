/**
 * @module
 * Throughput of the execution simulator and the metrics on seeded random bars: one
 * symbol-year (98,000 bars) and 10,000,000 bars, with a weight that changes about every 50
 * bars (long, flat and short targets, k_spread slippage, fees and borrow).
 *
 * `scripts/deno run -A scripts/bench/execution_bench.ts` prints bars/s: the first (cold JIT)
 * call, then medians of warm runs (25 for 98k bars, 5 for 10M) with new and with reused curve
 * arrays, and of the metrics. `scripts/deno bench -A scripts/bench/execution_bench.ts` runs the
 * 98k-bar cases under `Deno.bench`.
 */

import type { Bars } from "../../src/domain/bars.ts";
import type { ExecutionConfig } from "../../src/engine/types.ts";
import { simulate } from "../../src/engine/execution/mod.ts";
import { computeMetrics } from "../../src/engine/metrics/mod.ts";

const YEAR = 98_000;
const OPTS = { initialCash: 1_000_000, barsPerYear: YEAR };
const CFG: ExecutionConfig = {
  fill_price: "open",
  fees_bps: 1,
  slippage: { model: "k_spread", k: 0.5 },
  borrow_bps: 50,
  auto_flatten: true,
  allow_short: true,
};

/** Seeded random bars and weights; columns the simulator never reads share one array. */
function makeInputs(n: number, seed: number): { bars: Bars; weights: Float64Array } {
  let s = seed >>> 0;
  const rand = () => {
    // mulberry32: deterministic, fast, good enough for benchmark data.
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const ts = new Float64Array(n);
  const open = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  const spread = new Float64Array(n);
  const weights = new Float64Array(n);
  const targets = [1, 0.5, 0, -0.5];
  let price = 100;
  let w = 0;
  let nextChange = 0;
  for (let i = 0; i < n; i++) {
    ts[i] = 1_704_205_800_000 + i * 60_000;
    open[i] = price;
    price = Math.max(1, price * (1 + (rand() - 0.5) * 0.002));
    close[i] = price;
    volume[i] = Math.floor(rand() * 5000);
    spread[i] = 0.01 + rand() * 0.04;
    if (i === nextChange) {
      w = targets[Math.floor(rand() * targets.length)];
      nextChange = i + 1 + Math.floor(rand() * 99);
    }
    weights[i] = w;
  }
  const bars: Bars = {
    length: n,
    ts,
    open,
    high: close,
    low: open,
    close,
    volume,
    vwap: close,
    tradeCount: new Uint32Array(n),
    bidMean: open,
    askMean: close,
    spreadMean: spread,
  };
  return { bars, weights };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(label: string, n: number, runs: number): void {
  const { bars, weights } = makeInputs(n, 42);
  const t0 = performance.now();
  const first = simulate(bars, weights, CFG, OPTS); // cold: the JIT has not optimised yet
  const cold = performance.now() - t0;
  const simMs: number[] = [];
  const reuseMs: number[] = [];
  const metMs: number[] = [];
  const reuse = { ...OPTS, curve: first.curve };
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    const r = simulate(bars, weights, CFG, OPTS);
    const b = performance.now();
    computeMetrics(bars, r, OPTS);
    const c = performance.now();
    simulate(bars, weights, CFG, reuse);
    const d = performance.now();
    simMs.push(b - a);
    metMs.push(c - b);
    reuseMs.push(d - c);
  }
  const rate = (ms: number) => `${(n / (ms / 1000) / 1e6).toFixed(1)} M bars/s`;
  const fmt = (ms: number) => `${ms.toFixed(2)} ms (${rate(ms)})`;
  const sim = median(simMs);
  const met = median(metMs);
  console.log(
    `${label}: ${n} bars, ${first.fills.length} fills, ${first.trades.length} trades\n` +
      `  simulate, first call (cold JIT)  ${fmt(cold)}\n` +
      `  simulate, new curve arrays       ${fmt(sim)}\n` +
      `  simulate, reused curve arrays    ${fmt(median(reuseMs))}\n` +
      `  computeMetrics                   ${fmt(met)}\n` +
      `  simulate + computeMetrics        ${fmt(sim + met)}`,
  );
}

if (import.meta.main) {
  measure("symbol-year", YEAR, 25);
  measure("10M", 10_000_000, 5);
} else {
  const { bars, weights } = makeInputs(YEAR, 42);
  const result = simulate(bars, weights, CFG, OPTS);
  Deno.bench("simulate() on 98k bars", { group: "execution", baseline: true }, () => {
    simulate(bars, weights, CFG, OPTS);
  });
  Deno.bench("computeMetrics() on 98k bars", { group: "execution" }, () => {
    computeMetrics(bars, result, OPTS);
  });
}
