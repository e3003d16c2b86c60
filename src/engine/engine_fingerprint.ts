/**
 * @module
 * Canonical engine workloads and their fingerprints: fixed seeded scenarios run through
 * `runBacktest`, hashed bit for bit. The fingerprint test pins the hashes recorded from the
 * engine before any optimisation, and the engine benchmark checks one before it times
 * anything, so a fast but wrong engine cannot report a figure.
 */
import { createHash } from "node:crypto";
import type { Bars } from "../market/bars.ts";
import { randomBars } from "./indicators/fixtures.ts";
import { parseRunConfig, type RunConfig } from "./run_config.ts";
import { type EngineOutput, runBacktest } from "./run_backtest.ts";

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
};

/** The bars of scenario `s` (fresh arrays each call). */
export function scenarioBars(s: FingerprintScenario): Bars {
  const bars = randomBars(SCENARIO_BARS, s.seed);
  if (s.rough) roughen(bars);
  return bars;
}

/** The normalised run config of scenario `s`. */
export function scenarioConfig(s: FingerprintScenario): RunConfig {
  return parseRunConfig({ dataset_id: `fingerprint-${s.seed}`, ...s.request });
}

/** Runs scenario `s` through `runBacktest` and fingerprints the output. */
export function runScenario(s: FingerprintScenario): Fingerprint {
  const out = runBacktest(scenarioBars(s), scenarioConfig(s), SCENARIO_BARS_PER_YEAR);
  return fingerprint(out);
}

/**
 * Hashes every array and number of an engine output, bit for bit.
 * @param out the output of `runBacktest`
 * @returns sha256 hex digests of the arrays and of the sorted-key metrics JSON
 */
export function fingerprint(out: EngineOutput): Fingerprint {
  const h = createHash("sha256");
  const add = (name: string, a: ArrayBufferView & { length: number }) => {
    h.update(`${name}:${a.length};`);
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  };
  const { sim } = out;
  add("signals", out.signals);
  add("weights", out.weights);
  add("equity", sim.curve.equity);
  add("cash", sim.curve.cash);
  add("position", sim.curve.position);
  add("drawdown", sim.curve.drawdown);
  const f = sim.fills;
  h.update(`fills:${f.length};`);
  add("fills.bar", f.bar);
  add("fills.signalBar", f.signalBar);
  add("fills.qty", f.qty);
  add("fills.refPrice", f.refPrice);
  add("fills.price", f.price);
  add("fills.slippage", f.slippage);
  add("fills.fee", f.fee);
  const t = sim.trades;
  h.update(`trades:${t.length};`);
  add("trades.entryBar", t.entryBar);
  add("trades.exitBar", t.exitBar);
  add("trades.side", t.side);
  add("trades.qty", t.qty);
  add("trades.entryPrice", t.entryPrice);
  add("trades.exitPrice", t.exitPrice);
  add("trades.pnl", t.pnl);
  add("trades.returnPct", t.returnPct);
  add("totals", new Float64Array([sim.feesPaid, sim.slippagePaid, sim.borrowPaid]));
  h.update(JSON.stringify(Object.entries(sim.skipped)));
  const metrics = createHash("sha256").update(sortedJson(out.metrics)).digest("hex");
  return { arrays: h.digest("hex"), metrics };
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
