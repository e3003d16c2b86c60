/**
 * @module
 * Canonical engine workloads and their fingerprints: fixed seeded scenarios run through
 * `runBacktest`, hashed bit for bit. The fingerprint test pins the hashes recorded from the
 * engine before any optimisation, and the engine benchmark checks one before it times
 * anything, so a fast but wrong engine cannot report a figure.
 */
import { createHash, type Hash } from "node:crypto";
import type { Bars } from "../../domain/bars.ts";
import type { ExecutionConfig, RiskConfig, SimulationResult, SlippageModel } from "../types.ts";
import { Prng, randomBars } from "./bar_fixtures.ts";
import { computeIndicator, createFeatureCache } from "../indicators/mod.ts";
import { computeSignals } from "../strategies/mod.ts";
import { targetWeights } from "../risk/mod.ts";
import { simulate } from "../execution/mod.ts";
import { computeMetrics } from "../metrics/mod.ts";
import { parseRunConfig, type RunConfig } from "../run_config.ts";
import { type EngineOutput, type EngineScratch, runBacktest } from "../run_backtest.ts";

/** Regular-session minutes in a year (252 × 390), the annualisation every scenario uses. */
export const SCENARIO_BARS_PER_YEAR = 252 * 390;

/** Bars per scenario. */
export const SCENARIO_BARS = 5_000;

/** One canonical workload: seeded bars, optional damage to them, and a run request. */
export interface FingerprintScenario {
  /** Short unique name, used in test messages. */
  name: string;
  /** Seed of `randomBars`. */
  seed: number;
  /** Gives the bars zero-volume minutes, NaN spreads and a flat stretch (skip paths). */
  rough: boolean;
  /** Rounds open, high, low, close and vwap to the cent, as real trade prices are. */
  cents?: boolean;
  /** The raw run request (`parseRunConfig` input) minus `dataset_id`. */
  request: Record<string, unknown>;
}

/** The hashes of one scenario's output. */
export interface Fingerprint {
  /** sha256 (hex) over signals, weights, the curve, fills, trades, skips and cost totals. */
  arrays: string;
  /** sha256 (hex) of the metrics as JSON with sorted keys. */
  metrics: string;
}

/** The canonical scenarios: every strategy path, risk model, slippage model and fill price. */
export const FINGERPRINT_SCENARIOS: readonly FingerprintScenario[] = [
  {
    name: "sma 20/50 long, fixed 1, k_spread, open",
    seed: 1,
    rough: false,
    request: {
      strategy_id: "sma_crossover",
      params: { fast: 20, slow: 50 },
      risk: { model: "fixed_fraction", fraction: 1 },
      execution: { fees_bps: 1, slippage: { model: "k_spread", k: 0.5 } },
    },
  },
  {
    name: "sma 10/30 short, fixed 0.5, spread_pct, close, borrow",
    seed: 2,
    rough: false,
    request: {
      strategy_id: "sma_crossover",
      params: { fast: 10, slow: 30, allow_short: true },
      risk: { model: "fixed_fraction", fraction: 0.5 },
      execution: {
        fill_price: "close",
        fees_bps: 2,
        slippage: { model: "spread_pct", pct: 0.01 },
        borrow_bps: 50,
      },
    },
  },
  {
    name: "sma 5/40 short, vol target, participation capped, vwap",
    seed: 3,
    rough: true,
    request: {
      strategy_id: "sma_crossover",
      params: { fast: 5, slow: 40, allow_short: true },
      risk: { model: "volatility_target", target_vol: 0.2, lookback: 30, max_leverage: 2 },
      execution: {
        fill_price: "vwap",
        fees_bps: 0.5,
        slippage: { model: "participation_rate", coefficient: 0.1, max_participation: 0.5 },
        borrow_bps: 25,
      },
    },
  },
  {
    name: "sma 15/60 short, kelly, k_spread, vwap, no flatten",
    seed: 4,
    rough: true,
    request: {
      strategy_id: "sma_crossover",
      params: { fast: 15, slow: 60, allow_short: true },
      risk: { model: "kelly_fraction", fraction: 0.5, lookback: 100, max_leverage: 3 },
      execution: {
        fill_price: "vwap",
        fees_bps: 2,
        slippage: { model: "k_spread", k: 1 },
        auto_flatten: false,
      },
    },
  },
  {
    name: "dual_sma 5/15 long, fixed 2 (cash-capped), participation, open",
    seed: 5,
    rough: true,
    request: {
      strategy_id: "dual_sma",
      params: { fast: 5, slow: 15 },
      risk: { model: "fixed_fraction", fraction: 2 },
      execution: { fees_bps: 3, slippage: { model: "participation_rate", coefficient: 0.5 } },
    },
  },
  {
    name: "sma 20/50 long, vol target, no slippage, close",
    seed: 6,
    rough: false,
    request: {
      strategy_id: "sma_crossover",
      params: { fast: 20, slow: 50 },
      risk: { model: "volatility_target", target_vol: 0.15, lookback: 390, max_leverage: 1 },
      execution: { fill_price: "close", fees_bps: 1 },
    },
  },
  {
    // Cent prices make exact SMA ties common: the exact grid means decide them (flat).
    name: "sma 3/6 short on cent prices, fixed 1, k_spread, open",
    seed: 7,
    rough: true,
    cents: true,
    request: {
      strategy_id: "sma_crossover",
      params: { fast: 3, slow: 6, allow_short: true },
      risk: { model: "fixed_fraction", fraction: 1 },
      execution: { fees_bps: 0.5, slippage: { model: "k_spread", k: 0.5 } },
    },
  },
];

