/**
 * @module
 * The engine core as one pure function: features → signals → sizing → execution → metrics.
 * Bars and a normalised config in; arrays and numbers out. No I/O, clock or randomness, so
 * the same inputs give bit-identical outputs.
 *
 * Speed (`scripts/bench/engine_bench.ts`): features that can share a pass are computed
 * together (`getMany`), the simulator feeds the metrics' curve statistics as it writes the
 * curve (so nothing reads the curve twice), and callers that run many times pass an
 * {@link EngineScratch} so no per-bar array is allocated per run.
 */
import type { Bars } from "../domain/bars.ts";
import { createFeatureCache, type SeriesAllocator } from "./indicators/mod.ts";
import { computeSignals, strategyFeatures } from "./strategies/mod.ts";
import { riskFeatures, targetWeights } from "./risk/mod.ts";
import { simulate, SimulationLedger, type SimulationOptions } from "./execution/mod.ts";
import { computeMetrics, CurveStats, type Metrics } from "./metrics/mod.ts";
import type { RunConfig } from "./run_config.ts";
import type { EquityCurve, Signal, SimulationResult } from "./types.ts";

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
 * Arrays a run writes its per-bar series into (features, signals, weights, the equity
 * curve) and the simulator's fill and trade buffers, kept from one {@link runBacktest} call
 * to the next so that repeated runs allocate nothing per bar: fresh arrays cost more than
 * the engine's loops on long runs, since their memory has to be zeroed and faulted in.
 * Arrays are resized when the bar count changes.
 *
 * A run's `signals`, `weights` and `sim.curve` live in the scratch: the next run given the
 * same scratch overwrites them. Copy what must outlive it. Fills, trades and metrics are
 * always the run's own.
 */
export class EngineScratch {
  private series: Float64Array[] = [];
  private signals = new Int8Array(0);
  private weights = new Float64Array(0);
  /** The simulator's fill and trade buffers. */
  readonly ledger = new SimulationLedger();
  private curve: EquityCurve = {
    equity: new Float64Array(0),
    cash: new Float64Array(0),
    position: new Float64Array(0),
    drawdown: new Float64Array(0),
  };

  /** A series allocator for one run: hands out the pooled arrays in order. */
  seriesAllocator(): SeriesAllocator {
    const pool = this.series;
    let next = 0;
    return (length) => {
      let a = pool[next];
      if (a === undefined || a.length !== length) a = pool[next] = new Float64Array(length);
      next++;
      return a;
    };
  }

  /** The signal array for `length` bars. */
  signalsFor(length: number): Int8Array {
    if (this.signals.length !== length) this.signals = new Int8Array(length);
    return this.signals;
  }

  /** The weight array for `length` bars. */
  weightsFor(length: number): Float64Array {
    if (this.weights.length !== length) this.weights = new Float64Array(length);
    return this.weights;
  }

  /** The equity-curve arrays for `length` bars. */
  curveFor(length: number): EquityCurve {
    if (this.curve.equity.length !== length) {
      this.curve = {
        equity: new Float64Array(length),
        cash: new Float64Array(length),
        position: new Float64Array(length),
        drawdown: new Float64Array(length),
      };
    }
    return this.curve;
  }
}

/**
 * Runs the engine over `bars` with `cfg`.
 * @param bars the dataset's bars
 * @param cfg a config from `parseRunConfig`
 * @param barsPerYear annualisation constant of the dataset's session (calendar)
 * @param onStage called as each stage starts
 * @param scratch arrays to reuse from an earlier run (see {@link EngineScratch}: the
 *   output's per-bar arrays then live there until the next run with it); omitted, every
 *   array is new
 */
export function runBacktest(
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  onStage: (stage: EngineStage) => void = () => {},
  scratch?: EngineScratch,
): EngineOutput {
  const n = bars.length;
  // Without a scratch, the feature series still need not be new: they are not part of the
  // output. The shared pool serves one run at a time (a run started from inside another,
  // say from `onStage`, allocates) and only runs small enough to keep little memory.
  const pooled = scratch === undefined && !poolInUse && n <= POOL_MAX_BARS;
  if (pooled) poolInUse = true;
  try {
    return run(bars, cfg, barsPerYear, onStage, scratch, pooled ? FEATURE_POOL : scratch);
  } finally {
    if (pooled) poolInUse = false;
  }
}

/**
 * Feature-series arrays of runs that bring no scratch. A run's series are not part of its
 * output (its signals, weights, simulation and metrics are), so one set of arrays serves
 * such runs in turn, for bar sets of up to {@link POOL_MAX_BARS} bars.
 */
const FEATURE_POOL = new EngineScratch();
const POOL_MAX_BARS = 1_000_000;
let poolInUse = false;

function run(
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  onStage: (stage: EngineStage) => void,
  scratch: EngineScratch | undefined,
  features: EngineScratch | undefined,
): EngineOutput {
  const n = bars.length;
  onStage("features");
  const cache = createFeatureCache(bars, features?.seriesAllocator());
  // All at once, so series that can be computed together are (e.g. the two SMAs).
  cache.getMany([
    ...strategyFeatures(cfg.strategy.id, cfg.strategy.params),
    ...riskFeatures(cfg.risk),
  ]);
  onStage("signals");
  const signals = computeSignals(
    cfg.strategy.id,
    cache,
    cfg.strategy.params,
    scratch?.signalsFor(n),
  );
  onStage("sizing");
  const weights = targetWeights(signals, cache, cfg.risk, barsPerYear, scratch?.weightsFor(n));
  onStage("execution");
  // The simulator feeds the curve statistics as it writes the curve, so the metrics need
  // not read it again.
  const stats = new CurveStats(cfg.initial_cash);
  const opts: SimulationOptions = { initialCash: cfg.initial_cash, barsPerYear, stats };
  if (scratch) {
    opts.curve = scratch.curveFor(n);
    opts.ledger = scratch.ledger;
  }
  const sim = simulate(bars, weights, cfg.execution, opts);
  onStage("metrics");
  const metrics = computeMetrics(bars, sim, opts, stats.finish(bars.ts, barsPerYear));
  return { signals, weights, sim, metrics };
}
