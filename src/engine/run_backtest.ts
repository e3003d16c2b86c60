/**
 * @module
 * The engine core as one pure function: features → signals → sizing → execution → metrics.
 * Bars and a normalised config in; arrays and numbers out. No I/O, clock or randomness, so
 * the same inputs give bit-identical outputs.
 */
import type { Bars } from "../market/bars.ts";
import { createFeatureCache } from "./indicators/mod.ts";
import { computeSignals, strategyFeatures } from "./strategies/mod.ts";
import { riskFeatures, targetWeights } from "./risk/mod.ts";
import { simulate } from "./execution/mod.ts";
import { computeMetrics, type Metrics } from "./metrics/mod.ts";
import type { RunConfig } from "./run_config.ts";
import type { Signal, SimulationResult } from "./types.ts";

/** Engine stages, in order (the run's progress events use these names). */
export const ENGINE_STAGES = ["features", "signals", "sizing", "execution", "metrics"] as const;

/** One engine stage. */
export type EngineStage = typeof ENGINE_STAGES[number];

/** Everything the engine computes for one run. */
export interface EngineOutput {
  signals: Signal;
  weights: Float64Array;
  sim: SimulationResult;
  metrics: Metrics;
}

/**
 * Runs the engine over `bars` with `cfg`.
 * @param bars the dataset's bars
 * @param cfg a config from `parseRunConfig`
 * @param barsPerYear annualisation constant of the dataset's session (calendar)
 * @param onStage called as each stage starts
 */
export function runBacktest(
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  onStage: (stage: EngineStage) => void = () => {},
): EngineOutput {
  onStage("features");
  const cache = createFeatureCache(bars);
  for (
    const f of [
      ...strategyFeatures(cfg.strategy.id, cfg.strategy.params),
      ...riskFeatures(cfg.risk),
    ]
  ) {
    cache.get(f.name, f.params);
  }
  onStage("signals");
  const signals = computeSignals(cfg.strategy.id, cache, cfg.strategy.params);
  onStage("sizing");
  const weights = targetWeights(signals, cache, cfg.risk, barsPerYear);
  onStage("execution");
  const opts = { initialCash: cfg.initial_cash, barsPerYear };
  const sim = simulate(bars, weights, cfg.execution, opts);
  onStage("metrics");
  const metrics = computeMetrics(bars, sim, opts);
  return { signals, weights, sim, metrics };
}
