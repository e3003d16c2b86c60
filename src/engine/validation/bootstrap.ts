/**
 * @module
 * Block bootstrap of the strategy's per-bar returns: how much could the Sharpe ratio, CAGR and
 * maximum drawdown differ on another draw of the same kind of market? Blocks keep short-range
 * dependence (volatility clustering, intraday patterns) that an i.i.d. resample would destroy.
 *
 * A trial builds a resampled series of the same length T, never materialised: returns are
 * read in place and folded into running sums.
 * - `stationary` (Politis & Romano 1994): start at a uniform index; before each further
 *   return, with probability 1/b (b = block; exactly ⌊2^32/b⌉/2^32) jump to a new uniform
 *   index, else step to the next one, wrapping from the last return to the first. Block
 *   lengths are geometric with mean b.
 * - `moving` (Künsch 1989): concatenate blocks of b consecutive returns starting at uniform
 *   indices in [0, T − b], the last block cut to fit.
 *
 * Per trial, with the resampled r₁…r_T: Sharpe = mean / sample std × √barsPerYear (NaN for
 * std 0); equity e_k = Π_{j≤k}(1 + r_j) from 1; CAGR = e_T^(barsPerYear/T) − 1 (−1 when
 * e_T ≤ 0, NaN on overflow); max drawdown = max_k (1 − e_k / peak_k), the peak starting at 1 —
 * the definitions of `computeMetrics`. Intervals are percentile intervals: the 2.5 % and
 * 97.5 % type-7 quantiles of the trial values, with the median.
 */
import { ValidationError } from "../../domain/errors.ts";
import type { BootstrapConfig } from "./config.ts";
import { orNull, quantileSorted, sortedDefined } from "./distribution.ts";
import { Rng } from "./rng.ts";
import { deriveSeed } from "./seeds.ts";
import { checkRange } from "./permutation.ts";

/** Per-trial bootstrap statistics, in trial order (NaN where undefined). */
export interface BootstrapValues {
  sharpe: Float64Array;
  cagr: Float64Array;
  max_drawdown: Float64Array;
}

/** A percentile interval and the median of one statistic, with the real run's value. */
export interface BootstrapInterval {
  observed: number | null;
  /** 2.5 % quantile. */
  lower: number | null;
  median: number | null;
  /** 97.5 % quantile. */
  upper: number | null;
  /** Trials where the statistic was undefined (left out). */
  undefined_count: number;
}

/** The bootstrap's entry in `validation_summary.json`. */
export interface BootstrapSummary {
  parameters: BootstrapConfig;
  /** The block length used (bars): `parameters.block`, or ⌈T^(1/3)⌉ when that is null. */
  block_used: number;
  /** The module seed; trial i uses `deriveSeed(seed, "trial", i)`. */
  seed: number;
  trials: number;
  intervals: {
    sharpe: BootstrapInterval;
    cagr: BootstrapInterval;
    max_drawdown: BootstrapInterval;
  };
  verdict: string;
}

/**
 * The block length a bootstrap of `count` returns uses.
 * @param params the settings
 * @param count T, the number of returns
 * @returns `params.block` (at most T), or ⌈T^(1/3)⌉
 */
export function bootstrapBlock(params: BootstrapConfig, count: number): number {
  const b = params.block ?? Math.ceil(Math.cbrt(count));
  return Math.max(1, Math.min(b, count));
}

/**
 * Runs bootstrap trials `[fromTrial, toTrial)` on a return series.
 *
 * @param returns the strategy's per-bar returns (`barReturns` of the real equity)
 * @param barsPerYear annualisation constant
 * @param params the test's settings
 * @param seed the module seed (`deriveSeed(runSeed, "bootstrap")`)
 * @param fromTrial first trial (≥ 0)
 * @param toTrial end of the range (exclusive, ≤ params.trials)
 * @returns the statistics of each trial
 * @throws {ValidationError} for a bad range or fewer than 2 returns
 */
