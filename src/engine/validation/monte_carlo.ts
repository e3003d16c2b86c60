/**
 * @module
 * Monte Carlo execution noise: how fragile is the result to worse fills? Each trial re-runs
 * the execution simulator on the real bars and the real target weights, with an extra
 * adverse slippage on every fill of ε = |N(0, σ)| basis points of the fill bar's reference
 * price (σ = `slippage_noise_bps`), on top of the configured slippage model.
 *
 * How the noise reaches the simulator without changing it: the trial runs the `k_spread`
 * model with k = 1 on a spread column that holds, per bar, the configured model's own
 * per-unit concession plus the noise — `none`: 0; `k_spread`: k × spreadMean (NaN or
 * negative as 0, like the simulator); `spread_pct`: ref × pct / 100 — plus ε × ref. The
 * simulator applies a per-unit concession adversely (buys pay it, sales give it up, never
 * below a zero price), so every fill is hurt, by its own draw. With σ = 0 a trial reproduces
 * the real run. Draws are made only at the bars where a fill can happen: bar 0, each bar
 * after a change of target weight, and the last bar (auto-flatten) — in bar order, one
 * standard normal each. On the last bar the concession uses the close (the auto-flatten's
 * price) when auto-flatten is on, so a regular fill on that same bar is priced off the close
 * too. `participation_rate` (a concession that depends on the filled quantity) is not
 * supported: it needs a per-fill hook in the simulator.
 *
 * Outputs per trial: final equity and Sharpe ratio. The summary gives their distributions
 * and the probability of loss, P(final equity < initial cash).
 */
import type { Bars } from "../../domain/bars.ts";
import type { ExecutionConfig } from "../types.ts";
import type { RunConfig } from "../run_config.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { MonteCarloConfig } from "./config.ts";
import { type DistributionSummary, orNull, summariseDistribution } from "./distribution.ts";
import { curveMetric } from "./metric.ts";
import { checkRange } from "./permutation.ts";
import { Rng } from "./rng.ts";
import { deriveSeed } from "./seeds.ts";
import { StrategyRerun } from "./strategy_rerun.ts";

/** Per-trial outcomes, in trial order. */
export interface MonteCarloValues {
  final_equity: Float64Array;
  /** NaN where undefined. */
  sharpe: Float64Array;
}

/** The Monte Carlo test's entry in `validation_summary.json`. */
export interface MonteCarloSummary {
  parameters: MonteCarloConfig;
  /** The module seed; trial i uses `deriveSeed(seed, "trial", i)`. */
  seed: number;
  trials: number;
  observed: { final_equity: number | null; sharpe: number | null };
  final_equity: DistributionSummary;
  sharpe: DistributionSummary;
  /** Share of trials ending below the initial cash. */
  probability_of_loss: number | null;
  verdict: string;
}

/**
 * Throws when execution settings cannot take slippage noise.
 * @throws {ValidationError} for the `participation_rate` model
 */
export function checkMonteCarloExecution(cfg: ExecutionConfig): void {
  if (cfg.slippage.model === "participation_rate") {
    throw new ValidationError(
      "validation.monte_carlo: slippage noise is not supported with the participation_rate model",
    );
  }
}

/** Runs Monte Carlo trials over one run, reusing every buffer across trials. */
export class MonteCarloRunner {
  private readonly rerun: StrategyRerun;
  private readonly bars: Bars;
  private readonly weights: Float64Array;
  private readonly cfg: RunConfig;
  private readonly barsPerYear: number;
  private readonly execution: ExecutionConfig;
  private readonly base: Float64Array;
  private readonly spread: Float64Array;
  private readonly ref: Float64Array;
  private readonly candidates: Int32Array;
  private readonly scale: number;
  private readonly seed: number;

  /**
   * @param bars the real bars
   * @param cfg the run's configuration
   * @param barsPerYear the run's annualisation constant
   * @param weights the real run's target weights
   * @param params the test's settings
   * @param seed the module seed (`deriveSeed(runSeed, "monte_carlo")`)
   * @throws {ValidationError} for `participation_rate` slippage or misaligned weights
   */
  constructor(
    bars: Bars,
    cfg: RunConfig,
    barsPerYear: number,
    weights: Float64Array,
    params: MonteCarloConfig,
    seed: number,
  ) {
    checkMonteCarloExecution(cfg.execution);
    const n = bars.length;
    if (weights.length !== n) {
      throw new ValidationError(`weights has ${weights.length} rows but bars has ${n}`);
    }
    const ex = cfg.execution;
    this.ref = ex.fill_price === "open"
      ? bars.open
      : ex.fill_price === "close"
      ? bars.close
      : bars.vwap;
    this.base = new Float64Array(n);
    const s = ex.slippage;
    for (let t = 0; t < n; t++) {
      const ref = t === n - 1 && ex.auto_flatten ? bars.close[t] : this.ref[t];
      if (s.model === "k_spread") {
        const sp = bars.spreadMean[t];
        this.base[t] = sp >= 0 ? s.k * sp : 0;
      } else if (s.model === "spread_pct") {
        this.base[t] = ref * (s.pct / 100);
      }
    }
    this.spread = this.base.slice();
    this.candidates = fillCandidates(weights);
    this.bars = { ...bars, spreadMean: this.spread };
    this.weights = weights;
    this.cfg = cfg;
    this.barsPerYear = barsPerYear;
    this.execution = { ...ex, slippage: { model: "k_spread", k: 1 } };
    this.rerun = new StrategyRerun(cfg, barsPerYear, n);
    this.scale = params.slippage_noise_bps / 1e4;
    this.seed = seed;
  }

