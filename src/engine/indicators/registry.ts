/**
 * @module
 * The indicator registry. {@link computeIndicator} is the only way the engine gets a series,
 * and it applies the one-bar shift itself: the value computed from bars `0..t` is stored at
 * `t + 1`, index 0 is NaN, so `series[t]` only knows bars before `t` and no caller can forget
 * the shift. Adding an indicator is one file plus one line in {@link BUILTIN_INDICATORS}.
 */
import type { Bars } from "../../domain/bars.ts";
import type { Series } from "../types.ts";
import { HewstonError, ValidationError } from "../../domain/errors.ts";
import type { IndicatorDefinition, IndicatorParams } from "./definition.ts";
import { parseParams } from "./params.ts";
import { namedRegistry, paramsJsonSchema } from "../named_registry.ts";
import { atr } from "./atr.ts";
import { ema } from "./ema.ts";
import { returnsMean } from "./returns_mean.ts";
import { returnsStd } from "./returns_std.ts";
import { rollingVolatility } from "./rolling_volatility.ts";
import { rsi } from "./rsi.ts";
import { sma } from "./sma.ts";

/** The indicators every registry starts with. */
export const BUILTIN_INDICATORS: readonly IndicatorDefinition[] = [
  sma,
  ema,
  rsi,
  atr,
  rollingVolatility,
  returnsMean,
  returnsStd,
];

/** An indicator as listed for clients (`GET /features`, the UI). */
export interface IndicatorInfo {
  name: string;
  description: string;
  /** JSON Schema (draft 2020-12) of the raw parameters; defaulted fields are optional. */
  params: Record<string, unknown>;
}

const registry = namedRegistry<IndicatorDefinition>("indicator", "name", (d) => d.name);

/**
 * Adds an indicator to the registry.
 *
 * @param def the definition; `compute` returns the UNshifted series
 * @throws {HewstonError} `INDICATOR_INVALID` for a name that is not snake_case or is taken
 */
export function registerIndicator<P extends IndicatorParams>(def: IndicatorDefinition<P>): void {
  registry.register(def as unknown as IndicatorDefinition);
}

/**
 * Looks an indicator up by name.
 *
 * @throws {NotFoundError} `INDICATOR_NOT_FOUND`
 */
export function getIndicator(name: string): IndicatorDefinition {
  return registry.get(name);
}

/** Every registered indicator, sorted by name, with the JSON Schema of its parameters. */
export function listIndicators(): IndicatorInfo[] {
  return registry.sorted().map((def) => ({
    name: def.name,
    description: def.description,
    params: paramsJsonSchema(def.params),
  }));
}

/**
 * Validates raw parameters of indicator `name` (defaults applied).
 *
 * @throws {NotFoundError} `INDICATOR_NOT_FOUND`
 * @throws {ValidationError} naming each bad field
 */
export function parseIndicatorParams(name: string, raw: unknown): IndicatorParams {
  return parseParams(getIndicator(name).params, raw ?? {}, `${name} params`);
}

/**
 * Computes indicator `name` on `bars` and shifts it one bar: `series[t + 1]` is the value
 * computed from bars `0..t`, `series[0]` is NaN. The first non-NaN index on finite input is
 * `warmup(params) + 1`.
 *
 * @param name registered indicator name
 * @param bars the bar set
 * @param params raw parameters, validated here
 * @param out optional array of `bars.length` to write the series into (its old contents are
 *   overwritten), for callers that compute the same series many times
 * @returns the shifted series of `bars.length`: `out` when given, else a new array
 * @throws {NotFoundError} `INDICATOR_NOT_FOUND`
 * @throws {ValidationError} for bad parameters, fewer bars than one value needs, or an `out`
 *   of another length
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barsFromCloses } from "../testing/bar_fixtures.ts";
 * const s = computeIndicator("sma", barsFromCloses([1, 2, 3, 4]), { window: 2 });
 * assert.deepEqual([...s], [NaN, NaN, 1.5, 2.5]);
 * ```
 */
export function computeIndicator(
  name: string,
  bars: Bars,
  params: unknown,
  out?: Float64Array,
): Series {
  const def = getIndicator(name);
  const p = parseParams(def.params, params ?? {}, `${name} params`);
  return computeShifted(def, bars, p, prepare(def, bars, p, out));
}

