/**
 * @module
 * The indicator registry. {@link computeIndicator} is the only way the engine gets a series,
 * and it applies the one-bar shift itself: the value computed from bars `0..t` is stored at
 * `t + 1`, index 0 is NaN, so `series[t]` only knows bars before `t` and no caller can forget
 * the shift. Adding an indicator is one file plus one line in {@link BUILTIN_INDICATORS}.
 */
import { z } from "zod";
import type { Bars } from "../../market/bars.ts";
import type { Series } from "../types.ts";
import { HewstonError, NotFoundError, ValidationError } from "../../domain/errors.ts";
import type { IndicatorDefinition, IndicatorParams } from "./definition.ts";
import { parseParams } from "./params.ts";
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

const NAME = /^[a-z][a-z0-9_]*$/;
const registry = new Map<string, IndicatorDefinition>();

/**
 * Adds an indicator to the registry.
 *
 * @param def the definition; `compute` returns the UNshifted series
 * @throws {HewstonError} `INDICATOR_INVALID` for a name that is not snake_case or is taken
 */
export function registerIndicator<P extends IndicatorParams>(def: IndicatorDefinition<P>): void {
  if (!NAME.test(def.name)) {
    throw new HewstonError("INDICATOR_INVALID", `indicator name "${def.name}" is not snake_case`, {
      status: 500,
    });
  }
  if (registry.has(def.name)) {
    throw new HewstonError("INDICATOR_INVALID", `indicator "${def.name}" is already registered`, {
      status: 500,
    });
  }
  registry.set(def.name, def as unknown as IndicatorDefinition);
}

/**
 * Looks an indicator up by name.
 *
 * @throws {NotFoundError} `INDICATOR_NOT_FOUND`
 */
export function getIndicator(name: string): IndicatorDefinition {
  const def = registry.get(name);
  if (def === undefined) {
    throw new NotFoundError(
      "INDICATOR_NOT_FOUND",
      `unknown indicator "${name}" (known: ${[...registry.keys()].sort().join(", ")})`,
    );
  }
  return def;
}

/** Every registered indicator, sorted by name, with the JSON Schema of its parameters. */
export function listIndicators(): IndicatorInfo[] {
  return [...registry.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((def) => ({
      name: def.name,
      description: def.description,
      params: z.toJSONSchema(def.params, { io: "input" }) as Record<string, unknown>,
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
 * @returns a new shifted series of `bars.length`
 * @throws {NotFoundError} `INDICATOR_NOT_FOUND`
 * @throws {ValidationError} for bad parameters, or fewer bars than one value needs
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barsFromCloses } from "./fixtures.ts";
 * const s = computeIndicator("sma", barsFromCloses([1, 2, 3, 4]), { window: 2 });
 * assert.deepEqual([...s], [NaN, NaN, 1.5, 2.5]);
 * ```
 */
export function computeIndicator(name: string, bars: Bars, params: unknown): Series {
  const def = getIndicator(name);
  const p = parseParams(def.params, params ?? {}, `${name} params`);
  const n = bars.length;
  const warmup = def.warmup(p);
  if (!(warmup < n)) {
    throw new ValidationError(
      `${def.name} ${JSON.stringify(p)} needs at least ${warmup + 1} bars, got ${n}`,
    );
  }
  const raw = def.compute(bars, p);
  if (raw.length !== n) {
    throw new HewstonError(
      "INDICATOR_INVALID",
      `indicator "${def.name}" returned ${raw.length} values for ${n} bars`,
      { status: 500 },
    );
  }
  // compute() hands over a fresh array, so the shift can reuse it.
  raw.copyWithin(1, 0, n - 1);
  raw[0] = NaN;
  return raw;
}

for (const def of BUILTIN_INDICATORS) registerIndicator(def);