  /**
   * Runs trial `i`.
   * @param i trial index (≥ 0)
   * @returns final equity and Sharpe ratio (NaN when undefined)
   */
  trial(i: number): [number, number] {
    const rng = new Rng(deriveSeed(this.seed, "trial", i));
    const { candidates, spread, base, bars } = this;
    const last = bars.length - 1;
    const autoFlatten = this.cfg.execution.auto_flatten;
    for (let j = 0; j < candidates.length; j++) {
      const t = candidates[j];
      const ref = t === last && autoFlatten ? bars.close[t] : this.ref[t];
      spread[t] = base[t] + Math.abs(rng.nextNormal()) * this.scale * ref;
    }
    const curve = this.rerun.simulate(bars, this.weights, this.execution);
    const eq = curve.equity;
    return [
      eq[last],
      curveMetric("sharpe", eq, this.cfg.initial_cash, this.barsPerYear),
    ];
  }
}

/**
 * Runs Monte Carlo trials `[fromTrial, toTrial)`.
 *
 * @param bars the real bars
 * @param cfg the run's configuration
 * @param barsPerYear the run's annualisation constant
 * @param weights the real run's target weights
 * @param params the test's settings
 * @param seed the module seed
 * @param fromTrial first trial (≥ 0)
 * @param toTrial end of the range (exclusive, ≤ params.trials)
 * @returns final equity and Sharpe ratio of each trial
 * @throws {ValidationError} for a bad range or unsupported execution settings
 */
export function monteCarloTrials(
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  weights: Float64Array,
  params: MonteCarloConfig,
  seed: number,
  fromTrial = 0,
  toTrial = params.trials,
): MonteCarloValues {
  checkRange(fromTrial, toTrial, params.trials);
  const k = toTrial - fromTrial;
  const out = { final_equity: new Float64Array(k), sharpe: new Float64Array(k) };
  if (k === 0) return out;
  const runner = new MonteCarloRunner(bars, cfg, barsPerYear, weights, params, seed);
  for (let i = fromTrial; i < toTrial; i++) {
    const [eq, sharpe] = runner.trial(i);
    out.final_equity[i - fromTrial] = eq;
    out.sharpe[i - fromTrial] = sharpe;
  }
  return out;
}

/**
 * Combines trial values into the test's summary.
 *
 * @param params the test's settings
 * @param seed the module seed
 * @param initialCash the run's initial cash (the loss threshold)
 * @param observed the real run's final equity and Sharpe ratio (NaN where undefined)
 * @param values the trials' outcomes, in trial order
 * @returns the summary (pure)
 */
export function summariseMonteCarlo(
  params: MonteCarloConfig,
  seed: number,
  initialCash: number,
  observed: { final_equity: number; sharpe: number },
  values: MonteCarloValues,
): MonteCarloSummary {
  const n = values.final_equity.length;
  let losses = 0;
  for (let i = 0; i < n; i++) if (values.final_equity[i] < initialCash) losses++;
  const pLoss = n > 0 ? losses / n : NaN;
  const fe = summariseDistribution(values.final_equity);
  return {
    parameters: params,
    seed,
    trials: n,
    observed: { final_equity: orNull(observed.final_equity), sharpe: orNull(observed.sharpe) },
    final_equity: fe,
    sharpe: summariseDistribution(values.sharpe),
    probability_of_loss: orNull(pLoss),
    verdict: n === 0
      ? "not run: no trials"
      : `with |N(0, ${params.slippage_noise_bps} bps)| extra ` +
        `slippage per fill, ${(100 * pLoss).toFixed(1)}% of ${n} runs lose money; median final ` +
        `equity ${fe.quantiles.p50?.toFixed(2)} (real ${
          orNull(observed.final_equity)?.toFixed(2)
        })`,
  };
}

/** Bars where a fill can happen: 0, t + 1 after each change of weight, and the last bar. */
function fillCandidates(weights: Float64Array): Int32Array {
  const n = weights.length;
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    const changed = t >= 1 && !Object.is(weights[t - 1], t >= 2 ? weights[t - 2] : 0);
    if (t === 0 || changed || t === n - 1) out.push(t);
  }
  return Int32Array.from(out);
}