/**
 * {@link computeIndicator} for parameters that `parseIndicatorParams(name, …)` returned
 * (they are not parsed again).
 */
export function computeParsedIndicator(
  name: string,
  bars: Bars,
  params: IndicatorParams,
  out?: Float64Array,
): Series {
  const def = getIndicator(name);
  return computeShifted(def, bars, params, prepare(def, bars, params, out));
}

function computeShifted(
  def: IndicatorDefinition,
  bars: Bars,
  p: IndicatorParams,
  series: Float64Array,
): Series {
  // The shift, without a copy: an indicator's value at t depends on bars 0..t only (the
  // timeline rule), so computing it on bars 0..n−2 straight into series[1..n−1] gives every
  // shifted value; series[0] has no bar before it.
  const n = bars.length;
  const tail = series.subarray(1);
  const raw = def.compute(headBars(bars, n - 1), p, tail);
  if (raw.length !== n - 1) {
    throw new HewstonError(
      "INDICATOR_INVALID",
      `indicator "${def.name}" returned ${raw.length} values for ${n - 1} bars`,
      { status: 500 },
    );
  }
  // An indicator that ignores `out` hands over an array of its own.
  if (raw !== tail) tail.set(raw);
  series[0] = NaN;
  return series;
}

/**
 * {@link computeIndicator} for several parameter sets of one indicator: the same series,
 * computed in one joint pass when the indicator has `computeMany` (e.g. two SMAs of the
 * close together).
 *
 * @param name registered indicator name
 * @param bars the bar set
 * @param params raw parameter sets, each validated here
 * @param outs optional arrays to write into, one per set (or undefined for a new one)
 * @returns the shifted series, one per parameter set
 * @throws what {@link computeIndicator} throws, before anything is computed
 */
export function computeIndicators(
  name: string,
  bars: Bars,
  params: readonly unknown[],
  outs: readonly (Float64Array | undefined)[] = [],
): Series[] {
  const def = getIndicator(name);
  const parsed = params.map((raw) => parseParams(def.params, raw ?? {}, `${name} params`));
  return computeParsedIndicators(name, bars, parsed, outs);
}

/**
 * {@link computeIndicators} for parameter sets that `parseIndicatorParams(name, …)` returned
 * (they are not parsed again).
 */
export function computeParsedIndicators(
  name: string,
  bars: Bars,
  params: readonly IndicatorParams[],
  outs: readonly (Float64Array | undefined)[] = [],
): Series[] {
  const def = getIndicator(name);
  const all = params.map((p, i) => prepare(def, bars, p, outs[i]));
  if (def.computeMany === undefined || params.length < 2) {
    return all.map((series, i) => computeShifted(def, bars, params[i], series));
  }
  def.computeMany(
    headBars(bars, bars.length - 1),
    params,
    all.map((series) => series.subarray(1)),
  );
  for (const series of all) series[0] = NaN;
  return all;
}

/** Checks one parsed request against the bars and gives the array to fill. */
function prepare(
  def: IndicatorDefinition,
  bars: Bars,
  p: IndicatorParams,
  out: Float64Array | undefined,
): Float64Array {
  const n = bars.length;
  if (out !== undefined && out.length !== n) {
    throw new ValidationError(`${def.name}: output array has ${out.length} rows for ${n} bars`);
  }
  const warmup = def.warmup(p);
  if (!(warmup < n)) {
    throw new ValidationError(
      `${def.name} ${JSON.stringify(p)} needs at least ${warmup + 1} bars, got ${n}`,
    );
  }
  return out ?? new Float64Array(n);
}

/** The first `length` bars of `bars`, as views (no copy). */
function headBars(bars: Bars, length: number): Bars {
  return {
    length,
    ts: bars.ts.subarray(0, length),
    open: bars.open.subarray(0, length),
    high: bars.high.subarray(0, length),
    low: bars.low.subarray(0, length),
    close: bars.close.subarray(0, length),
    volume: bars.volume.subarray(0, length),
    vwap: bars.vwap.subarray(0, length),
    tradeCount: bars.tradeCount.subarray(0, length),
    bidMean: bars.bidMean.subarray(0, length),
    askMean: bars.askMean.subarray(0, length),
    spreadMean: bars.spreadMean.subarray(0, length),
  };
}

for (const def of BUILTIN_INDICATORS) registerIndicator(def);
