/**
 * @module
 * Contracts between the engine's stages. The engine is pure: bars and configs in, typed
 * arrays out; no I/O, no clock, no global randomness.
 *
 * Timeline (the no-look-ahead rule, enforced in layers):
 *  - an indicator value computed from bars 0..t is stored at index t+1 (the registry shifts
 *    every indicator by one bar), so `feature[t]` only knows bars < t;
 *  - a strategy's `signal[t]` may read features at indices ≤ t and bar fields of bars < t;
 *  - sizing turns `signal[t]` into a target weight `weight[t]` with the same rule;
 *  - the execution simulator decides at the end of bar t and fills at bar t+1 (open by
 *    default), so an order never trades on the bar that produced it.
 */
import type { Bars } from "../domain/bars.ts";

/** Target direction per bar: +1 long, 0 flat, -1 short. */
export type Signal = Int8Array;

/** A computed indicator series, aligned to bars, already shifted (NaN while warming up). */
export type Series = Float64Array;

/** Memoises indicator series per (name, params) for one bar set; shared across strategies. */
export interface FeatureCache {
  /** The bars the features are computed on. */
  readonly bars: Bars;
  /** Returns the shifted series of indicator `name` with `params` (computed once). */
  get(name: string, params: Record<string, number>): Series;
}

/** Fill price model for T+1 execution. */
export type FillPrice = "open" | "close" | "vwap";

/** Slippage models; all produce a per-unit price concession (adverse to the trader). */
export type SlippageModel =
  | { model: "none" }
  | { model: "k_spread"; k: number } // k × bar spread_mean (the Hewston model)
  | { model: "spread_pct"; pct: number } // pct % of the fill price (half applied per side? see docs/engine.md)
  | { model: "participation_rate"; coefficient: number; max_participation?: number };

/** Execution and cost settings. */
export interface ExecutionConfig {
  fill_price: FillPrice;
  fees_bps: number;
  slippage: SlippageModel;
  /** Annual borrow cost on short notional, in bps per year, accrued per bar. */
  borrow_bps: number;
  /** Close any open position on the last bar. */
  auto_flatten: boolean;
  /** Allow short positions (otherwise -1 signals mean flat). */
  allow_short: boolean;
}

/** Risk sizing settings: how a signal becomes a target weight of equity. */
export type RiskConfig =
  | { model: "fixed_fraction"; fraction: number }
  | {
    model: "volatility_target";
    target_vol: number; // annualised, e.g. 0.15
    lookback: number; // bars
    max_leverage: number;
  }
  | {
    model: "kelly_fraction";
    fraction: number; // e.g. 0.5 = half Kelly
    lookback: number;
    max_leverage: number;
  };

/** Columnar fills produced by the simulator (one row per fill). */
export interface Fills {
  length: number;
  /** Bar index of the fill. */
  bar: Int32Array;
  /** Bar index whose signal caused the order. */
  signalBar: Int32Array;
  /** Signed quantity (+ buy, - sell). */
  qty: Float64Array;
  /** Reference price before slippage (the bar's open/close/vwap). */
  refPrice: Float64Array;
  /** Executed price including slippage. */
  price: Float64Array;
  /** Slippage cost in cash (≥ 0). */
  slippage: Float64Array;
  /** Fee in cash (≥ 0). */
  fee: Float64Array;
}

/** Per-bar account state after the simulator (all aligned to bars). */
export interface EquityCurve {
  equity: Float64Array;
  cash: Float64Array;
  position: Float64Array;
  /** Drawdown from the running peak, ≤ 0 (e.g. -0.12 = 12% below peak). */
  drawdown: Float64Array;
}

/** Round-trip trades (entry to exit of one position), columnar. */
export interface Trades {
  length: number;
  entryBar: Int32Array;
  exitBar: Int32Array;
  /** +1 long, -1 short. */
  side: Int8Array;
  qty: Float64Array;
  entryPrice: Float64Array;
  exitPrice: Float64Array;
  /** Net PnL including fees, slippage (already in prices) and borrow. */
  pnl: Float64Array;
  /** pnl / entry notional. */
  returnPct: Float64Array;
}

/** Result of the execution simulator. */
export interface SimulationResult {
  curve: EquityCurve;
  fills: Fills;
  trades: Trades;
  /** Orders that could not be filled as asked (e.g. zero-volume bar, cash short), by reason. */
  skipped: Record<string, number>;
  feesPaid: number;
  slippagePaid: number;
  borrowPaid: number;
}
