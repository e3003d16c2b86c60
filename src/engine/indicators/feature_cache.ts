/**
 * @module
 * The per-bar-set feature cache: each (indicator, parameters) pair is computed once, through
 * the registry (so every series is shifted), and shared by all strategies and risk models
 * that ask for it. Keys are canonical: parameters are parsed first (defaults filled in) and
 * sorted, so `{window: 5}` and `{field: "close", window: 5}` are the same series.
 *
 * For repeated runs: `getMany` computes the missing series of one indicator in a joint pass
 * where it has one, an allocator lets the series live in recycled arrays, and parses of
 * plain parameter objects are remembered process-wide.
 */
import type { Bars } from "../../domain/bars.ts";
import type { FeatureCache, Series } from "../types.ts";
import type { IndicatorParams } from "./definition.ts";
import {
  computeParsedIndicator,
  computeParsedIndicators,
  parseIndicatorParams,
} from "./registry.ts";

/**
 * A {@link FeatureCache} that also accepts non-numeric parameters (e.g. `sma`'s `field`).
 * Returned series are shared: read them, never write to them.
 */
export interface IndicatorCache extends FeatureCache {
  /** Returns the shifted series of `name` with raw `params` (validated; computed once). */
  get(name: string, params: Readonly<Record<string, unknown>>): Series;
  /**
   * `get` for several features at once; series not cached yet are computed together per
   * indicator (`computeIndicators`), which is faster for some (several SMAs of a column).
   */
  getMany(
    requests: readonly { name: string; params: Readonly<Record<string, unknown>> }[],
  ): Series[];
  /** Number of distinct series computed so far. */
  readonly size: number;
}

/**
 * Hands out the array (of `length` values) a new series is computed into. Callers that run
 * the engine many times pass one that recycles arrays from an earlier run, so no memory is
 * allocated (or faulted in) per run; the arrays' old contents never matter.
 */
export type SeriesAllocator = (length: number) => Float64Array;

/**
 * Creates an empty feature cache over `bars`.
 *
 * @param bars the bar set every feature is computed on
 * @param alloc where computed series are stored (default: a new array per series); a series
 *   lives in what `alloc` returned until its owner reuses that array
 * @returns the cache; `get` throws what `computeIndicator` throws
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barsFromCloses } from "../testing/bar_fixtures.ts";
 * const cache = createFeatureCache(barsFromCloses([1, 2, 3]));
 * assert.equal(cache.get("sma", { window: 2 }), cache.get("sma", { field: "close", window: 2 }));
 * assert.equal(cache.size, 1);
 * ```
 */
export function createFeatureCache(bars: Bars, alloc?: SeriesAllocator): IndicatorCache {
  const series = new Map<string, Series>();
  const get = (name: string, params: Readonly<Record<string, unknown>>): Series => {
    const { parsed, key } = resolve(name, params);
    let s = series.get(key);
    if (s === undefined) {
      s = computeParsedIndicator(name, bars, parsed, alloc?.(bars.length));
      series.set(key, s);
    }
    return s;
  };
  return {
    bars,
    get,
    getMany(requests) {
      // Missing series, grouped by indicator (in order of first request, deduplicated).
      const missing = new Map<string, Map<string, IndicatorParams>>();
      for (const { name, params } of requests) {
        const { parsed, key } = resolve(name, params);
        if (series.has(key)) continue;
        let group = missing.get(name);
        if (group === undefined) missing.set(name, group = new Map());
        group.set(key, parsed);
      }
      for (const [name, group] of missing) {
        const keys = [...group.keys()];
        const outs = keys.map(() => alloc?.(bars.length));
        const computed = computeParsedIndicators(name, bars, [...group.values()], outs);
        keys.forEach((key, i) => series.set(key, computed[i]));
      }
      return requests.map((r) => get(r.name, r.params));
    },
    get size() {
      return series.size;
    },
  };
}

/** Parsed parameters and cache key of a raw request. */
interface Resolved {
  parsed: IndicatorParams;
  key: string;
}

/**
 * Parsing with zod costs microseconds, and a backtest asks for the same few features again
 * and again (the strategy, sizing, each run of a sweep), so successful parses of plain
 * parameter objects are remembered by their exact contents (process-wide: an indicator's
 * schema never changes once registered). Failures are never remembered.
 */
const RESOLVED = new Map<string, Resolved>();
const RESOLVED_MAX = 4096;

function resolve(name: string, params: Readonly<Record<string, unknown>>): Resolved {
  const raw = rawKey(name, params);
  if (raw !== undefined) {
    const hit = RESOLVED.get(raw);
    if (hit !== undefined) return hit;
  }
  const parsed = Object.freeze(parseIndicatorParams(name, params));
  const resolved = { parsed, key: cacheKey(name, parsed) };
  if (raw !== undefined) {
    if (RESOLVED.size >= RESOLVED_MAX) RESOLVED.clear();
    RESOLVED.set(raw, resolved);
  }
  return resolved;
}

/**
 * A string that determines what parsing `params` gives: the name and each own key with its
 * type and exact value. Undefined (do not remember) for anything but a plain object of
 * numbers, strings, booleans and undefined.
 */
function rawKey(name: string, params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  if (Object.getPrototypeOf(params) !== Object.prototype) return undefined;
  // Keys and strings are JSON-quoted, so no two different objects give the same text.
  let key = JSON.stringify(name);
  for (const k of Object.keys(params)) {
    const v = (params as Record<string, unknown>)[k];
    key += `,${JSON.stringify(k)}:`;
    switch (typeof v) {
      case "number":
        key += Object.is(v, -0) ? "-0" : String(v);
        break;
      case "string":
        key += JSON.stringify(v);
        break;
      case "boolean":
      case "undefined":
        key += String(v);
        break;
      default:
        return undefined;
    }
  }
  return key;
}

/** `name?k1=v1&k2=v2` with keys sorted and values in JSON (exact for every float). */
export function cacheKey(name: string, params: IndicatorParams): string {
  const keys = Object.keys(params).sort();
  return `${name}?${keys.map((k) => `${k}=${JSON.stringify(params[k])}`).join("&")}`;
}
