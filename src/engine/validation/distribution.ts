/**
 * @module
 * Summaries of a distribution of trial values (permuted metrics, bootstrap statistics, Monte
 * Carlo outcomes): count, mean, sample std, extremes and quantiles.
 *
 * Quantiles are the linear interpolation of the sorted values x₀ ≤ … ≤ x_{n−1} at position
 * h = (n − 1)·p: q(p) = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋) — Hyndman & Fan's type 7, the
 * default of R and NumPy. NaN values (undefined trial outcomes) are left out and counted.
 */

/** Quantile levels reported for every distribution. */
export const QUANTILE_LEVELS = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975] as const;

/** Quantiles at {@link QUANTILE_LEVELS}, keyed `p2_5` … `p97_5` (JSON-friendly). */
export interface Quantiles {
  p2_5: number | null;
  p5: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p95: number | null;
  p97_5: number | null;
}

/** A summarised distribution of trial values; null where there is no defined value. */
export interface DistributionSummary {
  /** Trials with a defined value. */
  count: number;
  /** Trials whose value was undefined (NaN), left out of everything else. */
  undefined_count: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null with fewer than 2 values. */
  std: number | null;
  min: number | null;
  max: number | null;
  quantiles: Quantiles;
}

/**
 * Type-7 quantile of values sorted ascending.
 *
 * @param sorted finite values, ascending
 * @param p level in [0, 1]
 * @returns the quantile, NaN when `sorted` is empty
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quantileSorted } from "./distribution.ts";
 *
 * assert.equal(quantileSorted(new Float64Array([1, 2, 3, 4]), 0.5), 2.5);
 * assert.equal(quantileSorted(new Float64Array([1, 2, 3, 4]), 0.25), 1.75);
 * ```
 */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/**
 * The defined (non-NaN) values of `values`, sorted ascending, as a new array.
 * @param values trial values, NaN for undefined
 */
export function sortedDefined(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) out[k++] = values[i];
  return out.sort();
}

/**
 * Summarises trial values.
 *
 * @param values trial values, NaN for undefined
 * @returns count, mean, std, min, max and quantiles of the defined values
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summariseDistribution } from "./distribution.ts";
 *
 * const s = summariseDistribution(new Float64Array([3, NaN, 1, 2]));
 * assert.equal(s.count, 3);
 * assert.equal(s.undefined_count, 1);
 * assert.equal(s.quantiles.p50, 2);
 * assert.equal(s.std, 1);
 * ```
 */
export function summariseDistribution(values: Float64Array): DistributionSummary {
  const sorted = sortedDefined(values);
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const q = (p: number) => orNull(quantileSorted(sorted, p));
  return {
    count: n,
    undefined_count: values.length - n,
    mean: orNull(mean),
    std: n >= 2 ? orNull(Math.sqrt(ss / (n - 1))) : null,
    min: n > 0 ? sorted[0] : null,
    max: n > 0 ? sorted[n - 1] : null,
    quantiles: {
      p2_5: q(0.025),
      p5: q(0.05),
      p25: q(0.25),
      p50: q(0.5),
      p75: q(0.75),
      p95: q(0.95),
      p97_5: q(0.975),
    },
  };
}

/** A finite number, or null (for JSON: NaN and ±Infinity have no JSON form). */
export function orNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
