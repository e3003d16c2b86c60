/**
 * @module
 * Re-runs a run's strategy (features → signals → sizing → execution) on other bars of the
 * same length, as validation trials do thousands of times. The equity curve is written into
 * arrays owned by the re-runner, so a trial's only allocations are the engine stages' own
 * outputs (feature series, signal, weights), which the next trial's garbage collection
 * reclaims: memory stays flat however many trials run.
 */
import type { Bars } from "../../market/bars.ts";
import type { EquityCurve, ExecutionConfig } from "../types.ts";
import type { RunConfig } from "../run_config.ts";
import { createFeatureCache } from "../indicators/feature_cache.ts";
import { computeSignals } from "../strategies/registry.ts";
import { targetWeights } from "../risk/target_weights.ts";
import { simulate } from "../execution/simulate.ts";

/** Re-runs one configuration on bar sets of a fixed length, reusing its curve buffers. */
export class StrategyRerun {
  /** The curve the last {@link StrategyRerun.simulate} wrote (overwritten by the next). */
  readonly curve: EquityCurve;
  private readonly cfg: RunConfig;
  private readonly opts: { initialCash: number; barsPerYear: number; curve: EquityCurve };

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
  }

  /**
   * Computes the target weights of the configured strategy and sizing on `bars`.
   * @param bars bars of the configured length
   * @returns a new weight array
   */
  weights(bars: Bars): Float64Array {
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
