/**
 * @module
 * The shape of a strategy: a zod parameter schema with defaults, the features it reads, and
 * `signals`, which turns those (already shifted) features into a direction per bar.
 */
import type { z } from "zod";
import type { FeatureCache, Signal } from "../types.ts";

/** A feature a strategy reads from the cache: indicator name and raw parameters. */
export interface FeatureRequest {
  name: string;
  params: Record<string, number>;
}

/** Parsed strategy parameters. */
export type StrategyParams = Readonly<Record<string, unknown>>;

/** A strategy as registered with `registerStrategy`. */
export interface StrategyDefinition<P extends StrategyParams = StrategyParams> {
  /** Registry id, snake_case (e.g. `sma_crossover`). */
  readonly id: string;
  /** One line for listings and the UI. */
  readonly description: string;
  /** zod schema of the parameters, with a default for every field (so `{}` is valid). */
  readonly params: z.ZodType<P>;
  /** Further valid raw parameter sets; the look-ahead test runs each, besides the defaults. */
  readonly examples: readonly Readonly<Record<string, unknown>>[];
  /** The features `signals` reads, for pre-computation and previews. */
  features(params: P): FeatureRequest[];
  /**
   * Direction per bar (+1, 0, −1), `bars.length` long. `signal[t]` may read only the cache's
   * series at indices ≤ t (they are shifted, so they know bars < t) and bar fields of bars < t.
   * Writes every index of `out` (of `bars.length`, old contents ignored) and returns it when
   * given, else returns a new array.
   */
  signals(cache: FeatureCache, params: P, out?: Signal): Signal;
}
