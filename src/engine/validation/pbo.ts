/**
 * @module
 * Probability of Backtest Overfitting by combinatorially symmetric cross-validation (CSCV;
 * Bailey, Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", J.
 * Computational Finance, 2017).
 *
 * Input: the T × N matrix of per-bar returns of N configurations (a sweep's members), as
 * block moments over S row blocks (`cscv_blocks.ts`). For every choice J of S/2 blocks
 * (`cscv_combinations.ts`), with J̄ the other S/2:
 *  1. performance = Sharpe ratio (mean / sample std, n − 1, of the per-bar returns of the
 *     rows in the union of the blocks) of every configuration on J (in-sample, R_n) and on
 *     J̄ (out-of-sample, R̄_n); a union whose variance is ≤ 1e-12 of its mean square (e.g. a
 *     configuration that never trades) has Sharpe 0;
 *  2. n* = argmax_n R_n; ties go to the lowest column index;
 *  3. r = rank of R̄_{n*} among R̄_1..R̄_N in ascending order (1 = worst, N = best), ties
 *     taking the mid-rank (less + (equal + 1) / 2, `equal` counting n* itself);
 *  4. ω̄ = r / (N + 1) ∈ (0, 1) and the logit λ = ln(ω̄ / (1 − ω̄)) = ln(r / (N + 1 − r)).
 * PBO = (number of sets with λ ≤ 0) / (number of sets): how often the in-sample winner does
 * no better than the out-of-sample median. A tie-free pick exactly at the median (N odd)
 * counts as overfit; so does a pick among OOS-identical configurations (λ = 0).
 *
 * Performance degradation (paper §4): over the sets, the ordinary least-squares line
 * R̄_{n*} = intercept + slope · R_{n*}, its R², and the probability of loss P(R̄_{n*} < 0).
 * Reported Sharpe ratios are multiplied by √periodsPerYear (1 by default); ranks do not
 * depend on it.
 *
 * What to expect: when the configurations are i.i.d. noise, the in-sample pick says nothing
 * about out-of-sample rank, r is uniform on 1..N and PBO ≈ 1/2 (exactly ⌊(N+1)/2⌋ / N in
 * expectation). PBO → 1 needs in-sample success to predict out-of-sample failure, e.g.
 * configurations whose full-sample performance is the same, so that a good half implies a bad
 * other half ("mean-reverting" performance). PBO → 0 when one configuration has a real edge
 * that wins both halves.
 */
import { ValidationError } from "../../domain/errors.ts";
import { type BlockStats, blockStatsFromColumns } from "./cscv_blocks.ts";
import { cscvCombinations } from "./cscv_combinations.ts";

/** Default number of CSCV blocks S. */
export const DEFAULT_PBO_BLOCKS = 16;

/** Default cap on the sets evaluated (C(16, 8) = 12,870 sets are all evaluated). */
export const DEFAULT_PBO_MAX_COMBINATIONS = 20_000;

/** Options of {@link probabilityOfBacktestOverfitting}. */
export interface PboOptions {
  /**
   * Most in-sample sets evaluated; above it a seeded sample of this many distinct sets.
   * @default 20_000
   */
  maxCombinations?: number;
  /** Seed of that sample (32-bit). @default 0 */
  seed?: number;
  /** Bars per year, to annualise the reported Sharpe ratios. @default 1 (per bar) */
  periodsPerYear?: number;
  /** Bins of the logit histogram over [−ln N, ln N]. @default 20 */
  histogramBins?: number;
}

/** OOS-versus-IS performance of the selected configurations. */
export interface PboDegradation {
  /** OLS slope of R̄_{n*} on R_{n*}; null when R_{n*} does not vary. */
  slope: number | null;
  /** OLS intercept; null with the slope. */
  intercept: number | null;
  /** R² of that line; null when either side does not vary. */
  rSquared: number | null;
  /** Fraction of sets with R̄_{n*} < 0. */
  probabilityOfLoss: number;
  /** Mean in-sample Sharpe of the selected configurations. */
  meanIsSharpe: number;
  /** Mean out-of-sample Sharpe of the selected configurations. */
  meanOosSharpe: number;
}

/** Result of CSCV; per-set arrays are in the order of the evaluated sets. */
export interface PboResult {
  /** Fraction of sets with λ ≤ 0. */
  pbo: number;
  /** T. */
  rows: number;
  /** S. */
  blocks: number;
  /** N. */
  configs: number;
  /** Sets evaluated. */
  combinations: number;
  /** C(S, S/2). */
  totalCombinations: number;
  /** Whether the sets are a seeded sample. */
  sampled: boolean;
  /** Seed used for the sample. */
  seed: number;
  /** λ per set. */
  logits: Float64Array;
  /** ω̄ per set. */
  relativeRanks: Float64Array;
  /** n* per set (column index). */
  selected: Int32Array;
  /** R_{n*} per set (annualised by periodsPerYear). */
  isSharpe: Float64Array;
  /** R̄_{n*} per set (annualised by periodsPerYear). */
  oosSharpe: Float64Array;
  /** Histogram of λ: `edges` (bins + 1, from −ln N to ln N) and `counts` per bin. */
  histogram: { edges: number[]; counts: number[] };
  degradation: PboDegradation;
}

