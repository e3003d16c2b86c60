/**
 * @module
 * The standard normal distribution: density, cumulative distribution Φ and its inverse Φ⁻¹,
 * written out here so the validation statistics depend on no numerical library.
 *
 * Φ(x) = ½·erfc(−x/√2), with z = |x|/√2:
 * - z < 2: the everywhere-positive series
 *   erf(z) = (2/√π)·e^(−z²)·Σₙ 2ⁿ·z^(2n+1) / (1·3·5·…·(2n+1)) (no cancellation; about 40 terms);
 * - z ≥ 2: the continued fraction
 *   erfc(z) = (e^(−z²)/√π) / (z + (1/2)/(z + (2/2)/(z + (3/2)/(z + …)))), evaluated with the
 *   modified Lentz method; relative accuracy holds deep into the tails (Φ(−37) ≈ 6e−300).
 *
 * Φ⁻¹(p): Acklam's rational approximation (relative error < 1.15e−9), then one Halley step
 * x ← x − u / (1 + x·u/2), u = (Φ(x) − p)·√(2π)·e^(x²/2), which brings it to double precision.
 * For p > ½ it returns −Φ⁻¹(1 − p) (1 − p is exact there), so both tails are accurate.
 */

const SQRT1_2 = Math.SQRT1_2;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;
const SQRT_2PI = 2.5066282746310002;
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * Standard normal density φ(x) = e^(−x²/2)/√(2π).
 * @param x any number
 * @returns the density (0 in the far tails, NaN for NaN)
 */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal cumulative distribution Φ(x) = P(Z ≤ x), accurate to about 1e−15 relative.
 *
 * @param x any number (±Infinity give 0 and 1)
 * @returns Φ(x) in [0, 1]; NaN for NaN
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normCdf } from "./normal.ts";
 *
 * assert.equal(normCdf(0), 0.5);
 * assert.ok(Math.abs(normCdf(1.96) - 0.9750021048517795) < 1e-15);
 * ```
 */
export function normCdf(x: number): number {
  if (x !== x) return NaN;
  const z = Math.abs(x) * SQRT1_2;
  if (z < 2) {
    const half = 0.5 * erfSeries(z);
    return x >= 0 ? 0.5 + half : 0.5 - half;
  }
  // Beyond z ≈ 27.3 (x ≈ −38.6) the lower tail is below the smallest double.
  const tail = z < 27.5 ? 0.5 * erfcFraction(z) : 0;
  return x < 0 ? tail : 1 - tail;
}

/**
 * Inverse standard normal cumulative distribution Φ⁻¹(p).
 *
 * @param p a probability in [0, 1]
 * @returns x with Φ(x) = p (−Infinity for 0, +Infinity for 1); NaN outside [0, 1]
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normInv } from "./normal.ts";
 *
 * assert.ok(Math.abs(normInv(0.975) - 1.959963984540054) < 1e-14);
 * assert.equal(normInv(0.5), 0);
 * ```
 */
export function normInv(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  return p > 0.5 ? -lowerInv(1 - p) : lowerInv(p);
}

/** Φ⁻¹(q) for 0 < q < ½. */
function lowerInv(q: number): number {
  let x = acklam(q);
  const e = normCdf(x) - q;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  if (Number.isFinite(u)) x = x - u / (1 + 0.5 * x * u);
  return x;
}

// Acklam's coefficients (P. J. Acklam, "An algorithm for computing the inverse normal
// cumulative distribution function", 2003).
const A = [
  -3.969683028665376e+01,
  2.209460984245205e+02,
  -2.759285104469687e+02,
  1.383577518672690e+02,
  -3.066479806614716e+01,
  2.506628277459239e+00,
];
const B = [
  -5.447609879822406e+01,
  1.615858368580409e+02,
  -1.556989798598866e+02,
  6.680131188771972e+01,
  -1.328068155288572e+01,
];
const C = [
  -7.784894002430293e-03,
  -3.223964580411365e-01,
  -2.400758277161838e+00,
  -2.549732539343734e+00,
  4.374664141464968e+00,
  2.938163982698783e+00,
];
const D = [
  7.784695709041462e-03,
  3.224671290700398e-01,
  2.445134137142996e+00,
  3.754408661907416e+00,
];
const P_LOW = 0.02425;

/** Acklam's approximation for 0 < q ≤ ½. */
function acklam(q: number): number {
  if (q < P_LOW) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((C[0] * r + C[1]) * r + C[2]) * r + C[3]) * r + C[4]) * r + C[5]) /
      ((((D[0] * r + D[1]) * r + D[2]) * r + D[3]) * r + 1);
  }
  const s = q - 0.5;
  const r = s * s;
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * s /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** erf(z) for 0 ≤ z < 2 by the positive-term series. */
function erfSeries(z: number): number {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= 2 * z2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-z2) * sum;
}

/** erfc(z) for z ≥ 2 by the continued fraction, modified Lentz. */
function erfcFraction(z: number): number {
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let i = 1; i < 500; i++) {
    const a = i / 2;
    d = z + a * d;
    if (d === 0) d = tiny;
    c = z + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return INV_SQRT_PI * Math.exp(-z * z) / f;
}
