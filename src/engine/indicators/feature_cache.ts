/**
 * @module
 * The per-bar-set feature cache: each (indicator, parameters) pair is computed once, through
 * the registry (so every series is shifted), and shared by all strategies and risk models
 * that ask for it. Keys are canonical: parameters are parsed first (defaults filled in) and
 * sorted, so `{window: 5}` and `{field: "close", window: 5}` are the same series.
 */
import type { Bars } from "../../market/bars.ts";
import type { FeatureCache, Series } from "../types.ts";
import type { IndicatorParams } from "./definition.ts";
import { computeIndicator, parseIndicatorParams } from "./registry.ts";

/**
 * A {@link FeatureCache} that also accepts non-numeric parameters (e.g. `sma`'s `field`).
 * Returned series are shared: read them, never write to them.
 */
export interface IndicatorCache extends FeatureCache {
  /** Returns the shifted series of `name` with raw `params` (validated; computed once). */
  get(name: string, params: Readonly<Record<string, unknown>>): Series;
  /** Number of distinct series computed so far. */
  readonly size: number;
}

/**
 * Creates an empty feature cache over `bars`.
 *
 * @param bars the bar set every feature is computed on
 * @returns the cache; `get` throws what `computeIndicator` throws
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barsFromCloses } from "./fixtures.ts";
 * const cache = createFeatureCache(barsFromCloses([1, 2, 3]));
 * assert.equal(cache.get("sma", { window: 2 }), cache.get("sma", { field: "close", window: 2 }));
 * assert.equal(cache.size, 1);
 * ```
 */
export function createFeatureCache(bars: Bars): IndicatorCache {
  const series = new Map<string, Series>();
  return {
    bars,
    get(name: string, params: Readonly<Record<string, unknown>>): Series {
      const parsed = parseIndicatorParams(name, params);
      const key = cacheKey(name, parsed);
      let s = series.get(key);
      if (s === undefined) {
        s = computeIndicator(name, bars, parsed);
        series.set(key, s);
      }
      return s;
    },
    get size() {
      return series.size;
    },
  };
}

/** `name?k1=v1&k2=v2` with keys sorted and values in JSON (exact for every float). */
export function cacheKey(name: string, params: IndicatorParams): string {
  const keys = Object.keys(params).sort();
  return `${name}?${keys.map((k) => `${k}=${JSON.stringify(params[k])}`).join("&")}`;
}