/** JSON form of a {@link PboResult} (snake_case, no per-set arrays), for validation summaries. */
export interface PboSummary {
  method: "cscv";
  pbo: number;
  rows: number;
  blocks: number;
  configs: number;
  combinations: number;
  total_combinations: number;
  sampled: boolean;
  seed: number;
  logit: { mean: number; median: number; histogram: { edges: number[]; counts: number[] } };
  degradation: {
    slope: number | null;
    intercept: number | null;
    r_squared: number | null;
    probability_of_loss: number;
    mean_is_sharpe: number;
    mean_oos_sharpe: number;
  };
}

/**
 * Runs CSCV over block moments and returns PBO, the logit distribution and the performance
 * degradation.
 *
 * @param stats block moments of N ≥ 2 configurations
 * @param options set cap and seed, annualisation, histogram bins
 * @throws {ValidationError} for N < 2, malformed stats or bad options
 * @example One configuration with an edge: it wins in- and out-of-sample every time
 * ```ts
 * import assert from "node:assert/strict";
 * import { blockStatsFromColumns } from "./cscv_blocks.ts";
 * const edge = Array.from({ length: 40 }, (_, t) => 0.01 + (t % 2 ? 0.001 : -0.001));
 * const noise = Array.from({ length: 40 }, (_, t) => (t % 3) - 1);
 * const r = probabilityOfBacktestOverfitting(blockStatsFromColumns([noise, edge], 4));
 * assert.equal(r.pbo, 0);
 * assert.deepEqual(Array.from(r.selected), [1, 1, 1, 1, 1, 1]);
 * ```
 */
export function probabilityOfBacktestOverfitting(
  stats: BlockStats,
  options: PboOptions = {},
): PboResult {
  const maxCombinations = options.maxCombinations ?? DEFAULT_PBO_MAX_COMBINATIONS;
  const seed = options.seed ?? 0;
  const periodsPerYear = options.periodsPerYear ?? 1;
  const bins = options.histogramBins ?? 20;
  checkInputs(stats, seed, periodsPerYear, bins);
  const { blocks: S, configs: N, count, sum, sumSq } = stats;
  const combos = cscvCombinations(S, maxCombinations, seed);
  const k = S / 2;
  const C = combos.count;
  const ann = Math.sqrt(periodsPerYear);

  const logits = new Float64Array(C);
  const relativeRanks = new Float64Array(C);
  const selected = new Int32Array(C);
  const isSharpe = new Float64Array(C);
  const oosSharpe = new Float64Array(C);
  const isPerf = new Float64Array(N);
  const oosPerf = new Float64Array(N);
  const inSample = new Uint8Array(S);
  const isBlocks = new Int32Array(k);
  const oosBlocks = new Int32Array(k);
  let overfit = 0;

  for (let c = 0; c < C; c++) {
    inSample.fill(0);
    for (let i = 0; i < k; i++) inSample[combos.sets[c * k + i]] = 1;
    let ni = 0;
    let no = 0;
    let countIs = 0;
    let countOos = 0;
    for (let b = 0; b < S; b++) {
      if (inSample[b]) {
        isBlocks[ni++] = b;
        countIs += count[b];
      } else {
        oosBlocks[no++] = b;
        countOos += count[b];
      }
    }
    for (let n = 0; n < N; n++) {
      const base = n * S;
      isPerf[n] = unionSharpe(sum, sumSq, base, isBlocks, countIs);
      oosPerf[n] = unionSharpe(sum, sumSq, base, oosBlocks, countOos);
    }
    let best = 0;
    for (let n = 1; n < N; n++) if (isPerf[n] > isPerf[best]) best = n;
    const v = oosPerf[best];
    let less = 0;
    let equal = 0;
    for (let n = 0; n < N; n++) {
      const o = oosPerf[n];
      if (o < v) less++;
      else if (o === v) equal++;
    }
    const rank = less + (equal + 1) / 2;
    const logit = Math.log(rank / (N + 1 - rank));
    if (logit <= 0) overfit++;
    logits[c] = logit;
    relativeRanks[c] = rank / (N + 1);
    selected[c] = best;
    isSharpe[c] = isPerf[best] * ann;
    oosSharpe[c] = v * ann;
  }

  return {
    pbo: overfit / C,
    rows: stats.rows,
    blocks: S,
    configs: N,
    combinations: C,
    totalCombinations: combos.total,
    sampled: combos.sampled,
    seed,
    logits,
    relativeRanks,
    selected,
    isSharpe,
    oosSharpe,
    histogram: logitHistogram(logits, N, bins),
    degradation: degradation(isSharpe, oosSharpe),
  };
}

