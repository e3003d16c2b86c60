/**
 * @module
 * Throughput of the engine core (`runBacktest`: features → signals → sizing → execution →
 * metrics) and of each stage, warm (after JIT warm-up), single thread, on one symbol-year of
 * regular-session 1-minute bars (the 97,740 minutes of 2024's NYSE sessions) and on
 * 10,000,000 bars. The workload is the reference run: sma_crossover 20/50, fixed_fraction 1,
 * k_spread 0.5, fees 1 bp, open fills, long only. The core is timed twice: as a one-off run
 * (its output arrays new, so their memory is zeroed and faulted in) and with an
 * `EngineScratch` reused from run to run (what sweeps and validation do); the stages are
 * timed as the second runs them. Figures are medians; the load average is printed because
 * the machine is shared.
 *
 *   scripts/deno run -A scripts/bench/engine_bench.ts            # both sizes
 *   scripts/deno run -A scripts/bench/engine_bench.ts --quick    # symbol-year only
 *
 * Before timing anything it runs one canonical fingerprint scenario and refuses to print a
 * figure if the engine's output differs by a single bit from the recorded one.
 */
import { allocBars, type Bars } from "../../src/domain/bars.ts";
import { sessionsBetween } from "../../src/market/calendar/mod.ts";
import { Prng } from "../../src/engine/testing/bar_fixtures.ts";
import { createFeatureCache } from "../../src/engine/indicators/mod.ts";
import { computeSignals, strategyFeatures } from "../../src/engine/strategies/mod.ts";
import { riskFeatures, targetWeights } from "../../src/engine/risk/mod.ts";
import { simulate } from "../../src/engine/execution/mod.ts";
import { computeMetrics, CurveStats } from "../../src/engine/metrics/mod.ts";
import { EngineScratch, runBacktest } from "../../src/engine/run_backtest.ts";
import { parseRunConfig, type RunConfig } from "../../src/engine/run_config.ts";
import {
  EXPECTED_FINGERPRINTS,
  FINGERPRINT_SCENARIOS,
  runScenario,
} from "../../src/engine/testing/engine_fingerprint.ts";

const BARS_PER_YEAR = 252 * 390;
const SYMBOL_YEAR = 97_740;
const TEN_MILLION = 10_000_000;

const CFG: RunConfig = parseRunConfig({
  dataset_id: "bench",
  strategy_id: "sma_crossover",
  params: { fast: 20, slow: 50 },
  risk: { model: "fixed_fraction", fraction: 1 },
  execution: { fees_bps: 1, slippage: { model: "k_spread", k: 0.5 } },
});

/** Refuses to benchmark an engine whose output has drifted from the recorded fingerprint. */
function checkFingerprint(): void {
  const s = FINGERPRINT_SCENARIOS[0];
  const got = runScenario(s);
  const want = EXPECTED_FINGERPRINTS[s.name];
  if (got.arrays !== want.arrays || got.metrics !== want.metrics) {
    console.error(`fingerprint of "${s.name}" differs from the recorded one: no figures`);
    Deno.exit(1);
  }
  console.log(`fingerprint of "${s.name}" matches the recorded one`);
}

/**
 * A seeded random walk over 2024's regular-session minutes (tiled by whole 52-week years
 * past the first): U-shaped intraday volume, about 2 % of minutes without trades (the
 * previous close repeated, as derivation fills them), a spread that is wider at the open.
 */
function makeBars(n: number, seed: number): Bars {
  const minutes: number[] = [];
  for (const s of sessionsBetween("2024-01-01", "2024-12-31")) {
    for (let t = s.openMs; t < s.closeMs; t += 60_000) minutes.push(t);
  }
  const year = minutes.length;
  const rng = new Prng(seed);
  const bars = allocBars(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const ts = minutes[i % year] + Math.floor(i / year) * 364 * 86_400_000;
    const minuteOfDay = Math.floor((ts % 86_400_000) / 60_000) - 870; // 14:30Z ≈ 0 (EST)
    const u = (minuteOfDay - 195) / 195;
    const open = price;
    bars.ts[i] = ts;
    if (rng.next() < 0.02) {
      bars.open[i] =
        bars.high[i] =
        bars.low[i] =
        bars.close[i] =
        bars.vwap[i] =
          open;
      bars.volume[i] = 0;
      bars.tradeCount[i] = 0;
    } else {
      const close = open * (1 + (rng.next() - 0.5) * 0.002);
      const high = Math.max(open, close) * (1 + rng.next() * 0.0005);
      const low = Math.min(open, close) * (1 - rng.next() * 0.0005);
      bars.open[i] = open;
      bars.high[i] = high;
      bars.low[i] = low;
      bars.close[i] = close;
      bars.vwap[i] = low + (high - low) * rng.next();
      bars.volume[i] = Math.floor((200 + 800 * u * u) * (0.5 + rng.next()));
      bars.tradeCount[i] = 1 + Math.floor(bars.volume[i] / 50);
      price = close;
    }
    const spread = 0.01 * (1 + u * u) * (0.5 + rng.next());
    bars.spreadMean[i] = spread;
    bars.bidMean[i] = price - spread / 2;
    bars.askMean[i] = price + spread / 2;
  }
  return bars;
}

