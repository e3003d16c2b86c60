/**
 * @module
 * O(n) rolling-window kernels over typed arrays, shared by the window indicators.
 *
 * Gap rule: a non-finite input (NaN, ±Infinity) resets the window, so the output is NaN at
 * that index and for the next `window − 1` indices, then resumes. On finite input the output
 * is NaN exactly for `t < window − 1`.
 *
 * Flat rule: when the last `window` inputs all equal `v`, the mean is exactly `v` and the
 * deviation exactly 0. Minutes without trades repeat the previous close, so flat stretches
 * are common; without this, rounding left in a running sum would make two equal averages
 * differ in the last bit (and flip a crossover).
 *
 * Exact means on a price grid: prices are multiples of a tick (0.01, or 0.0001 below $1), so
 * two windows often have exactly the same average (a tie, which a crossover reads as flat),
 * and a running float sum drifts by ~1e-12 and breaks the tie. When every value of a window
 * is a multiple of {@link GRID_STEP} (its double is the nearest one to k / 10,000), the mean
 * is computed from the exact integer sum of the k's: `Σk / (10,000 · window)`, one correctly
 * rounded division, so equal means are equal doubles. Any other window (returns, vwaps,
 * off-grid prices) keeps the running float sum. The flat rule agrees with it: w equal values
 * k / 10,000 give `w·k / (10,000·w)`, exactly the value.
 *
 * Accuracy of the standard deviation: a sliding update loses relative accuracy when the
 * window's spread is tiny against the values it has seen, so the state is recomputed exactly
 * (two passes over the window) every `window` steps — O(1) amortised — and at every step for
 * windows of at most {@link EXACT_STD_WINDOW} values, where nearly equal values are common.
 *
 * Each kernel runs a warm-up loop until the window is full, then a tight sliding loop that
 * exits only at a gap; keeping the warm-up branch out of the sliding loop roughly halves the
 * time per bar.
 */

/** The finest price grid means are exact on: 0.0001 (sub-dollar ticks; cents are multiples). */
export const GRID_STEP = 1e-4;

/** Grid units per 1: v is on the grid when some integer k has `k / GRID_UNITS === v`. */
const GRID_UNITS = 10_000;

/** Windows up to this size get an exact two-pass standard deviation at every step. */
export const EXACT_STD_WINDOW = 8;

/**
 * Rolling arithmetic mean of `x` over `window` values, written to `out` (may not alias `x`):
 * exact on the price grid (module doc), a running sum elsewhere.
 */
export function rollingMeanInto(x: Float64Array, window: number, out: Float64Array): void {
  if (allGridMeansInto(x, window, out)) return;
  runningMeanInto(x, window, out);
  exactGridMeans(x, window, out);
}

/**
 * The running-sum rolling mean (the off-grid path of {@link rollingMeanInto}).
 * A running sum, so each step costs one add and one subtract whatever the window.
 *
 * The sliding phase takes four bars at a time while they are finite and each differs from
 * the one before (so the flat rule cannot apply: its run stays at 1); those steps do exactly
 * what the one-bar step does, so the output is the same bits either way.
 */
function runningMeanInto(x: Float64Array, window: number, out: Float64Array): void {
  const n = x.length;
  let t = 0;
  restart: while (t < n) {
    let sum = 0;
    let count = 0;
    let run = 0;
    let prev = NaN;
    for (; t < n && count < window; t++) {
      const v = x[t];
      if (v - v !== 0) {
        sum = 0;
        count = 0;
        run = 0;
        prev = NaN;
        out[t] = NaN;
        continue;
      }
      sum += v;
      count++;
      run = v === prev ? run + 1 : 1;
      prev = v;
      out[t] = count < window ? NaN : run >= window ? v : sum / window;
    }
    while (t < n) {
      if (window > 1) {
        for (; t + 3 < n; t += 4) {
          const v0 = x[t];
          const v1 = x[t + 1];
          const v2 = x[t + 2];
          const v3 = x[t + 3];
          // (v − v) is 0 for a finite v and NaN otherwise.
          if (
            (v0 - v0) + (v1 - v1) + (v2 - v2) + (v3 - v3) !== 0 ||
            v0 === prev || v1 === v0 || v2 === v1 || v3 === v2
          ) break;
          const o = t - window;
          sum += v0 - x[o];
          out[t] = sum / window;
          sum += v1 - x[o + 1];
          out[t + 1] = sum / window;
          sum += v2 - x[o + 2];
          out[t + 2] = sum / window;
          sum += v3 - x[o + 3];
          out[t + 3] = sum / window;
          prev = v3;
          run = 1;
        }
        if (t >= n) break;
      }
      const v = x[t];
      if (v - v !== 0) continue restart;
      sum += v - x[t - window];
      run = v === prev ? run + 1 : 1;
      prev = v;
      if (run >= window) {
        sum = v * window;
        out[t] = v;
      } else {
        out[t] = sum / window;
      }
      t++;
    }
  }
}

