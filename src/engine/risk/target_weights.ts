/**
 * @module
 * Risk sizing: turns a signal into the target fraction of equity per bar, signed by the
 * signal. Only the sign of `signal[t]` counts. Like the strategies, sizing reads only the
 * cache's shifted series at index t, so `weight[t]` knows bars < t only.
 *
 *  - `fixed_fraction`: `w = sign · fraction`.
 *  - `volatility_target`: `σ = rolling_volatility(lookback)[t] · √barsPerYear`;
 *    `w = sign · min(maxLeverage, targetVol / σ)`, and 0 while σ is NaN (warm-up) or 0 (a flat
 *    window: no estimate, so no position rather than infinite leverage).
 *  - `kelly_fraction`: `μ = returns_mean(lookback)[t]`, `v = returns_std(lookback)[t]²`;
 *    `k = fraction · e / v` with edge `e = μ` for a long and `e = −μ` for a short (the short
 *    earns the negated return), clamped to `[0, maxLeverage]`; `w = sign · k`, and 0 while μ or
 *    v is NaN or v is 0.
 *
 * A weight is never NaN and never −0; a 0 signal always gives weight 0.
 */
import type { FeatureCache, RiskConfig, Signal } from "../types.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { FeatureRequest } from "../strategies/definition.ts";
import { parseRiskConfig } from "./config.ts";

/**
 * Target weight (fraction of equity, signed) per bar.
 *
 * @param signal direction per bar, `cache.bars.length` long
 * @param cache shifted features of the same bars
 * @param risk a parsed risk config (`parseRiskConfig`)
 * @param barsPerYear annualisation factor for `volatility_target` (e.g. 252 × 390 for regular
 *   session minutes); must be a positive finite number
 * @param out optional array of the bars' length to write the weights into (old contents
 *   are overwritten), for callers that size many times
 * @returns the weights, one per bar: `out` when given, else a new array
 * @throws {ValidationError} for a signal or `out` of another length, a bad `barsPerYear`, a
 *   risk config outside its bounds, or fewer bars than the lookback needs
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createFeatureCache } from "../indicators/feature_cache.ts";
 * import { barsFromCloses } from "../testing/bar_fixtures.ts";
 * const cache = createFeatureCache(barsFromCloses([1, 2, 3]));
 * const w = targetWeights(new Int8Array([1, 0, -1]), cache, {
 *   model: "fixed_fraction",
 *   fraction: 0.5,
 * }, 1);
 * assert.deepEqual([...w], [0.5, 0, -0.5]);
 * ```
 */
export function targetWeights(
  signal: Signal,
  cache: FeatureCache,
  risk: RiskConfig,
  barsPerYear: number,
  out?: Float64Array,
): Float64Array {
  const n = cache.bars.length;
  if (signal.length !== n) {
    throw new ValidationError(`risk: signal has ${signal.length} values for ${n} bars`);
  }
  if (out !== undefined && out.length !== n) {
    throw new ValidationError(`risk: weights array has ${out.length} rows for ${n} bars`);
  }
  if (!(barsPerYear > 0 && barsPerYear < Infinity)) {
    throw new ValidationError(`risk: barsPerYear must be a positive number, got ${barsPerYear}`);
  }
  // Re-validating keeps the caps in force for configs built by hand, not only parsed ones.
  risk = parseRiskConfig(risk);
  if (out === undefined) out = new Float64Array(n);
  switch (risk.model) {
    case "fixed_fraction": {
      fixedFractionInto(signal, risk.fraction, out);
      return out;
    }
    case "volatility_target": {
      const vol = cache.get("rolling_volatility", { window: risk.lookback });
      const scale = Math.sqrt(barsPerYear);
      const { target_vol: targetVol, max_leverage: maxLeverage } = risk;
      for (let t = 0; t < n; t++) {
        const s = signal[t];
        const sigma = vol[t] * scale;
        if (s === 0 || !(sigma > 0)) {
          out[t] = 0;
          continue;
        }
        const lev = targetVol / sigma;
        const w = lev < maxLeverage ? lev : maxLeverage;
        out[t] = s > 0 ? w : -w;
      }
      return out;
    }
    case "kelly_fraction": {
      const mean = cache.get("returns_mean", { window: risk.lookback });
      const std = cache.get("returns_std", { window: risk.lookback });
      const { fraction, max_leverage: maxLeverage } = risk;
      for (let t = 0; t < n; t++) {
        const s = signal[t];
        const v = std[t] * std[t];
        if (s === 0 || !(v > 0)) {
          out[t] = 0;
          continue;
        }
        const k = fraction * (s > 0 ? mean[t] : -mean[t]) / v;
        // NaN and non-positive edges fail this test alike: no bet.
        if (!(k > 0)) {
          out[t] = 0;
          continue;
        }
        const w = k < maxLeverage ? k : maxLeverage;
        out[t] = s > 0 ? w : -w;
      }
      return out;
    }
  }
}

/**
 * `out[t] = ±f` by the sign of `signal[t]`, 0 for 0: one table lookup per bar (indexed by
 * the signal's byte), which costs less than comparing.
 */
function fixedFractionInto(signal: Signal, f: number, out: Float64Array): void {
  const table = BY_SIGNAL_BYTE;
  for (let b = 0; b < 256; b++) {
    const s = b < 128 ? b : b - 256;
    table[b] = s > 0 ? f : s < 0 ? -f : 0;
  }
  const n = signal.length;
  for (let t = 0; t < n; t++) out[t] = table[signal[t] & 255];
}

/** Weight per signal byte, rebuilt by each call of {@link fixedFractionInto}. */
const BY_SIGNAL_BYTE = new Float64Array(256);

/** The features `targetWeights` reads for `risk` (none for `fixed_fraction`). */
export function riskFeatures(risk: RiskConfig): FeatureRequest[] {
  switch (risk.model) {
    case "fixed_fraction":
      return [];
    case "volatility_target":
      return [{ name: "rolling_volatility", params: { window: risk.lookback } }];
    case "kelly_fraction":
      return [
        { name: "returns_mean", params: { window: risk.lookback } },
        { name: "returns_std", params: { window: risk.lookback } },
      ];
  }
}
