/**
 * @module
 * Re-runs a run's strategy (features → signals → sizing → execution) on other bars of the
 * same length, as validation trials do thousands of times. The equity curve is written into
 * arrays owned by the re-runner. `sma_crossover` / `dual_sma` with `fixed_fraction` sizing
 * take the lean path (`lean_sma_crossover.ts`: same weights, reused buffers, nothing
 * allocated per trial); any other configuration goes through the registries, whose per-trial
 * outputs (feature series, signal, weights) the garbage collector reclaims, so memory stays
 * flat however many trials run either way.
 */
import type { Bars } from "../../domain/bars.ts";
import type { EquityCurve, ExecutionConfig } from "../types.ts";
import type { RunConfig } from "../run_config.ts";
import { createFeatureCache } from "../indicators/feature_cache.ts";
import { computeSignals } from "../strategies/registry.ts";
import { targetWeights } from "../risk/target_weights.ts";
import { simulate } from "../execution/simulate.ts";
import { type LeanSmaPlan, leanSmaPlan, leanSmaWeightsInto } from "./lean_sma_crossover.ts";

/** Re-runs one configuration on bar sets of a fixed length, reusing its curve buffers. */
export class StrategyRerun {
  /** The curve the last {@link StrategyRerun.simulate} wrote (overwritten by the next). */
  readonly curve: EquityCurve;
  private readonly cfg: RunConfig;
  private readonly opts: { initialCash: number; barsPerYear: number; curve: EquityCurve };
  private readonly lean: LeanSmaPlan | null;
  private readonly scratch: Float64Array[] = [];

  /**
   * @param cfg the run's configuration
   * @param barsPerYear the run's annualisation constant
   * @param length the number of bars every re-run will have
   */
  constructor(cfg: RunConfig, barsPerYear: number, length: number) {
    this.cfg = cfg;
    this.curve = {
      equity: new Float64Array(length),
      cash: new Float64Array(length),
      position: new Float64Array(length),
      drawdown: new Float64Array(length),
    };
    this.opts = { initialCash: cfg.initial_cash, barsPerYear, curve: this.curve };
    this.lean = leanSmaPlan(cfg);
    if (this.lean !== null) {
      for (let i = 0; i < 3; i++) this.scratch.push(new Float64Array(length));
    }
  }

  /** Whether this configuration takes the allocation-free lean path. */
  get isLean(): boolean {
    return this.lean !== null;
  }

  /**
   * Computes the target weights of the configured strategy and sizing on `bars`.
   * @param bars bars of the configured length
   * @returns the weights: on the lean path a buffer the next call overwrites, else a new array
   */
  weights(bars: Bars): Float64Array {
    if (this.lean !== null) {
      const [fast, slow, out] = this.scratch;
      leanSmaWeightsInto(this.lean, bars.close, fast, slow, out);
      return out;
    }
    const cfg = this.cfg;
    const cache = createFeatureCache(bars);
    const signals = computeSignals(cfg.strategy.id, cache, cfg.strategy.params);
    return targetWeights(signals, cache, cfg.risk, this.opts.barsPerYear);
  }

  /**
   * Simulates `weights` on `bars` into {@link StrategyRerun.curve}.
   * @param bars bars of the configured length
   * @param weights target weights aligned to `bars`
   * @param execution execution settings (the run's unless a test changes them)
   * @returns the equity curve (the shared buffers)
   */
  simulate(
    bars: Bars,
    weights: Float64Array,
    execution: ExecutionConfig = this.cfg.execution,
  ): EquityCurve {
    simulate(bars, weights, execution, this.opts);
    return this.curve;
  }

  /** Weights and simulation in one call; returns the equity curve (shared buffers). */
  run(bars: Bars): EquityCurve {
    return this.simulate(bars, this.weights(bars));
  }
}
