/**
 * @module
 * Test statistics for return series, with standard errors that stay honest under
 * heteroskedasticity (volatility clustering, intraday seasonality, overnight gaps):
 * Lo–MacKinlay variance ratios with the robust z*(q), autocorrelations with White-type
 * standard errors, and sample moments. Used by the synthetic-market tests.
 */

/** A variance ratio and its heteroskedasticity-robust test statistic. */
export interface VarianceRatio {
  /** Aggregation horizon in steps. */
  q: number;
  /** VR(q): variance of overlapping q-step sums over q times the 1-step variance. */
  vr: number;
  /** Robust standard error of VR(q) under the uncorrelated-increments null, sqrt(θ̂(q) / n). */
  se: number;
  /** (VR(q) − 1) / se: Lo and MacKinlay's z*(q), asymptotically N(0, 1) under the null. */
  z: number;
}

/**
 * Lo–MacKinlay (1988) variance ratio of 1-step returns `r` at horizon `q`, overlapping
 * sums, bias-corrected variances, and the heteroskedasticity-consistent standard error
 * θ̂(q) = Σ_{j=1}^{q−1} (2(q−j)/q)² δ̂_j, δ̂_j = n Σ_t e_t² e_{t−j}² / (Σ_t e_t²)².
 *
 * @example Independent returns have a variance ratio near 1
 * ```ts
 * import assert from "node:assert/strict";
 * let s = 1;
 * const r = Float64Array.from({ length: 20_000 }, () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
 * const { z } = varianceRatio(r, 5);
 * assert.ok(Math.abs(z) < 4);
 * ```
 * @param r 1-step returns (at least 2q of them)
 * @param q horizon, ≥ 2
 */
export function varianceRatio(r: ArrayLike<number>, q: number): VarianceRatio {
  const n = r.length;
  if (!(q >= 2 && n >= 2 * q)) throw new RangeError(`varianceRatio needs q ≥ 2 and n ≥ 2q`);
  const mu = mean(r);
  const e = new Float64Array(n);
  let s2 = 0;
  for (let t = 0; t < n; t++) {
    e[t] = r[t] - mu;
    s2 += e[t] * e[t];
  }
  const varA = s2 / (n - 1);
  let sum = 0;
  for (let t = 0; t < q; t++) sum += e[t];
  let acc = sum * sum;
  for (let t = q; t < n; t++) {
    sum += e[t] - e[t - q];
    acc += sum * sum;
  }
  const m = q * (n - q + 1) * (1 - q / n);
  const vr = acc / m / varA;
  const sq = new Float64Array(n);
  for (let t = 0; t < n; t++) sq[t] = e[t] * e[t];
  let theta = 0;
  for (let j = 1; j < q; j++) {
    let num = 0;
    for (let t = j; t < n; t++) num += sq[t] * sq[t - j];
    const delta = n * num / (s2 * s2);
    const w = 2 * (q - j) / q;
    theta += w * w * delta;
  }
  const se = Math.sqrt(theta / n);
  return { q, vr, se, z: (vr - 1) / se };
}

/** An autocorrelation with its robust standard error. */
export interface Autocorrelation {
  lag: number;
  /** Sample autocorrelation ρ̂_k = Σ e_t e_{t−k} / Σ e_t². */
  rho: number;
  /** sqrt(Σ e_t² e_{t−k}²) / Σ e_t²: valid under conditional heteroskedasticity. */
  se: number;
  /** rho / se. */
  z: number;
}

/**
 * Sample autocorrelations at lags `from..to` with heteroskedasticity-robust standard errors
 * (the iid 1/√n understates them when volatility clusters).
 * @param r the series
 * @param from first lag, ≥ 1
 * @param to last lag
 */
export function autocorrelations(
  r: ArrayLike<number>,
  from: number,
  to: number,
): Autocorrelation[] {
  const n = r.length;
  const mu = mean(r);
  const e = new Float64Array(n);
  let s2 = 0;
  for (let t = 0; t < n; t++) {
    e[t] = r[t] - mu;
    s2 += e[t] * e[t];
  }
  const out: Autocorrelation[] = [];
  for (let k = from; k <= to; k++) {
    let c = 0, v = 0;
    for (let t = k; t < n; t++) {
      const p = e[t] * e[t - k];
      c += p;
      v += p * p;
    }
    const rho = c / s2;
    const se = Math.sqrt(v) / s2;
    out.push({ lag: k, rho, se, z: rho / se });
  }
  return out;
}

/** The sum of autocorrelations over a range of lags, with its robust standard error. */
export interface AutocorrelationSum {
  /** Σ_{k=from}^{to} ρ̂_k. */
  sum: number;
  /** sqrt(Σ_t e_t² (Σ_k e_{t−k})²) / Σ e_t²: robust, and counts the covariance between lags. */
  se: number;
  /** sum / se. */
  z: number;
}

/**
 * Σ ρ̂_k over lags `from..to`: a drift that persists over many lags shows up here even when
 * each single lag is within its noise. The standard error treats the sum as one regression
 * of e_t on Σ_k e_{t−k}, so the correlation between the lags' estimates is accounted for.
 * @param r the series
 * @param from first lag, ≥ 1
 * @param to last lag
 */
export function autocorrelationSum(
  r: ArrayLike<number>,
  from: number,
  to: number,
): AutocorrelationSum {
  const n = r.length;
  const mu = mean(r);
  const e = new Float64Array(n);
  let s2 = 0;
  for (let t = 0; t < n; t++) {
    e[t] = r[t] - mu;
    s2 += e[t] * e[t];
  }
  let window = 0; // Σ_{k=from}^{to} e_{t−k}, slid along t
  let c = 0, v = 0;
  for (let t = 0; t < n; t++) {
    if (t - from >= 0) window += e[t - from];
    if (t - to - 1 >= 0) window -= e[t - to - 1];
    const p = e[t] * window;
    c += p;
    v += p * p;
  }
  const se = Math.sqrt(v) / s2;
  return { sum: c / s2, se, z: c / s2 / se };
}

/**
 * A heteroskedasticity-robust z statistic for "x and y are uncorrelated":
 * Σ x̃ỹ / sqrt(Σ x̃²ỹ²) over the demeaned series.
 * @param x first series
 * @param y second series, same length
 */
export function correlationZ(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = mean(x), my = mean(y);
  let c = 0, v = 0;
  for (let i = 0; i < x.length; i++) {
    const p = (x[i] - mx) * (y[i] - my);
    c += p;
    v += p * p;
  }
  return c / Math.sqrt(v);
}

/** Arithmetic mean. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample standard deviation (n − 1). */
export function stdDev(x: ArrayLike<number>): number {
  const mu = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - mu) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

/** Kurtosis (not excess): 3 for a normal distribution, more for fat tails. */
export function kurtosis(x: ArrayLike<number>): number {
  const mu = mean(x);
  let m2 = 0, m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] - mu) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= x.length;
  m4 /= x.length;
  return m4 / (m2 * m2);
}

/** Pearson correlation of two equal-length series. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] - mx, b = y[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxy / Math.sqrt(sxx * syy);
}