/** Fingerprints of {@link FINGERPRINT_SCENARIOS}, recorded from the engine before tuning. */
export const EXPECTED_FINGERPRINTS: Readonly<Record<string, Fingerprint>> = {
  "sma 20/50 long, fixed 1, k_spread, open": {
    arrays: "c552d0c7bfc41707e2dcc9cab1ba33c12fd0d8f518d38cb5a1fb7de2518613ef",
    metrics: "1c82447b3acf06dd12aafdd1184f9af1c86d3a34f073a78bb1e798f870fdc457",
  },
  "sma 10/30 short, fixed 0.5, spread_pct, close, borrow": {
    arrays: "2c31a456d3fdee9b8ce20215f5858fcac50c6251dc1aeb052852ef7a515b181c",
    metrics: "3052e3437223315d653eb949de663e927efab8ea4f2423ad4e040bfc13c55067",
  },
  "sma 5/40 short, vol target, participation capped, vwap": {
    arrays: "9f50149d8d647ca748d0dda5860175c573c1e76fe8e3025e485bcb6dcf59399f",
    metrics: "c7c82fc3a349790a9aaf1bcf45cf3381028f19518fa5406276e84c058e6d9c87",
  },
  "sma 15/60 short, kelly, k_spread, vwap, no flatten": {
    arrays: "4c9411fbb4b3cd1123921d2f657fda4e4c59409fb3bf19066530448ee4a7b06c",
    metrics: "a14c60c48a222b5fb922213a93b77089f5327fb988b4d47d283f96a476397349",
  },
  "dual_sma 5/15 long, fixed 2 (cash-capped), participation, open": {
    arrays: "8415dafa9ef2b4abc68ffc5b4ba2f6f902390676e903040ba07902a71d8a0602",
    metrics: "e96a3cd333268920587273e1402ac907001b1196dfcb1da9df3b4bbef49c5dec",
  },
  "sma 20/50 long, vol target, no slippage, close": {
    arrays: "6d8e441cba758047b91497bd6b407f941ecb6e2603ae88e12abb5ec278c5e8d1",
    metrics: "bc77fdf64bd7db78ca4fc95fcfa8be7d72f22a39e19c84774fa3de3ab702dcda",
  },
  // Recorded with exact grid means (the running-sum means gave arrays d54454b4…, 26 fewer ties).
  "sma 3/6 short on cent prices, fixed 1, k_spread, open": {
    arrays: "7279a6fec9c546c339fd9d618f5e5b33db6330e086bf6faefa8ea251ca8f715e",
    metrics: "d355065a1410f1af994fadb3d082948c218761a7e1d66ebc485df6b492b2161d",
  },
};

/** {@link kernelsFingerprint} as recorded from the engine before tuning. */
export const EXPECTED_KERNELS_FINGERPRINT =
  "0217af4dafd426fa66e0c2b0f4376d032975f73324aa0a4e3e5a28bd4cb19bb4";

/** {@link simulationFingerprint} as recorded from the engine before tuning. */
export const EXPECTED_SIMULATION_FINGERPRINT =
  "588146d6bbb21c5ca0ded87dffd81d385547fcbb74eeb63932b4c12de61bd5f6";