/**
 * Two rolling means of the same `x` at once, windows `wa` into `outA` and `wb` into `outB`:
 * the same bits as two {@link rollingMeanInto} calls, in about the time of one. Each mean's
 * running sum is a chain of dependent additions, so one mean waits on the adder; two
 * interleaved chains keep it busy. Both series see the same values, so they share the gap
 * resets, the previous value and the flat-rule run; only the sums and fill counts differ.
 */
export function rollingMeanPairInto(
  x: Float64Array,
  wa: number,
  outA: Float64Array,
  wb: number,
  outB: Float64Array,
): void {
  // Both means see the same values: all on the grid for one means all on the grid for both.
  if (allGridMeansInto(x, wa, outA)) {
    allGridMeansInto(x, wb, outB);
    return;
  }
  const n = x.length;
  let sumA = 0;
  let sumB = 0;
  let countA = 0;
  let countB = 0;
  let run = 0;
  let prev = NaN;
  const blocks = wa > 1 && wb > 1;
  let t = 0;
  while (t < n) {
    if (blocks && countA >= wa && countB >= wb) {
      // Both sliding: four bars at a time, as in rollingMeanInto.
      for (; t + 3 < n; t += 4) {
        const v0 = x[t];
        const v1 = x[t + 1];
        const v2 = x[t + 2];
        const v3 = x[t + 3];
        if (
          (v0 - v0) + (v1 - v1) + (v2 - v2) + (v3 - v3) !== 0 ||
          v0 === prev || v1 === v0 || v2 === v1 || v3 === v2
        ) break;
        const a = t - wa;
        const b = t - wb;
        sumA += v0 - x[a];
        sumB += v0 - x[b];
        outA[t] = sumA / wa;
        outB[t] = sumB / wb;
        sumA += v1 - x[a + 1];
        sumB += v1 - x[b + 1];
        outA[t + 1] = sumA / wa;
        outB[t + 1] = sumB / wb;
        sumA += v2 - x[a + 2];
        sumB += v2 - x[b + 2];
        outA[t + 2] = sumA / wa;
        outB[t + 2] = sumB / wb;
        sumA += v3 - x[a + 3];
        sumB += v3 - x[b + 3];
        outA[t + 3] = sumA / wa;
        outB[t + 3] = sumB / wb;
        prev = v3;
        run = 1;
      }
      if (t >= n) break;
    }
    // One step of each series' state machine (warm-up, gap, flat rule), as rollingMeanInto.
    const v = x[t];
    if (v - v !== 0) {
      sumA = 0;
      sumB = 0;
      countA = 0;
      countB = 0;
      run = 0;
      prev = NaN;
      outA[t] = NaN;
      outB[t] = NaN;
    } else {
      run = v === prev ? run + 1 : 1;
      prev = v;
      if (countA < wa) {
        sumA += v;
        countA++;
        outA[t] = countA < wa ? NaN : run >= wa ? v : sumA / wa;
      } else {
        sumA += v - x[t - wa];
        if (run >= wa) {
          sumA = v * wa;
          outA[t] = v;
        } else {
          outA[t] = sumA / wa;
        }
      }
      if (countB < wb) {
        sumB += v;
        countB++;
        outB[t] = countB < wb ? NaN : run >= wb ? v : sumB / wb;
      } else {
        sumB += v - x[t - wb];
        if (run >= wb) {
          sumB = v * wb;
          outB[t] = v;
        } else {
          outB[t] = sumB / wb;
        }
      }
    }
    t++;
  }
  exactGridMeans(x, wa, outA);
  exactGridMeans(x, wb, outB);
}

/**
 * Rolling sample standard deviation (n − 1 denominator, `window` ≥ 2) of `x`, written to `out`
 * (may not alias `x`). Sliding Welford updates of the mean and the sum of squared deviations,
 * which stay accurate when the mean is large against the spread, re-anchored as the module
 * doc says.
 */
