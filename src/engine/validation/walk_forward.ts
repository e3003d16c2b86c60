/**
 * @module
 * Walk-forward analysis: the bars are cut into folds of a train window followed by a test
 * window; on each train window the best parameters of a grid are picked by Sharpe ratio
 * (ties → first in grid order), then run on the test window, and the out-of-sample test
 * results are stitched into one equity curve (equity carries from fold to fold).
 *
 * Folds (T bars, `train` = L bars, `test` = M bars, k folds): fold i tests
 * `[L + i·M, L + (i+1)·M)`; its train window ends where the test starts and begins at
 * `i·M` (rolling: always L bars) or at 0 (anchored: L + i·M bars). `train` and `test` are
 * whole bar counts (≥ 1) or fractions of T (in (0, 1), rounded down); `train` defaults to
 * 0.5 and `test` to ⌊(T − L) / k⌋. Bars after the last test window are unused.
 *
 * Warm-up and causality: features, signals and weights are computed once on the full bar
 * set and sliced per window. Every feature is shifted one bar, so the weight at bar t knows
 * bars < t only; a window's first bars therefore use data before the window as warm-up, and
 * no train window ever sees its test window. Each window is simulated on its own, starting
 * flat: on a train window with the run's initial cash; on test window i with the equity
 * test window i−1 ended with (the run's initial cash for the first). An open position at a
 * window's end is closed by auto-flatten when the run asks for it, otherwise it is carried
 * over only as marked-to-market equity (the next window starts flat, at no cost).
 *
 * Sharpe ratios are the metrics' (annualised). A window without return variance (no trade)
 * has Sharpe null in the report and counts as 0 when picking and in the means.
 */
import type { Bars } from "../../domain/bars.ts";
import { ValidationError } from "../../domain/errors.ts";
import { createFeatureCache, type IndicatorCache } from "../indicators/mod.ts";
import { computeMetrics, type Metrics, returnStats } from "../metrics/mod.ts";
import type { RunConfig } from "../run_config.ts";
import type { StrategyParams } from "../strategies/mod.ts";
import type { EquityCurve, SimulationResult } from "../types.ts";
import { expandGrid } from "../sweep/expand_grid.ts";
import { barsWindow, memberConfig, memberWeights, simulateWindow } from "../sweep/member_run.ts";
import { stitchWindows } from "../sweep/stitch_windows.ts";
import type { WalkForwardConfig } from "./walk_forward_config.ts";

export {
  parseWalkForwardConfig,
  type WalkForwardConfig,
  walkForwardSchema,
} from "./walk_forward_config.ts";

/** Bar ranges of one fold (end exclusive, indices into the full bar set). */
export interface WalkForwardFold {
  index: number;
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
}

/** One fold's pick and its in- and out-of-sample results. */
export interface WalkForwardFoldResult extends WalkForwardFold {
  /** Index of the picked parameters in `candidates`. */
  candidate: number;
  /** The picked strategy parameters. */
  params: StrategyParams;
  /** Sharpe of the pick on the train window. */
  isSharpe: number | null;
  /** Sharpe of the pick on the test window. */
  oosSharpe: number | null;
  /** Metrics of the test window (starting from the carried equity). */
  oosMetrics: Metrics;
}

/** The stitched out-of-sample run over `[start, end)`. */
export interface WalkForwardOos {
  start: number;
  end: number;
  /**
   * The test windows' simulations back to back: the curve over `end − start` bars (drawdown
   * against the running peak from the run's initial cash), fills and trades with bar indices
   * relative to `start`, costs and skip counts summed.
   */
  sim: SimulationResult;
  /** Metrics of the stitched curve from the run's initial cash. */
  metrics: Metrics;
}

/** Mean in- and out-of-sample Sharpe over the folds. */
export interface WalkForwardDegradation {
  meanIsSharpe: number;
  meanOosSharpe: number;
  /** meanOosSharpe / meanIsSharpe; null when meanIsSharpe is 0. */
  ratio: number | null;
  /** meanOosSharpe − meanIsSharpe. */
  difference: number;
}

/** Everything a walk-forward analysis computes. */
export interface WalkForwardResult {
  folds: WalkForwardFoldResult[];
  /** Parameter sets picked from (the grid's valid members, or the run's parameters alone). */
  candidates: StrategyParams[];
  /** Grid size and skipped combinations; null without a grid. */
  grid: { combinations: number; skipped: number } | null;
  /** Train-window Sharpe of every candidate: `isSharpe[fold][candidate]`. */
  isSharpe: (number | null)[][];
  oos: WalkForwardOos;
  degradation: WalkForwardDegradation;
}

/**
 * The folds of a walk-forward over `bars` bars.
 *
 * @throws {ValidationError} when a window has fewer than 2 bars or the folds do not fit
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const f = walkForwardFolds(100, { folds: 2, train: 40, test: 30, anchored: false });
 * assert.deepEqual(f.map((x) => [x.trainStart, x.trainEnd, x.testEnd]), [[0, 40, 70], [30, 70, 100]]);
 * ```
 */
export function walkForwardFolds(
  bars: number,
  cfg: Pick<WalkForwardConfig, "folds" | "train" | "test" | "anchored">,
): WalkForwardFold[] {
  const train = cfg.train < 1 ? Math.floor(cfg.train * bars) : cfg.train;
  const test = cfg.test === null
    ? Math.floor((bars - train) / cfg.folds)
    : cfg.test < 1
    ? Math.floor(cfg.test * bars)
    : cfg.test;
  if (train < 2 || test < 2) {
    throw new ValidationError(
      `walk_forward: train (${train} bars) and test (${test} bars) need at least 2 bars each`,
    );
  }
  const needed = train + cfg.folds * test;
  if (needed > bars) {
    throw new ValidationError(
      `walk_forward: train (${train}) + ${cfg.folds} folds × test (${test}) = ${needed} bars, ` +
        `more than the ${bars} bars`,
    );
  }
  const folds: WalkForwardFold[] = [];
  for (let i = 0; i < cfg.folds; i++) {
    const testStart = train + i * test;
    folds.push({
      index: i,
      trainStart: cfg.anchored ? 0 : i * test,
      trainEnd: testStart,
      testStart,
      testEnd: testStart + test,
    });
  }
  return folds;
}

