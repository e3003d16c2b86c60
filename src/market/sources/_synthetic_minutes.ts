/**
 * @module
 * The per-minute profile of one synthetic session, drawn before any price move: the variance
 * of each minute (U-shaped seasonality × a log-volatility AR(1) × a Student-t mixing
 * variable), the trade intensity (U-shaped, rising with volatility) and the quoted spread
 * (U-shaped, wider when volatile). Nothing here ever sees the sign of a return, which is what
 * keeps volatility clustering from leaking into the direction of the mid price.
 */

import type { Rng } from "./_prng.ts";

/** Degrees of freedom of the per-minute Student-t returns. */
export const STUDENT_NU = 5;

// A per-minute log-volatility AR(1): half-life ≈ 34 minutes, stationary sd 0.35.
const REGIME_SD = 0.35;
const REGIME_PHI = 0.98;
const REGIME_INNOVATION = REGIME_SD * Math.sqrt(1 - REGIME_PHI * REGIME_PHI);

/** One session's minutes. All arrays have one entry per session minute. */
export interface MinuteProfile {
  minutes: number;
  /** Log-price variance of each minute; sums to the day's intraday variance. */
  variance: Float64Array;
  /** Relative trade intensity of each minute (any scale). */
  intensity: Float64Array;
  /** Quoted spread of each minute in ticks at a $100 price, before rounding. */
  spread: Float64Array;
}

/**
 * Draws the profile of a session of `minutes` minutes whose intraday variance is `total`.
 * @param rng the day's generator
 * @param minutes session length (390, or 210 on early closes)
 * @param total the day's intraday log-price variance
 */
export function minuteProfile(rng: Rng, minutes: number, total: number): MinuteProfile {
  const variance = new Float64Array(minutes);
  const intensity = new Float64Array(minutes);
  const spread = new Float64Array(minutes);
  let regime = REGIME_SD * rng.normal();
  let sum = 0;
  for (let m = 0; m < minutes; m++) {
    if (m > 0) regime = REGIME_PHI * regime + REGIME_INNOVATION * rng.normal();
    const u = (m + 0.5) / minutes;
    // Volatility, volume and spreads are all highest after the open and rise again into
    // the close (the intraday U of equity markets).
    const seasonal = 0.7 + 1.6 * Math.exp(-u / 0.06) + 0.6 * Math.exp(-(1 - u) / 0.06);
    const regimeVar = Math.exp(2 * regime - 2 * REGIME_SD * REGIME_SD);
    const v = seasonal * regimeVar * studentMixing(rng);
    variance[m] = v;
    sum += v;
    intensity[m] = (0.55 + 2.2 * Math.exp(-u / 0.035) + 1.3 * Math.exp(-(1 - u) / 0.05)) *
      Math.pow(regimeVar, 0.3);
    spread[m] = 1.8 * (1 + 1.5 * Math.exp(-u / 0.03) + 0.4 * Math.exp(-(1 - u) / 0.04)) *
      Math.pow(regimeVar, 0.25) * Math.exp(0.25 * rng.normal());
  }
  const scale = total / sum;
  for (let m = 0; m < minutes; m++) variance[m] *= scale;
  return { minutes, variance, intensity, spread };
}

/**
 * (ν − 2) / χ²_ν, mean 1: a Gaussian whose variance is multiplied by it is a Student-t with
 * ν degrees of freedom and unit variance. χ²_5 = −2·ln(U₁U₂) + Z².
 */
function studentMixing(rng: Rng): number {
  const z = rng.normal();
  const chi2 = -2 * Math.log((1 - rng.uniform()) * (1 - rng.uniform())) + z * z;
  return (STUDENT_NU - 2) / chi2;
}
