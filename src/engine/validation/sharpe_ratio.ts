/**
 * @module
 * Sharpe-ratio statistics that correct for short samples, non-normal returns and selection
 * among many trials. All Sharpe ratios here are *per bar* (not annualised): ŜR = mean / std of
 * the per-bar returns, T the number of returns, γ₃ the skew and γ₄ the kurtosis (normal = 3).
 *
 * - Probabilistic Sharpe Ratio (Bailey & López de Prado 2012, "The Sharpe Ratio Efficient
 *   Frontier", J. of Risk 15(2), §3), the probability that the true SR exceeds a benchmark SR*:
 *   PSR(SR*) = Φ( (ŜR − SR*)·√(T − 1) / √(1 − γ₃·ŜR + (γ₄ − 1)/4·ŜR²) ).
 * - Minimum Track Record Length (same paper, §4), the T needed for PSR(SR*) ≥ 1 − α:
 *   MinTRL = 1 + (1 − γ₃·ŜR + (γ₄ − 1)/4·ŜR²)·(Φ⁻¹(1 − α) / (ŜR − SR*))², for ŜR > SR*.
 * - Expected maximum Sharpe ratio of N independent trials whose SR estimates have variance V,
 *   none with skill (Bailey & López de Prado 2014, "The Deflated Sharpe Ratio", J. of
 *   Portfolio Management 40(5), eq. for SR₀; γ = Euler–Mascheroni):
 *   E[max SR] ≈ √V·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))); 0 for N = 1 (no selection).
 * - Deflated Sharpe Ratio (2014): DSR = PSR(E[max SR]).
 */
import { ValidationError } from "../../domain/errors.ts";
import { normCdf, normInv } from "./normal.ts";

/** The Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;

/** Shape of the sampling distribution of ŜR: the estimate, sample size, skew and kurtosis. */
export interface SharpeSample {
  /** Per-bar Sharpe ratio estimate ŜR. */
  sharpe: number;
  /** Number of returns T (≥ 2). */
  count: number;
  /** Skewness γ₃ of the returns. */
  skew: number;
  /** Kurtosis γ₄ of the returns (normal = 3, not excess). */
  kurtosis: number;
}

/**
 * Probabilistic Sharpe Ratio: P(true SR > `benchmark`) given the sample.
 *
 * @param s the estimate and its sample's shape
 * @param benchmark SR* per bar (0 = "any skill at all")
 * @returns the probability, or NaN when undefined (T < 2, non-finite inputs, or a
 *   non-positive variance term 1 − γ₃·ŜR + (γ₄ − 1)/4·ŜR²)
 *
 * @example Normal returns (γ₃ = 0, γ₄ = 3), ŜR = 0.1 over T = 101: z = 1/√1.005
 * ```ts
 * import assert from "node:assert/strict";
 * import { probabilisticSharpe } from "./sharpe_ratio.ts";
 *
 * const psr = probabilisticSharpe({ sharpe: 0.1, count: 101, skew: 0, kurtosis: 3 }, 0);
 * assert.ok(Math.abs(psr - 0.8407413278013518) < 1e-12);
 * ```
 */
export function probabilisticSharpe(s: SharpeSample, benchmark: number): number {
  const v = sharpeVarianceTerm(s);
  if (!(v > 0) || !(s.count >= 2) || !Number.isFinite(benchmark)) return NaN;
  return normCdf((s.sharpe - benchmark) * Math.sqrt(s.count - 1) / Math.sqrt(v));
}

/**
 * Minimum Track Record Length: returns needed for PSR(`benchmark`) to reach `confidence`.
 *
 * @param s the estimate and its sample's shape
 * @param benchmark SR* per bar
 * @param confidence 1 − α, e.g. 0.95
 * @returns the number of returns (fractional), or NaN when ŜR ≤ SR* or the inputs are undefined
 */
export function minTrackRecordLength(
  s: SharpeSample,
  benchmark: number,
  confidence: number,
): number {
  const v = sharpeVarianceTerm(s);
  const edge = s.sharpe - benchmark;
  if (!(v > 0) || !(edge > 0) || !(confidence > 0 && confidence < 1)) return NaN;
  const z = normInv(confidence) / edge;
  return 1 + v * z * z;
}

/**
 * Expected maximum of N per-trial Sharpe ratios under no skill (the DSR's benchmark SR₀).
 *
 * @param trials N, the number of independent trials (integer ≥ 1)
 * @param variance V, the variance of the trials' Sharpe estimates (same units as the result)
 * @returns √V·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))); 0 when N = 1
 * @throws {ValidationError} for N < 1, a fractional N, or a negative or non-finite V
 *
 * @example The DSR paper's example: N = 100, V = ½ per year over 250 days a year
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectedMaxSharpe } from "./sharpe_ratio.ts";
 *
 * assert.equal(expectedMaxSharpe(100, 0.5 / 250).toFixed(4), "0.1132");
 * ```
 */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (!Number.isInteger(trials) || trials < 1) {
    throw new ValidationError(`DSR trials must be an integer ≥ 1, got ${trials}`);
  }
  if (!(variance >= 0 && variance < Infinity)) {
    throw new ValidationError(`DSR Sharpe variance must be a finite number ≥ 0, got ${variance}`);
  }
  if (trials === 1) return 0;
  const z = (1 - EULER_GAMMA) * normInv(1 - 1 / trials) +
    EULER_GAMMA * normInv(1 - 1 / (trials * Math.E));
  return Math.sqrt(variance) * z;
}

/**
 * Deflated Sharpe Ratio: the PSR against the expected maximum Sharpe of `trials` trials.
 *
 * @param s the selected strategy's estimate and its sample's shape
 * @param trials N, the number of trials the selection was made from
 * @param variance V, the variance of the trials' per-bar Sharpe estimates
 * @returns the probability (NaN where the PSR is undefined)
 * @throws {ValidationError} like {@link expectedMaxSharpe}
 */
export function deflatedSharpe(s: SharpeSample, trials: number, variance: number): number {
  return probabilisticSharpe(s, expectedMaxSharpe(trials, variance));
}

/** 1 − γ₃·ŜR + (γ₄ − 1)/4·ŜR²: (T − 1) × the asymptotic variance of ŜR. */
function sharpeVarianceTerm(s: SharpeSample): number {
  const sr = s.sharpe;
  return 1 - s.skew * sr + (s.kurtosis - 1) / 4 * sr * sr;
}