/** The bars of scenario `s` (fresh arrays each call). */
export function scenarioBars(s: FingerprintScenario): Bars {
  const bars = randomBars(SCENARIO_BARS, s.seed);
  if (s.rough) roughen(bars);
  if (s.cents) {
    for (const col of [bars.open, bars.high, bars.low, bars.close, bars.vwap]) {
      for (let i = 0; i < col.length; i++) col[i] = Math.round(col[i] * 100) / 100;
    }
  }
  return bars;
}

/** The normalised run config of scenario `s`. */
export function scenarioConfig(s: FingerprintScenario): RunConfig {
  return parseRunConfig({ dataset_id: `fingerprint-${s.seed}`, ...s.request });
}

/**
 * Runs scenario `s` through `runBacktest` and fingerprints the output.
 * @param s the scenario
 * @param scratch arrays to reuse from earlier runs (the figures must not depend on it)
 */
export function runScenario(s: FingerprintScenario, scratch?: EngineScratch): Fingerprint {
  const bars = scenarioBars(s);
  const out = runBacktest(bars, scenarioConfig(s), SCENARIO_BARS_PER_YEAR, undefined, scratch);
  return fingerprint(out);
}

/**
 * Hashes every array and number of an engine output, bit for bit.
 * @param out the output of `runBacktest`
 * @returns sha256 hex digests of the arrays and of the sorted-key metrics JSON
 */
export function fingerprint(out: EngineOutput): Fingerprint {
  const h = createHash("sha256");
  hashArray(h, "signals", out.signals);
  hashArray(h, "weights", out.weights);
  hashSimulation(h, out.sim);
  const metrics = createHash("sha256").update(sortedJson(out.metrics)).digest("hex");
  return { arrays: h.digest("hex"), metrics };
}

/**
 * sha256 (hex) of every registered kernel the pipeline is built from, called directly on
 * bars with gaps (NaN and infinite closes), flat stretches and odd windows: each indicator,
 * the crossover signals and each sizing model.
 */
export function kernelsFingerprint(): string {
  const h = createHash("sha256");
  const bars = randomBars(3_000, 11);
  roughen(bars);
  for (const i of [500, 501, 1500]) bars.close[i] = NaN;
  bars.close[2200] = Infinity;
  bars.close[2600] = -1;
  const windows = [1, 2, 3, 5, 8, 9, 20, 50, 390];
  for (const name of ["sma", "ema", "rsi", "atr"]) {
    for (const window of windows) hashArray(h, name, computeIndicator(name, bars, { window }));
  }
  for (const field of ["open", "high", "low", "vwap"]) {
    hashArray(h, field, computeIndicator("sma", bars, { window: 7, field }));
  }
  for (const name of ["rolling_volatility", "returns_mean", "returns_std"]) {
    for (const window of windows.filter((w) => w >= 2)) {
      hashArray(h, name, computeIndicator(name, bars, { window }));
    }
  }
  hashArray(h, "returns_mean 1", computeIndicator("returns_mean", bars, { window: 1 }));
  const cache = createFeatureCache(bars);
  const risks: RiskConfig[] = [
    { model: "fixed_fraction", fraction: 0.7 },
    { model: "volatility_target", target_vol: 0.2, lookback: 9, max_leverage: 3 },
    { model: "kelly_fraction", fraction: 0.5, lookback: 20, max_leverage: 2 },
  ];
  for (const [fast, slow] of [[1, 2], [2, 3], [5, 20], [20, 50]]) {
    for (const allow_short of [false, true]) {
      const signal = computeSignals("sma_crossover", cache, { fast, slow, allow_short });
      hashArray(h, "signal", signal);
      for (const risk of risks) {
        hashArray(h, risk.model, targetWeights(signal, cache, risk, SCENARIO_BARS_PER_YEAR));
      }
    }
  }
  return h.digest("hex");
}

/**
 * sha256 (hex) of `simulate` and `computeMetrics` called directly over every fill price,
 * slippage model, short and auto-flatten setting, with borrow, on rough bars and jumpy
 * weights (NaN, above 1, negative, repeated), reusing the curve arrays on every other call.
 */