/** Median of `xs`. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function line(label: string, n: number, ms: number, runs: number): string {
  const rate = n / (ms / 1000) / 1e6;
  return `${label}, ${n.toLocaleString("en-US")} bars: ${
    ms < 10 ? ms.toFixed(2) : ms.toFixed(1)
  } ms/run = ${rate.toFixed(1)}M bars/s (median of ${runs})`;
}

/**
 * Times `runBacktest` with fresh arrays and with an `EngineScratch`, then the stages one by
 * one exactly as `runBacktest` runs them (with the scratch), each in the same warm loop so
 * the compiler sees the same calls as in a real run.
 */
function measure(n: number, warm: number, runs: number): void {
  const bars = makeBars(n, 42);
  const cfg = CFG;
  const opts = { initialCash: cfg.initial_cash, barsPerYear: BARS_PER_YEAR };
  const features = [
    ...strategyFeatures(cfg.strategy.id, cfg.strategy.params),
    ...riskFeatures(cfg.risk),
  ];
  const scratch = new EngineScratch();
  const names = [
    "engine core (runBacktest, no scratch: new output arrays)",
    "engine core (runBacktest, reused EngineScratch)",
    "  features (2 SMAs, one joint pass)",
    "  signals (crossover + check)",
    "  sizing (fixed_fraction weights)",
    "  execution (simulate, feeding the curve statistics)",
    "  metrics (computeMetrics from those statistics)",
  ];
  const ms: number[][] = names.map(() => []);
  let fills = 0;
  let trades = 0;
  for (let i = 0; i < warm + runs; i++) {
    const t0 = performance.now();
    runBacktest(bars, cfg, BARS_PER_YEAR);
    const t1 = performance.now();
    runBacktest(bars, cfg, BARS_PER_YEAR, undefined, scratch);
    const t2 = performance.now();
    const cache = createFeatureCache(bars, scratch.seriesAllocator());
    cache.getMany(features);
    const t3 = performance.now();
    const signals = computeSignals(
      cfg.strategy.id,
      cache,
      cfg.strategy.params,
      scratch.signalsFor(n),
    );
    const t4 = performance.now();
    const weights = targetWeights(signals, cache, cfg.risk, BARS_PER_YEAR, scratch.weightsFor(n));
    const t5 = performance.now();
    const stats = new CurveStats(cfg.initial_cash);
    const sim = simulate(bars, weights, cfg.execution, {
      ...opts,
      curve: scratch.curveFor(n),
      ledger: scratch.ledger,
      stats,
    });
    const t6 = performance.now();
    computeMetrics(bars, sim, opts, stats.finish(bars.ts, BARS_PER_YEAR));
    const t7 = performance.now();
    fills = sim.fills.length;
    trades = sim.trades.length;
    if (i >= warm) {
      [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6].forEach((d, k) =>
        ms[k].push(d)
      );
    }
  }
  console.log(`\n${n.toLocaleString("en-US")} bars: ${fills} fills, ${trades} trades`);
  names.forEach((label, k) => console.log(line(label, n, median(ms[k]), runs)));
}

if (import.meta.main) {
  checkFingerprint();
  console.log(`load average before timing: ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  // Long warm-up: with one long loop per call, V8 only gives some functions (simulate among
  // them) their final optimised code after ~170 calls; before that they run mid-loop
  // compiled (on-stack replacement) code. The 10M runs come after, on that warm code.
  measure(SYMBOL_YEAR, 200, 25);
  if (!Deno.args.includes("--quick")) measure(TEN_MILLION, 2, 5);
}
