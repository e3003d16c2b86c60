/**
 * @module
 * The validation stage: runs the tests a run's `validation` block asks for and builds the
 * JSON-ready `validation_summary.json` (snake_case keys), plus detail arrays for detail files.
 *
 * Split for a worker pool: {@link runValidationTrials} runs one trial range of every test
 * (each test's own trial count clips the range), {@link mergeValidationTrials} joins ranges
 * run anywhere, and {@link summariseValidation} is pure. Seeds: each test's module seed is
 * `deriveSeed(cfg.seed, "<test>")` and trial i's `deriveSeed(moduleSeed, "trial", i)`, so the
 * result is the same however the trials are split. {@link runValidation} does all three in
 * one call. The Sharpe statistics (PSR, DSR) are always computed: they need no trials.
 * `walk_forward` is not run here; when asked for, it is listed under `deferred` for the
 * walk-forward module's summary to be merged by the caller.
 */
import type { Bars } from "../../domain/bars.ts";
import type { EquityCurve } from "../types.ts";
import type { Metrics } from "../metrics/types.ts";
import type { RunConfig } from "../run_config.ts";
import { ValidationError } from "../../domain/errors.ts";
import { parseValidationConfig, VALIDATION_TESTS, type ValidationConfig } from "./config.ts";
import { barReturns, returnMoments } from "./moments.ts";
import { recordedMetric } from "./metric.ts";
import { type PermutationSummary, permutationTrials, summarisePermutation } from "./permutation.ts";
import {
  type BootstrapSummary,
  bootstrapTrials,
  type BootstrapValues,
  summariseBootstrap,
} from "./bootstrap.ts";
import {
  checkMonteCarloExecution,
  type MonteCarloSummary,
  monteCarloTrials,
  type MonteCarloValues,
  summariseMonteCarlo,
} from "./monte_carlo.ts";
import {
  checkDsrInput,
  type DsrInput,
  type SharpeSummary,
  summariseSharpe,
} from "./sharpe_summary.ts";
import { deriveSeed } from "./seeds.ts";

/** The parts of the real run validation reads (a subset of `runBacktest`'s output). */
export interface RealRun {
  sim: { curve: EquityCurve };
  weights: Float64Array;
  metrics: Metrics;
}

/** Options of {@link runValidation}. */
export interface ValidationOptions {
  /** First trial to run (each test clips it to its trial count). @default 0 */
  trialsFrom?: number;
  /** End of the trial range, exclusive. @default every trial */
  trialsTo?: number;
  /** N and V for the Deflated Sharpe Ratio, from the catalog. */
  dsr: DsrInput;
  /**
   * First bar of each trading date (`tradingDayStarts` in `market/calendar`), needed by a
   * `within_day` permutation: a calendar fact, given like `barsPerYear`.
   */
  dayStarts?: Int32Array;
}

/** Trial values of one range [from, to) of one test. */
export interface TrialRange<T> {
  from: number;
  to: number;
  values: T;
}

/** Trial values of every enabled test over one range. */
export interface ValidationTrials {
  permutation?: TrialRange<Float64Array>;
  bootstrap?: TrialRange<BootstrapValues>;
  monte_carlo?: TrialRange<MonteCarloValues>;
}

/** `validation_summary.json`. */
export interface ValidationSummary {
  schema_version: 1;
  /** The run's seed, root of every test's seed. */
  root_seed: number;
  bars: number;
  bars_per_year: number;
  /** The trial range summarised when it is not every trial, else null. */
  trial_range: { from: number; to: number } | null;
  /** PSR, DSR and the return moments (always present). */
  sharpe: SharpeSummary;
  /** One entry per test that ran. */
  tests: {
    permutation?: PermutationSummary;
    bootstrap?: BootstrapSummary;
    monte_carlo?: MonteCarloSummary;
  };
  /** Tests asked for that another module computes (`walk_forward`). */
  deferred: string[];
}

/** Per-trial arrays for detail files. */
export interface ValidationDetails {
  /** The permuted paths' metric, per trial. */
  permutation?: Float64Array;
  bootstrap?: BootstrapValues;
  monte_carlo?: MonteCarloValues;
}

/**
 * Runs the requested tests over one trial range.
 *
 * @param bars the run's bars
 * @param cfg the run's configuration (its `validation` block says what to run)
 * @param barsPerYear the run's annualisation constant
 * @param real the real run's output
 * @param fromTrial first trial (clipped to each test's count)
 * @param toTrial end of the range, exclusive (clipped likewise)
 * @param dayStarts first bar of each trading date (needed by a `within_day` permutation)
 * @returns per-test trial values
 * @throws {ValidationError} for a bad block, a bad range or settings a test cannot run with
 */
