/**
 * @module
 * The shape of an indicator: its parameter schema, an unshifted `compute` over the bars and
 * the length of its warm-up. The registry (`./registry.ts`) applies the one-bar shift, so a
 * definition never deals with it.
 */
import type { z } from "zod";
import type { Bars } from "../../domain/bars.ts";

/** Parameter values an indicator accepts (after parsing). */
export type IndicatorParams = Readonly<Record<string, number | string | boolean>>;

/** Bar columns a price-based indicator may read. */
export const PRICE_FIELDS = ["close", "open", "high", "low", "vwap"] as const;

/** One of {@link PRICE_FIELDS}. */
export type PriceField = typeof PRICE_FIELDS[number];

/** An indicator as registered with `registerIndicator`. */
export interface IndicatorDefinition<P extends IndicatorParams = IndicatorParams> {
  /** Registry name, snake_case (e.g. `sma`). */
  readonly name: string;
  /** One line for listings and the UI. */
  readonly description: string;
  /** zod schema of the parameters (strict object; defaults allowed). */
  readonly params: z.ZodType<P>;
  /** Valid raw parameter sets; the registry-wide tests (look-ahead, warm-up) run each one. */
  readonly examples: readonly Readonly<Record<string, unknown>>[];
  /**
   * The UNshifted series: the value at `t` uses bars `0..t` only. NaN where undefined.
   * Writes every index of `out` (an array of `bars.length` whose old contents are ignored)
   * and returns it, or returns a new array when `out` is omitted; either way the caller owns
   * the result (the registry shifts it in place).
   */
  compute(bars: Bars, params: P, out?: Float64Array): Float64Array;
  /**
   * Optional: computes several parameter sets at once into `outs` (one array of
   * `bars.length` per set, every index written), with the same bits as one `compute` each.
   * Worth having when a joint pass is faster (e.g. several moving averages of one column).
   */
  computeMany?(bars: Bars, params: readonly P[], outs: readonly Float64Array[]): void;
  /** How many leading values of the unshifted series are NaN on finite input (≥ 0). */
  warmup(params: P): number;
}

/** Reads the price column `field` of `bars`. */
export function priceColumn(bars: Bars, field: PriceField): Float64Array {
  switch (field) {
    case "close":
      return bars.close;
    case "open":
      return bars.open;
    case "high":
      return bars.high;
    case "low":
      return bars.low;
    case "vwap":
      return bars.vwap;
  }
}