/**
 * Runs a walk-forward analysis of `cfg` over `bars`.
 *
 * @param bars the dataset's bars
 * @param cfg the run config (strategy, risk, execution, initial cash); its strategy
 *   parameters are the base the grid overrides
 * @param wf folds, windows and optional grid (`parseWalkForwardConfig`)
 * @param barsPerYear annualisation constant of the dataset's calendar
 * @param sharedCache a feature cache built on these same `bars` (e.g. shared with a sweep)
 * @returns per-fold picks and Sharpe ratios, the stitched out-of-sample run, degradation
 * @throws {ValidationError} for folds that do not fit, a grid with no valid member, a cache
 *   built on other bars, or an equity ≤ 0 to carry into the next test window
 */
export function walkForward(
  bars: Bars,
  cfg: RunConfig,
  wf: WalkForwardConfig,
  barsPerYear: number,
  sharedCache?: IndicatorCache,
): WalkForwardResult {
  const cache = sharedCache ?? createFeatureCache(bars);
  if (cache.bars !== bars) {
    throw new ValidationError("walk_forward: the shared feature cache was built on other bars");
  }
  const folds = walkForwardFolds(bars.length, wf);
  let candidates: StrategyParams[] = [cfg.strategy.params];
  let grid: WalkForwardResult["grid"] = null;
  if (wf.grid !== null) {
    const e = expandGrid(wf.grid, cfg.strategy.params, cfg.strategy.id);
    candidates = e.members;
    grid = { combinations: e.combinations, skipped: e.skipped };
  }
  const cash = cfg.initial_cash;

  // In-sample: each candidate's weights once, then every train window.
  const trainBars = folds.map((f) => barsWindow(bars, f.trainStart, f.trainEnd));
  const curves: (EquityCurve | undefined)[] = folds.map(() => undefined);
  const isSharpe = folds.map(() => new Array<number | null>(candidates.length).fill(null));
  const pick = folds.map(() => 0);
  for (let c = 0; c < candidates.length; c++) {
    const mcfg = memberConfig(cfg, candidates[c]);
    const weights = memberWeights(cache, mcfg, barsPerYear);
    for (const f of folds) {
      const sim = simulateWindow(
        trainBars[f.index],
        weights,
        f.trainStart,
        mcfg,
        cash,
        barsPerYear,
        curves[f.index],
      );
      curves[f.index] = sim.curve;
      const s = finite(returnStats(sim.curve.equity, cash, barsPerYear).sharpe);
      isSharpe[f.index][c] = s;
      // Strictly better only: ties keep the earlier candidate (grid order).
      if ((s ?? 0) > (isSharpe[f.index][pick[f.index]] ?? 0)) pick[f.index] = c;
    }
  }

  // Out-of-sample: the picks on the test windows, equity carried across folds.
  const picked = new Map<number, { mcfg: RunConfig; weights: Float64Array }>();
  const parts: SimulationResult[] = [];
  const results: WalkForwardFoldResult[] = [];
  let carried = cash;
  for (const f of folds) {
    if (!(carried > 0)) {
      throw new ValidationError(
        `walk_forward: equity is ${carried} after fold ${f.index - 1}; cannot run fold ${f.index}`,
      );
    }
    const c = pick[f.index];
    let run = picked.get(c);
    if (run === undefined) {
      const mcfg = memberConfig(cfg, candidates[c]);
      run = { mcfg, weights: memberWeights(cache, mcfg, barsPerYear) };
      picked.set(c, run);
    }
    const window = barsWindow(bars, f.testStart, f.testEnd);
    const sim = simulateWindow(window, run.weights, f.testStart, run.mcfg, carried, barsPerYear);
    const oosMetrics = computeMetrics(window, sim, { initialCash: carried, barsPerYear });
    results.push({
      ...f,
      candidate: c,
      params: candidates[c],
      isSharpe: isSharpe[f.index][c],
      oosSharpe: oosMetrics.sharpe,
      oosMetrics,
    });
    parts.push(sim);
    carried = sim.curve.equity[window.length - 1];
  }

  const start = folds[0].testStart;
  const end = folds[folds.length - 1].testEnd;
  const sim = stitchWindows(parts, cash);
  const metrics = computeMetrics(barsWindow(bars, start, end), sim, {
    initialCash: cash,
    barsPerYear,
  });
  return {
    folds: results,
    candidates,
    grid,
    isSharpe,
    oos: { start, end, sim, metrics },
    degradation: degradation(results),
  };
}

function degradation(folds: readonly WalkForwardFoldResult[]): WalkForwardDegradation {
  let is = 0;
  let oos = 0;
  for (const f of folds) {
    is += f.isSharpe ?? 0;
    oos += f.oosSharpe ?? 0;
  }
  const meanIsSharpe = is / folds.length;
  const meanOosSharpe = oos / folds.length;
  return {
    meanIsSharpe,
    meanOosSharpe,
    ratio: meanIsSharpe !== 0 ? meanOosSharpe / meanIsSharpe : null,
    difference: meanOosSharpe - meanIsSharpe,
  };
}

function finite(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}