export function simulationFingerprint(): string {
  const h = createHash("sha256");
  const n = 2_000;
  const bars = randomBars(n, 12);
  roughen(bars);
  const rng = new Prng(13);
  const weights = new Float64Array(n);
  let w = 0;
  for (let i = 0; i < n; i++) {
    if (rng.next() < 0.05) {
      const u = rng.next();
      w = u < 0.1 ? NaN : u < 0.2 ? 1.5 : Math.round((rng.next() * 2.4 - 1.2) * 4) / 4;
    }
    weights[i] = w;
  }
  const models: SlippageModel[] = [
    { model: "none" },
    { model: "k_spread", k: 0.5 },
    { model: "spread_pct", pct: 0.05 },
    { model: "participation_rate", coefficient: 0.2 },
    { model: "participation_rate", coefficient: 0.1, max_participation: 0.05 },
  ];
  const opts = { initialCash: 100_000, barsPerYear: SCENARIO_BARS_PER_YEAR };
  let reuse: SimulationResult | undefined;
  let k = 0;
  for (const fillPrice of ["open", "close", "vwap"] as const) {
    for (const slippage of models) {
      for (const allowShort of [false, true]) {
        for (const autoFlatten of [false, true]) {
          const cfg: ExecutionConfig = {
            fill_price: fillPrice,
            fees_bps: 2,
            slippage,
            borrow_bps: 300,
            auto_flatten: autoFlatten,
            allow_short: allowShort,
          };
          const curve = k++ % 2 === 1 ? reuse?.curve : undefined;
          const sim = simulate(bars, weights, cfg, curve ? { ...opts, curve } : opts);
          reuse = sim;
          hashSimulation(h, sim);
          h.update(sortedJson(computeMetrics(bars, sim, opts)));
        }
      }
    }
  }
  return h.digest("hex");
}

function hashArray(h: Hash, name: string, a: ArrayBufferView & { length: number }): void {
  h.update(`${name}:${a.length};`);
  h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

function hashSimulation(h: Hash, sim: SimulationResult): void {
  hashArray(h, "equity", sim.curve.equity);
  hashArray(h, "cash", sim.curve.cash);
  hashArray(h, "position", sim.curve.position);
  hashArray(h, "drawdown", sim.curve.drawdown);
  const f = sim.fills;
  h.update(`fills:${f.length};`);
  hashArray(h, "fills.bar", f.bar);
  hashArray(h, "fills.signalBar", f.signalBar);
  hashArray(h, "fills.qty", f.qty);
  hashArray(h, "fills.refPrice", f.refPrice);
  hashArray(h, "fills.price", f.price);
  hashArray(h, "fills.slippage", f.slippage);
  hashArray(h, "fills.fee", f.fee);
  const t = sim.trades;
  h.update(`trades:${t.length};`);
  hashArray(h, "trades.entryBar", t.entryBar);
  hashArray(h, "trades.exitBar", t.exitBar);
  hashArray(h, "trades.side", t.side);
  hashArray(h, "trades.qty", t.qty);
  hashArray(h, "trades.entryPrice", t.entryPrice);
  hashArray(h, "trades.exitPrice", t.exitPrice);
  hashArray(h, "trades.pnl", t.pnl);
  hashArray(h, "trades.returnPct", t.returnPct);
  hashArray(h, "totals", new Float64Array([sim.feesPaid, sim.slippagePaid, sim.borrowPaid]));
  h.update(JSON.stringify(Object.entries(sim.skipped)));
}

/** JSON of a flat record with its keys sorted (numbers print as their shortest exact form). */
function sortedJson(rec: object): string {
  const entries = Object.entries(rec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}

/**
 * Zero volume every 97th bar and on the last one, a NaN spread every 89th, and bars
 * 1,000–1,199 flat at the close of bar 999 (minutes without trades), so every skip path and
 * the flat rule are exercised.
 */
function roughen(bars: Bars): void {
  const n = bars.length;
  for (let i = 0; i < n; i++) {
    if (i % 97 === 96) bars.volume[i] = 0;
    if (i % 89 === 88) bars.spreadMean[i] = NaN;
  }
  bars.volume[n - 1] = 0;
  const flat = bars.close[999];
  for (let i = 1000; i < 1200 && i < n; i++) {
    bars.open[i] = flat;
    bars.high[i] = flat;
    bars.low[i] = flat;
    bars.close[i] = flat;
    bars.vwap[i] = flat;
  }
}