export function rollingStdInto(x: Float64Array, window: number, out: Float64Array): void {
  const n = x.length;
  const dof = window - 1;
  const anchorEvery = window <= EXACT_STD_WINDOW ? 1 : window;
  let t = 0;
  while (t < n) {
    let mean = 0;
    let m2 = 0;
    let count = 0;
    let run = 0;
    let prev = NaN;
    for (; t < n && count < window; t++) {
      const v = x[t];
      if (v - v !== 0) {
        mean = 0;
        m2 = 0;
        count = 0;
        run = 0;
        prev = NaN;
        out[t] = NaN;
        continue;
      }
      count++;
      const d = v - mean;
      mean += d / count;
      m2 += d * (v - mean);
      run = v === prev ? run + 1 : 1;
      prev = v;
      out[t] = count < window ? NaN : run >= window ? 0 : m2 > 0 ? Math.sqrt(m2 / dof) : 0;
    }
    let sinceAnchor = 0;
    for (; t < n; t++) {
      const v = x[t];
      if (v - v !== 0) break;
      if (++sinceAnchor === anchorEvery) {
        sinceAnchor = 0;
        mean = windowSum(x, t - window + 1, t + 1) / window;
        m2 = windowSquares(x, t - window + 1, t + 1, mean);
      } else {
        const old = x[t - window];
        const d = v - old;
        const oldMean = mean;
        mean += d / window;
        m2 += d * (v - mean + old - oldMean);
      }
      run = v === prev ? run + 1 : 1;
      prev = v;
      if (run >= window) {
        mean = v;
        m2 = 0;
        out[t] = 0;
      } else {
        // Rounding can leave a tiny negative sum when the window is nearly constant.
        out[t] = m2 > 0 ? Math.sqrt(m2 / dof) : 0;
      }
    }
  }
}

/** Simple returns `close[t] / close[t−1] − 1`; index 0 is NaN. */
export function simpleReturns(close: Float64Array): Float64Array {
  const n = close.length;
  const r = new Float64Array(n);
  if (n > 0) r[0] = NaN;
  for (let t = 1; t < n; t++) r[t] = close[t] / close[t - 1] - 1;
  return r;
}

/** Log returns `ln(close[t] / close[t−1])`; index 0 is NaN (non-positive prices give NaN). */
export function logReturns(close: Float64Array): Float64Array {
  const n = close.length;
  const r = new Float64Array(n);
  if (n > 0) r[0] = NaN;
  for (let t = 1; t < n; t++) r[t] = Math.log(close[t] / close[t - 1]);
  return r;
}

function windowSum(x: Float64Array, start: number, end: number): number {
  let s = 0;
  for (let k = start; k < end; k++) s += x[k];
  return s;
}

function windowSquares(x: Float64Array, start: number, end: number, mean: number): number {
  let s = 0;
  for (let k = start; k < end; k++) {
    const d = x[k] - mean;
    s += d * d;
  }
  return s;
}

/** Adding then subtracting 1.5 · 2^52 rounds a double below 2^51 to the nearest integer. */
const ROUND = 6755399441055744;

/**
 * Rewrites, in `out` (the running-sum means of `x` over `window`), the mean of every full
 * window whose values are all on the price grid with the exact one (module doc). A value off
 * the grid (or non-finite, or too large for an exact sum) restarts the window, like a gap.
 */
function exactGridMeans(x: Float64Array, window: number, out: Float64Array): void {
  const n = x.length;
  // |Σk| < 2^53 keeps every partial sum an exact integer; |k| < 2^51 keeps ROUND exact.
  const limit = Math.min(2 ** 50, Math.floor(Number.MAX_SAFE_INTEGER / window));
  const denominator = GRID_UNITS * window;
  let sum = 0;
  let filled = 0;
  for (let t = 0; t < n; t++) {
    const v = x[t];
    const r = v * GRID_UNITS;
    const k = (r + ROUND) - ROUND;
    // The distance test rejects most off-grid values before the (slower) exact division;
    // NaN fails every comparison, so gaps restart too.
    if (!(Math.abs(r - k) <= 1e-3 && k / GRID_UNITS === v && Math.abs(k) <= limit)) {
      sum = 0;
      filled = 0;
      continue;
    }
    sum += k;
    if (filled < window) {
      if (++filled < window) continue;
    } else {
      // The leaving value was on the grid (else the window would have restarted since).
      const o = x[t - window] * GRID_UNITS;
      sum -= (o + ROUND) - ROUND;
    }
    out[t] = sum / denominator;
  }
}

/**
 * The whole of {@link rollingMeanInto} when every value of `x` is on the price grid (real
 * closes): exact means, NaN during the warm-up. Returns false, having written nothing
 * useful, at the first value that is not (random walks, returns, vwaps), at once in practice.
 */
function allGridMeansInto(x: Float64Array, window: number, out: Float64Array): boolean {
  const n = x.length;
  const limit = Math.min(2 ** 50, Math.floor(Number.MAX_SAFE_INTEGER / window));
  const denominator = GRID_UNITS * window;
  let sum = 0;
  for (let t = 0; t < n; t++) {
    const v = x[t];
    const r = v * GRID_UNITS;
    const k = (r + ROUND) - ROUND;
    if (!(Math.abs(r - k) <= 1e-3 && k / GRID_UNITS === v && Math.abs(k) <= limit)) return false;
    sum += k;
    if (t >= window) {
      const o = x[t - window] * GRID_UNITS;
      sum -= (o + ROUND) - ROUND;
    }
    out[t] = t < window - 1 ? NaN : sum / denominator;
  }
  return true;
}
