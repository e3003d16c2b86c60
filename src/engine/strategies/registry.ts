/**
 * @module
 * The strategy registry. Adding a strategy is one file exporting a {@link StrategyDefinition}
 * plus one line in {@link BUILTIN_STRATEGIES}; the look-ahead test covers it automatically.
 */
import type { FeatureCache, Signal } from "../types.ts";
import { ValidationError } from "../../domain/errors.ts";
import { parseParams } from "../indicators/params.ts";
import { namedRegistry, paramsJsonSchema } from "../named_registry.ts";
import type { FeatureRequest, StrategyDefinition, StrategyParams } from "./definition.ts";
import { assertSignal } from "./check_signal.ts";
import { dualSma } from "./dual_sma.ts";
import { smaCrossover } from "./sma_crossover.ts";

/** The strategies every registry starts with. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = [
  smaCrossover,
  dualSma,
];

/** A strategy as listed for clients (`GET /strategies`, the UI). */
export interface StrategyInfo {
  id: string;
  description: string;
  /** JSON Schema (draft 2020-12) of the raw parameters; every field has a default. */
  params: Record<string, unknown>;
  /** The parameters `{}` parses to. */
  defaults: StrategyParams;
}

const registry = namedRegistry<StrategyDefinition>("strategy", "id", (d) => d.id);

/**
 * Adds a strategy to the registry.
 *
 * @throws {HewstonError} `STRATEGY_INVALID` for an id that is not snake_case or is taken
 */
export function registerStrategy<P extends StrategyParams>(def: StrategyDefinition<P>): void {
  registry.register(def as unknown as StrategyDefinition);
}

/**
 * Looks a strategy up by id.
 *
 * @throws {NotFoundError} `STRATEGY_NOT_FOUND`
 */
export function getStrategy(id: string): StrategyDefinition {
  return registry.get(id);
}

/**
 * Validates raw parameters of strategy `id`; `undefined`/`null` mean `{}` (all defaults).
 *
 * @returns the parameters with defaults filled in
 * @throws {NotFoundError} `STRATEGY_NOT_FOUND`
 * @throws {ValidationError} e.g. `sma_crossover params: fast (50) must be less than slow (20)`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseStrategyParams("dual_sma", { fast: 5, slow: 15 }), {
 *   fast: 5,
 *   slow: 15,
 *   allow_short: false,
 * });
 * ```
 */
export function parseStrategyParams(id: string, raw: unknown): StrategyParams {
  return parseParams(getStrategy(id).params, raw ?? {}, `${id} params`);
}

/** Every registered strategy, sorted by id, with the JSON Schema of its parameters. */
export function listStrategies(): StrategyInfo[] {
  return registry.sorted().map((def) => ({
    id: def.id,
    description: def.description,
    params: paramsJsonSchema(def.params),
    defaults: def.params.parse({}),
  }));
}

/**
 * The features strategy `id` reads with raw parameters `raw`.
 *
 * @throws {NotFoundError} `STRATEGY_NOT_FOUND`
 * @throws {ValidationError} for bad parameters
 */
export function strategyFeatures(id: string, raw: unknown): FeatureRequest[] {
  return getStrategy(id).features(parseStrategyParams(id, raw));
}

/**
 * Runs strategy `id` on the cache's bars: validates `raw`, computes the signal and checks it
 * (length = bars, values in {−1, 0, +1}).
 *
 * @param id strategy id
 * @param cache shifted features of the bars
 * @param raw raw parameters
 * @param out optional array of the bars' length to write the signal into (old contents are
 *   overwritten), for callers that run many times
 * @returns the signal: `out` when given, else a new array
 * @throws {NotFoundError} `STRATEGY_NOT_FOUND`
 * @throws {ValidationError} for bad parameters, too few bars for its features, or an `out`
 *   of another length
 * @throws {HewstonError} `STRATEGY_INVALID` when the strategy breaks the signal contract
 */
export function computeSignals(
  id: string,
  cache: FeatureCache,
  raw: unknown,
  out?: Signal,
): Signal {
  const def = getStrategy(id);
  const n = cache.bars.length;
  if (out !== undefined && out.length !== n) {
    throw new ValidationError(`${id}: signal array has ${out.length} rows for ${n} bars`);
  }
  const signal = def.signals(cache, parseStrategyParams(id, raw), out);
  assertSignal(id, signal, n);
  return signal;
}

for (const def of BUILTIN_STRATEGIES) registerStrategy(def);
