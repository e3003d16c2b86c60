/**
 * @module
 * Up-front validation of the simulator's inputs, so the hot loop can trust its numbers.
 * Every failure is a one-line {@link ValidationError} naming the field.
 */

import type { Bars } from "../../domain/bars.ts";
import type { ExecutionConfig } from "../types.ts";
import type { SimulationOptions } from "./simulation_options.ts";
import { ValidationError } from "../../domain/errors.ts";

const FILL_PRICES = new Set(["open", "close", "vwap"]);

/**
 * Throws when the inputs of `simulate()` are unusable.
 * @throws {ValidationError} naming the offending field
 */
export function checkInputs(
  bars: Bars,
  weights: Float64Array,
  cfg: ExecutionConfig,
  opts: SimulationOptions,
): void {
  if (weights.length !== bars.length) {
    throw new ValidationError(
      `weights has ${weights.length} rows but bars has ${bars.length}; they must be aligned`,
    );
  }
  positive("initialCash", opts.initialCash);
  if (opts.curve) {
    for (const key of ["equity", "cash", "position", "drawdown"] as const) {
      if (opts.curve[key].length !== bars.length) {
        throw new ValidationError(
          `curve.${key} has ${opts.curve[key].length} rows but bars has ${bars.length}`,
        );
      }
    }
  }
  positive("barsPerYear", opts.barsPerYear);
  if (opts.stats !== undefined) {
    if (opts.stats.count !== 0) {
      throw new ValidationError("stats has bars already; pass a new CurveStats per simulation");
    }
    if (opts.stats.startingCash !== opts.initialCash) {
      throw new ValidationError(
        `stats starts from ${opts.stats.startingCash} but initialCash is ${opts.initialCash}`,
      );
    }
  }
  if (!FILL_PRICES.has(cfg.fill_price)) {
    throw new ValidationError(`fillPrice must be open, close or vwap, got ${cfg.fill_price}`);
  }
  nonNegative("feesBps", cfg.fees_bps);
  if (cfg.fees_bps >= 1e4) {
    throw new ValidationError(`feesBps must be below 10000, got ${cfg.fees_bps}`);
  }
  nonNegative("borrowBps", cfg.borrow_bps);
  const s = cfg.slippage;
  switch (s.model) {
    case "none":
      break;
    case "k_spread":
      nonNegative("slippage.k", s.k);
      break;
    case "spread_pct":
      nonNegative("slippage.pct", s.pct);
      break;
    case "participation_rate":
      nonNegative("slippage.coefficient", s.coefficient);
      if (s.max_participation !== undefined) {
        const m = s.max_participation;
        if (!(m > 0 && m <= 1)) {
          throw new ValidationError(`slippage.max_participation must be in (0, 1], got ${m}`);
        }
      }
      break;
    default:
      throw new ValidationError(
        `unknown slippage model ${(s as { model: unknown }).model}`,
      );
  }
}

function positive(name: string, v: number): void {
  if (!(v > 0 && v < Infinity)) {
    throw new ValidationError(`${name} must be a finite number above 0, got ${v}`);
  }
}

function nonNegative(name: string, v: number): void {
  if (!(v >= 0 && v < Infinity)) {
    throw new ValidationError(`${name} must be a finite number ≥ 0, got ${v}`);
  }
}
