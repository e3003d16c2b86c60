/**
 * @module
 * Test helpers for the simulator: small bar sets from literal columns, a base config, a
 * seeded generator, and a tolerance assertion for hand-computed decimals.
 */

import assert from "node:assert/strict";
import { allocBars, type Bars } from "../../domain/bars.ts";
import type { ExecutionConfig, SlippageModel } from "../types.ts";

/** 2024-01-02T14:30:00Z, the first regular-session minute of 2024. */
export const T0 = 1_704_205_800_000;

/** Literal columns of a test bar set; missing ones default as documented on {@link makeBars}. */
export interface BarRows {
  open: number[];
  close: number[];
  vwap?: number[];
  volume?: number[];
  spread?: number[];
}

/**
 * Builds bars one minute apart from T0. high/low = max/min(open, close); vwap defaults to
 * close, volume to 1,000,000, spread to 0.
 */
export function makeBars(rows: BarRows): Bars {
  const n = rows.open.length;
  const bars = allocBars(n);
  for (let i = 0; i < n; i++) {
    bars.ts[i] = T0 + i * 60_000;
    bars.open[i] = rows.open[i];
    bars.close[i] = rows.close[i];
    bars.high[i] = Math.max(rows.open[i], rows.close[i]);
    bars.low[i] = Math.min(rows.open[i], rows.close[i]);
    bars.vwap[i] = rows.vwap?.[i] ?? rows.close[i];
    bars.volume[i] = rows.volume?.[i] ?? 1_000_000;
    bars.spreadMean[i] = rows.spread?.[i] ?? 0;
  }
  return bars;
}

/** A cost-free config: open fills, no fees, no slippage, no borrow, long only. */
export function baseConfig(patch: Partial<ExecutionConfig> = {}): ExecutionConfig {
  return {
    fill_price: "open",
    fees_bps: 0,
    slippage: { model: "none" },
    borrow_bps: 0,
    auto_flatten: false,
    allow_short: false,
    ...patch,
  };
}

/** Asserts |actual − expected| ≤ tol (hand-computed decimals are not exact in binary). */
export function near(actual: number, expected: number, tol = 1e-9, label = ""): void {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${label} expected ${expected}, got ${actual} (tolerance ${tol})`,
  );
}

/** Asserts each element of `actual` is within `tol` of `expected`. */
export function nearAll(actual: ArrayLike<number>, expected: number[], tol = 1e-9): void {
  assert.equal(actual.length, expected.length, "length");
  for (let i = 0; i < expected.length; i++) near(actual[i], expected[i], tol, `[${i}]`);
}

/** mulberry32: a seeded uniform generator on [0, 1). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of each slippage model (participation capped and not). */
export const SLIPPAGE_MODELS: SlippageModel[] = [
  { model: "none" },
  { model: "k_spread", k: 0.5 },
  { model: "spread_pct", pct: 0.05 },
  { model: "participation_rate", coefficient: 0.2 },
  { model: "participation_rate", coefficient: 0.1, max_participation: 0.05 },
];

/** Every fill price × slippage model × short × auto-flatten, with fees and borrow. */
export function executionConfigs(): ExecutionConfig[] {
  const out: ExecutionConfig[] = [];
  for (const fillPrice of ["open", "close", "vwap"] as const) {
    for (const slippage of SLIPPAGE_MODELS) {
      for (const allowShort of [false, true]) {
        for (const autoFlatten of [false, true]) {
          out.push(
            baseConfig({
              fill_price: fillPrice,
              slippage,
              allow_short: allowShort,
              auto_flatten: autoFlatten,
              fees_bps: 2,
              borrow_bps: 300,
            }),
          );
        }
      }
    }
  }
  return out;
}