export function runValidationTrials(
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  real: RealRun,
  fromTrial = 0,
  toTrial = Number.MAX_SAFE_INTEGER,
  dayStarts?: Int32Array,
): ValidationTrials {
  if (
    !(Number.isInteger(fromTrial) && Number.isInteger(toTrial) && 0 <= fromTrial &&
      fromTrial <= toTrial)
  ) {
    throw new ValidationError(`trial range [${fromTrial}, ${toTrial}) is not a range of trials`);
  }
  const v = parseValidationConfig(cfg.validation);
  if (v.monte_carlo) checkMonteCarloExecution(cfg.execution);
  const clip = (
    trials: number,
  ): [number, number] => [Math.min(fromTrial, trials), Math.min(toTrial, trials)];
  const out: ValidationTrials = {};
  if (v.permutation) {
    const p = v.permutation;
    const [from, to] = clip(p.trials);
    const seed = deriveSeed(cfg.seed, "permutation");
    out.permutation = {
      from,
      to,
      values: permutationTrials(bars, cfg, barsPerYear, p, seed, from, to, dayStarts),
    };
  }
  if (v.bootstrap) {
    const p = v.bootstrap;
    const [from, to] = clip(p.trials);
    const returns = barReturns(real.sim.curve.equity, cfg.initial_cash);
    const seed = deriveSeed(cfg.seed, "bootstrap");
    out.bootstrap = { from, to, values: bootstrapTrials(returns, barsPerYear, p, seed, from, to) };
  }
  if (v.monte_carlo) {
    const p = v.monte_carlo;
    const [from, to] = clip(p.trials);
    const seed = deriveSeed(cfg.seed, "monte_carlo");
    out.monte_carlo = {
      from,
      to,
      values: monteCarloTrials(bars, cfg, barsPerYear, real.weights, p, seed, from, to),
    };
  }
  return out;
}

/**
 * Joins trial values of adjacent ranges (in any order) into one.
 *
 * @param parts outputs of {@link runValidationTrials} over ranges that tile one range
 * @returns the joined values
 * @throws {ValidationError} when the ranges of a test leave a gap or overlap
 */
export function mergeValidationTrials(parts: readonly ValidationTrials[]): ValidationTrials {
  const out: ValidationTrials = {};
  for (const test of VALIDATION_TESTS) {
    const ranges = parts.map((p) => p[test]).filter((r) => r !== undefined)
      .sort((a, b) => a.from - b.from) as TrialRange<unknown>[];
    if (ranges.length === 0) continue;
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i].from !== ranges[i - 1].to) {
        throw new ValidationError(
          `${test}: trial ranges [${ranges[i - 1].from}, ${ranges[i - 1].to}) and ` +
            `[${ranges[i].from}, ${ranges[i].to}) do not join`,
        );
      }
    }
    const from = ranges[0].from;
    const to = ranges[ranges.length - 1].to;
    const join = (pick: (v: unknown) => Float64Array) =>
      concat(ranges.map((r) => pick(r.values)), to - from);
    if (test === "permutation") {
      out.permutation = { from, to, values: join((v) => v as Float64Array) };
    } else if (test === "bootstrap") {
      const pick = (k: keyof BootstrapValues) => join((v) => (v as BootstrapValues)[k]);
      out.bootstrap = {
        from,
        to,
        values: { sharpe: pick("sharpe"), cagr: pick("cagr"), max_drawdown: pick("max_drawdown") },
      };
    } else {
      const pick = (k: keyof MonteCarloValues) => join((v) => (v as MonteCarloValues)[k]);
      out.monte_carlo = {
        from,
        to,
        values: { final_equity: pick("final_equity"), sharpe: pick("sharpe") },
      };
    }
  }
  return out;
}

/**
 * Builds the summary from trial values (pure).
 *
 * @param cfg the run's configuration
 * @param barsPerYear the run's annualisation constant
 * @param real the real run's output
 * @param trials trial values (one range, possibly merged)
 * @param dsr N and V for the Deflated Sharpe Ratio
 * @returns `validation_summary.json`
 * @throws {ValidationError} for a bad block or bad DSR inputs
 */