/**
 * CSCV over full return columns (the paper's matrix M, one array of T returns per
 * configuration).
 *
 * @param columns N ≥ 2 arrays of per-bar returns, all of length T ≥ 2·blocks
 * @param blocks S (even) @default 16
 * @param options as for {@link probabilityOfBacktestOverfitting}
 */
export function pboFromReturns(
  columns: readonly ArrayLike<number>[],
  blocks: number = DEFAULT_PBO_BLOCKS,
  options: PboOptions = {},
): PboResult {
  if (columns.length < 2) {
    throw new ValidationError(`pbo: needs at least 2 configurations, got ${columns.length}`);
  }
  return probabilityOfBacktestOverfitting(blockStatsFromColumns(columns, blocks), options);
}

/** The JSON summary of a result (for `validation_summary.json`). */
export function pboSummary(result: PboResult): PboSummary {
  const d = result.degradation;
  const sorted = Float64Array.from(result.logits).sort();
  const m = sorted.length;
  const median = m % 2 === 1 ? sorted[(m - 1) / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
  let total = 0;
  for (const l of result.logits) total += l;
  return {
    method: "cscv",
    pbo: result.pbo,
    rows: result.rows,
    blocks: result.blocks,
    configs: result.configs,
    combinations: result.combinations,
    total_combinations: result.totalCombinations,
    sampled: result.sampled,
    seed: result.seed,
    logit: { mean: total / m, median, histogram: result.histogram },
    degradation: {
      slope: d.slope,
      intercept: d.intercept,
      r_squared: d.rSquared,
      probability_of_loss: d.probabilityOfLoss,
      mean_is_sharpe: d.meanIsSharpe,
      mean_oos_sharpe: d.meanOosSharpe,
    },
  };
}

/** Per-bar Sharpe of the rows in `blockList` (0 without variance). */
function unionSharpe(
  sum: Float64Array,
  sumSq: Float64Array,
  base: number,
  blockList: Int32Array,
  rows: number,
): number {
  let s = 0;
  let q = 0;
  for (let i = 0; i < blockList.length; i++) {
    const b = base + blockList[i];
    s += sum[b];
    q += sumSq[b];
  }
  const mean = s / rows;
  const variance = (q - s * mean) / (rows - 1);
  // Rounding leaves a tiny variance for constant returns; count it as none.
  if (!(variance > 1e-12 * q / rows)) return 0;
  return mean / Math.sqrt(variance);
}

function logitHistogram(logits: Float64Array, n: number, bins: number) {
  const hi = Math.log(n);
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(-hi + 2 * hi * i / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const l of logits) {
    const i = Math.floor((l + hi) / (2 * hi) * bins);
    counts[Math.min(bins - 1, Math.max(0, i))]++;
  }
  return { edges, counts };
}

function degradation(x: Float64Array, y: Float64Array): PboDegradation {
  const m = x.length;
  let mx = 0;
  let my = 0;
  let losses = 0;
  for (let i = 0; i < m; i++) {
    mx += x[i];
    my += y[i];
    if (y[i] < 0) losses++;
  }
  mx /= m;
  my /= m;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < m; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : null;
  return {
    slope,
    intercept: slope === null ? null : my - slope * mx,
    rSquared: sxx > 0 && syy > 0 ? sxy * sxy / (sxx * syy) : null,
    probabilityOfLoss: losses / m,
    meanIsSharpe: mx,
    meanOosSharpe: my,
  };
}

function checkInputs(stats: BlockStats, seed: number, periodsPerYear: number, bins: number) {
  const { blocks: S, configs: N } = stats;
  if (N < 2) throw new ValidationError(`pbo: needs at least 2 configurations, got ${N}`);
  if (
    stats.count.length !== S || stats.sum.length !== N * S || stats.sumSq.length !== N * S
  ) {
    throw new ValidationError(`pbo: block stats do not match ${N} configurations × ${S} blocks`);
  }
  for (let b = 0; b < S; b++) {
    if (!(stats.count[b] >= 2)) {
      throw new ValidationError(`pbo: block ${b} has ${stats.count[b]} rows; at least 2 needed`);
    }
  }
  for (let i = 0; i < N * S; i++) {
    if (!Number.isFinite(stats.sum[i]) || !Number.isFinite(stats.sumSq[i])) {
      throw new ValidationError(
        `pbo: configuration ${Math.floor(i / S)} has a non-finite return in block ${i % S}`,
      );
    }
  }
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new ValidationError(`pbo: seed must be a 32-bit unsigned integer, got ${seed}`);
  }
  if (!(periodsPerYear > 0 && periodsPerYear < Infinity)) {
    throw new ValidationError(
      `pbo: periodsPerYear must be a positive number, got ${periodsPerYear}`,
    );
  }
  if (!(Number.isInteger(bins) && bins >= 1 && bins <= 1000)) {
    throw new ValidationError(`pbo: histogramBins must be an integer in [1, 1000], got ${bins}`);
  }
}
