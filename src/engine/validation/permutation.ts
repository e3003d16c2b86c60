/**
 * @module
 * Monte Carlo permutation test: is the strategy's result better than what it earns on price
 * paths with the same bar-to-bar moves in a random order (same return distribution, no
 * serial structure for it to exploit)?
 *
 * Trial i draws a permutation with the generator seeded `deriveSeed(seed, "trial", i)`,
 * rebuilds the path (`permuted_bars.ts`), re-runs signals, sizing and execution with the
 * run's configuration, and records the test metric (NaN where it is undefined, e.g. the
 * Sharpe ratio of a path on which the strategy never trades). With R the real run's metric
 * and k of the trials' defined values at or above R:
 *
 *   p = (1 + k) / (1 + number of defined trial values)
 *
 * (the +1s count the real path as one of the equally likely orders, so p is never 0 and the
 * test is exact under the null hypothesis that the order carries no information). Trials
 * are independent of how they are split into ranges: a pool can run [0, 500) and [500, 1000)
 * on two workers and concatenate the values.
 */
import type { Bars } from "../../domain/bars.ts";
import type { RunConfig } from "../run_config.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { PermutationConfig } from "./config.ts";
import { curveMetric } from "./metric.ts";
import { permutationSource, PermutedBars } from "./permuted_bars.ts";
import { Rng } from "./rng.ts";
import { deriveSeed } from "./seeds.ts";
import { StrategyRerun } from "./strategy_rerun.ts";
import { type DistributionSummary, orNull, summariseDistribution } from "./distribution.ts";

/** The permutation test's entry in `validation_summary.json`. */
export interface PermutationSummary {
  parameters: PermutationConfig;
  /** The module seed; trial i uses `deriveSeed(seed, "trial", i)`. */
  seed: number;
  /** Trials summarised. */
  trials: number;
  /** The real run's metric. */
  statistic: { metric: string; value: number | null };
  /** (1 + #{trial ≥ real}) / (1 + defined trials); null when the real metric is undefined. */
  p_value: number | null;
  /** Distribution of the metric over the permuted paths. */
  permuted: DistributionSummary;
  /** One line for people. */
  verdict: string;
}

/** Runs permutation trials over one bar set, reusing every buffer across trials. */
export class PermutationRunner {
  private readonly bars: PermutedBars;
  private readonly rerun: StrategyRerun;
  private readonly cfg: RunConfig;
  private readonly barsPerYear: number;
  private readonly params: PermutationConfig;
  private readonly seed: number;

  /**
   * @param bars the real bars
   * @param cfg the run's configuration
   * @param barsPerYear the run's annualisation constant
   * @param params the test's settings
   * @param seed the module seed (`deriveSeed(runSeed, "permutation")`)
   * @param dayStarts first bar of each trading date (needed by `within_day`)
   * @throws {ValidationError} when the bars cannot be permuted (see `permutationSource`), or
   *   `within_day` without `dayStarts`
   */
  constructor(
    bars: Bars,
    cfg: RunConfig,
    barsPerYear: number,
    params: PermutationConfig,
    seed: number,
    dayStarts?: Int32Array,
  ) {
    this.bars = new PermutedBars(permutationSource(bars, poolsOf(params, dayStarts)));
    this.rerun = new StrategyRerun(cfg, barsPerYear, bars.length);
    this.cfg = cfg;
    this.barsPerYear = barsPerYear;
    this.params = params;
    this.seed = seed;
  }

  /** The scratch path of the last trial (for tests and diagnostics). */
  get path(): PermutedBars {
    return this.bars;
  }

  /**
   * Runs trial `i` and returns its metric (NaN when undefined).
   * @param i trial index (≥ 0)
   */
  trial(i: number): number {
    const path = this.bars;
    path.shuffle(new Rng(deriveSeed(this.seed, "trial", i)));
    const weights = this.rerun.weights(path);
    const curve = this.rerun.simulate(path.forExecution(this.cfg.execution), weights);
    return curveMetric(this.params.metric, curve.equity, this.cfg.initial_cash, this.barsPerYear);
  }
}

/**
 * Runs permutation trials `[fromTrial, toTrial)`.
 *
 * @param bars the real bars
 * @param cfg the run's configuration
 * @param barsPerYear the run's annualisation constant
 * @param params the test's settings
 * @param seed the module seed
 * @param fromTrial first trial index (≥ 0)
 * @param toTrial end of the range (exclusive, ≤ params.trials)
 * @param dayStarts first bar of each trading date (needed by `within_day`)
 * @returns the metric of each trial, in trial order (NaN where undefined)
 * @throws {ValidationError} for a bad range or bars that cannot be permuted
 */
export function permutationTrials(
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  params: PermutationConfig,
  seed: number,
  fromTrial = 0,
  toTrial = params.trials,
  dayStarts?: Int32Array,
): Float64Array {
  checkRange(fromTrial, toTrial, params.trials);
  const out = new Float64Array(toTrial - fromTrial);
  if (out.length === 0) return out;
  const runner = new PermutationRunner(bars, cfg, barsPerYear, params, seed, dayStarts);
  for (let i = fromTrial; i < toTrial; i++) out[i - fromTrial] = runner.trial(i);
  return out;
}

/**
 * Combines trial values into the test's summary.
 *
 * @param params the test's settings
 * @param seed the module seed
 * @param real the real run's metric (NaN when undefined)
 * @param values the trials' metrics, in trial order
 * @returns the summary (pure: the same inputs give the same summary)
 */
export function summarisePermutation(
  params: PermutationConfig,
  seed: number,
  real: number,
  values: Float64Array,
): PermutationSummary {
  let defined = 0;
  let atLeast = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    defined++;
    if (v >= real) atLeast++;
  }
  const p = real === real ? (1 + atLeast) / (1 + defined) : NaN;
  return {
    parameters: params,
    seed,
    trials: values.length,
    statistic: { metric: params.metric, value: orNull(real) },
    p_value: orNull(p),
    permuted: summariseDistribution(values),
    verdict: verdict(params.metric, real, p, defined),
  };
}

function verdict(metric: string, real: number, p: number, defined: number): string {
  if (real !== real) return `not tested: the real run's ${metric} is undefined`;
  if (defined === 0) return `not tested: ${metric} is undefined on every permuted path`;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const head = `p = ${p.toPrecision(3)} over ${defined} shuffled paths`;
  if (p <= 0.01) return `${head}: the real ${metric} is very unlikely to be luck (1% level)`;
  if (p <= 0.05) return `${head}: the real ${metric} is unlikely to be luck (5% level)`;
  return `${head}: ${pct(p)} of shuffled orders do as well; the result is consistent with luck`;
}

/** Checks a trial range against the configured trial count. */
export function checkRange(from: number, to: number, trials: number): void {
  if (
    !(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= trials)
  ) {
    throw new ValidationError(`trial range [${from}, ${to}) is outside [0, ${trials})`);
  }
}

/** The day starts to shuffle within, or null for one pool. */
function poolsOf(params: PermutationConfig, dayStarts?: Int32Array): Int32Array | null {
  if (!params.within_day) return null;
  if (!dayStarts) {
    throw new ValidationError("permutation.within_day needs the bars' trading-day starts");
  }
  return dayStarts;
}