export function summariseValidation(
  cfg: RunConfig,
  barsPerYear: number,
  real: RealRun,
  trials: ValidationTrials,
  dsr: DsrInput,
): ValidationSummary {
  const v = parseValidationConfig(cfg.validation);
  const equity = real.sim.curve.equity;
  const returns = barReturns(equity, cfg.initial_cash);
  const m = real.metrics;
  const tests: ValidationSummary["tests"] = {};
  let partial = false;
  const note = (r: TrialRange<unknown>, total: number) => {
    if (r.from !== 0 || r.to !== total) partial = true;
  };
  if (v.permutation && trials.permutation) {
    const p = v.permutation;
    note(trials.permutation, p.trials);
    tests.permutation = summarisePermutation(
      p,
      deriveSeed(cfg.seed, "permutation"),
      recordedMetric(p.metric, m),
      trials.permutation.values,
    );
  }
  if (v.bootstrap && trials.bootstrap) {
    note(trials.bootstrap, v.bootstrap.trials);
    tests.bootstrap = summariseBootstrap(
      v.bootstrap,
      deriveSeed(cfg.seed, "bootstrap"),
      returns.length,
      {
        sharpe: recordedMetric("sharpe", m),
        cagr: recordedMetric("cagr", m),
        max_drawdown: m.max_drawdown,
      },
      trials.bootstrap.values,
    );
  }
  if (v.monte_carlo && trials.monte_carlo) {
    note(trials.monte_carlo, v.monte_carlo.trials);
    tests.monte_carlo = summariseMonteCarlo(
      v.monte_carlo,
      deriveSeed(cfg.seed, "monte_carlo"),
      cfg.initial_cash,
      { final_equity: m.final_equity, sharpe: recordedMetric("sharpe", m) },
      trials.monte_carlo.values,
    );
  }
  const ranges = [trials.permutation, trials.bootstrap, trials.monte_carlo]
    .filter((r) => r !== undefined);
  return {
    schema_version: 1,
    root_seed: cfg.seed,
    bars: equity.length,
    bars_per_year: barsPerYear,
    trial_range: partial && ranges.length > 0
      ? { from: Math.min(...ranges.map((r) => r.from)), to: Math.max(...ranges.map((r) => r.to)) }
      : null,
    sharpe: summariseSharpe(returnMoments(returns), barsPerYear, dsr),
    tests,
    deferred: deferredTests(v),
  };
}

/**
 * Runs the requested tests over the trial range and summarises them, with detail arrays.
 *
 * @param bars the run's bars
 * @param cfg the run's configuration
 * @param barsPerYear the run's annualisation constant
 * @param real the real run's output (`runBacktest`)
 * @param opts trial range and DSR inputs
 * @returns the summary and the per-trial arrays
 * @throws {ValidationError} for a bad block, range, DSR input or unsupported settings
 */
export function runValidationWithDetails(
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  real: RealRun,
  opts: ValidationOptions,
): { summary: ValidationSummary; details: ValidationDetails } {
  // DSR inputs are checked before any trial runs, so a bad request fails fast.
  checkDsrInput(opts.dsr);
  const trials = runValidationTrials(
    bars,
    cfg,
    barsPerYear,
    real,
    opts.trialsFrom ?? 0,
    opts.trialsTo ?? Number.MAX_SAFE_INTEGER,
    opts.dayStarts,
  );
  return {
    summary: summariseValidation(cfg, barsPerYear, real, trials, opts.dsr),
    details: {
      ...(trials.permutation ? { permutation: trials.permutation.values } : {}),
      ...(trials.bootstrap ? { bootstrap: trials.bootstrap.values } : {}),
      ...(trials.monte_carlo ? { monte_carlo: trials.monte_carlo.values } : {}),
    },
  };
}

/**
 * Runs the requested tests and returns `validation_summary.json`.
 *
 * @param bars the run's bars
 * @param cfg the run's configuration
 * @param barsPerYear the run's annualisation constant
 * @param realResult the real run's output (`runBacktest`)
 * @param opts trial range and DSR inputs
 * @returns the JSON-ready summary
 * @throws {ValidationError} for a bad block, range, DSR input or unsupported settings
 */
export function runValidation(
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  realResult: RealRun,
  opts: ValidationOptions,
): ValidationSummary {
  return runValidationWithDetails(bars, cfg, barsPerYear, realResult, opts).summary;
}

function deferredTests(v: ValidationConfig): string[] {
  return v.walk_forward !== undefined && v.walk_forward !== null && v.walk_forward !== false
    ? ["walk_forward"]
    : [];
}

function concat(arrays: Float64Array[], length: number): Float64Array {
  const out = new Float64Array(length);
  let k = 0;
  for (const a of arrays) {
    out.set(a, k);
    k += a.length;
  }
  return out;
}