export function bootstrapTrials(
  returns: Float64Array,
  barsPerYear: number,
  params: BootstrapConfig,
  seed: number,
  fromTrial = 0,
  toTrial = params.trials,
): BootstrapValues {
  checkRange(fromTrial, toTrial, params.trials);
  const n = returns.length;
  if (n < 2) throw new ValidationError(`bootstrap needs at least 2 returns, got ${n}`);
  const block = bootstrapBlock(params, n);
  const k = toTrial - fromTrial;
  const out = {
    sharpe: new Float64Array(k),
    cagr: new Float64Array(k),
    max_drawdown: new Float64Array(k),
  };
  // Sums are taken around the series mean, so the variance keeps its precision.
  let shift = 0;
  for (let t = 0; t < n; t++) shift += returns[t];
  shift /= n;
  const jump = Math.round(4294967296 / block);
  const annual = Math.sqrt(barsPerYear);
  const moving = params.method === "moving";
  for (let i = fromTrial; i < toTrial; i++) {
    const rng = new Rng(deriveSeed(seed, "trial", i));
    let s1 = 0;
    let s2 = 0;
    let e = 1;
    let peak = 1;
    let maxDd = 0;
    let idx = moving ? rng.nextInt(n - block + 1) : rng.nextInt(n);
    let left = block;
    for (let t = 0; t < n; t++) {
      if (t > 0) {
        if (moving) {
          if (--left === 0) {
            idx = rng.nextInt(n - block + 1);
            left = block;
          } else idx++;
        } else if (rng.nextU32() < jump) idx = rng.nextInt(n);
        else if (++idx === n) idx = 0;
      }
      const r = returns[idx];
      const d = r - shift;
      s1 += d;
      s2 += d * d;
      e *= 1 + r;
      if (e > peak) peak = e;
      else {
        const dd = 1 - e / peak;
        if (dd > maxDd) maxDd = dd;
      }
    }
    const mean = shift + s1 / n;
    const std = Math.sqrt(Math.max(0, (s2 - s1 * s1 / n) / (n - 1)));
    const j = i - fromTrial;
    out.sharpe[j] = std > 0 ? mean / std * annual : NaN;
    const g = e > 0 ? Math.pow(e, barsPerYear / n) - 1 : -1;
    out.cagr[j] = Number.isFinite(g) ? g : NaN;
    out.max_drawdown[j] = maxDd;
  }
  return out;
}

/**
 * Combines trial values into the test's summary.
 *
 * @param params the test's settings
 * @param seed the module seed
 * @param count T, the number of returns (for the block used)
 * @param observed the real run's Sharpe, CAGR and max drawdown (NaN where undefined)
 * @param values the trials' statistics, in trial order
 * @returns the summary (pure)
 */
export function summariseBootstrap(
  params: BootstrapConfig,
  seed: number,
  count: number,
  observed: { sharpe: number; cagr: number; max_drawdown: number },
  values: BootstrapValues,
): BootstrapSummary {
  const interval = (real: number, v: Float64Array): BootstrapInterval => {
    const sorted = sortedDefined(v);
    return {
      observed: orNull(real),
      lower: orNull(quantileSorted(sorted, 0.025)),
      median: orNull(quantileSorted(sorted, 0.5)),
      upper: orNull(quantileSorted(sorted, 0.975)),
      undefined_count: v.length - sorted.length,
    };
  };
  const sharpe = interval(observed.sharpe, values.sharpe);
  return {
    parameters: params,
    block_used: bootstrapBlock(params, count),
    seed,
    trials: values.sharpe.length,
    intervals: {
      sharpe,
      cagr: interval(observed.cagr, values.cagr),
      max_drawdown: interval(observed.max_drawdown, values.max_drawdown),
    },
    verdict: verdict(sharpe),
  };
}

function verdict(s: BootstrapInterval): string {
  if (s.lower === null || s.upper === null) {
    return "no interval: the Sharpe ratio is undefined on the resamples";
  }
  const ci = `95% interval of the Sharpe ratio [${s.lower.toFixed(2)}, ${s.upper.toFixed(2)}]`;
  if (s.lower > 0) return `${ci} lies above 0: the edge holds up under resampling`;
  if (s.upper < 0) return `${ci} lies below 0: the strategy loses under resampling`;
  return `${ci} contains 0: the Sharpe ratio is not distinguishable from 0`;
}
