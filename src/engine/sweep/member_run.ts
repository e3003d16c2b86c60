/**
 * @module
 * One sweep member through the engine, split so the expensive, window-independent part is
 * done once: {@link memberWeights} computes signals and target weights over the whole bar set
 * (features come from a shared cache), and {@link simulateWindow} simulates any window of
 * those weights. Slicing after computing is causal: every feature is shifted one bar, so the
 * weight at bar t depends on bars < t only, and bars before a window serve as its warm-up.
 */
import type { Bars } from "../../domain/bars.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { IndicatorCache } from "../indicators/mod.ts";
import { targetWeights } from "../risk/mod.ts";
import { simulate } from "../execution/mod.ts";
import type { RunConfig } from "../run_config.ts";
import {
  computeSignals,
  parseStrategyParams,
  shortSwitch,
  type StrategyParams,
} from "../strategies/mod.ts";
import type { EquityCurve, SimulationResult } from "../types.ts";

/**
 * The run config of one member: `baseCfg` with the strategy parameters replaced by `params`
 * (validated), with the one short switch applied as `parseRunConfig` applies it to a single
 * run: the base config's shorts or the member's `allow_short: true` turn shorts on.
 *
 * @throws {ValidationError} when `params` is not valid for the strategy
 */
export function memberConfig(baseCfg: RunConfig, params: StrategyParams): RunConfig {
  const shorts = shortSwitch(
    parseStrategyParams(baseCfg.strategy.id, params) as Record<string, unknown>,
    baseCfg.execution.allow_short,
  );
  return {
    ...baseCfg,
    strategy: { id: baseCfg.strategy.id, params: shorts.params },
    execution: { ...baseCfg.execution, allow_short: shorts.allow_short },
  };
}

/**
 * Signals and target weights of `cfg` over all of the cache's bars.
 *
 * @param cache the shared feature cache of the bar set
 * @param cfg a member config ({@link memberConfig})
 * @param barsPerYear annualisation constant (volatility targeting)
 * @returns the target weight per bar
 */
export function memberWeights(
  cache: IndicatorCache,
  cfg: RunConfig,
  barsPerYear: number,
): Float64Array {
  const signals = computeSignals(cfg.strategy.id, cache, cfg.strategy.params);
  return targetWeights(signals, cache, cfg.risk, barsPerYear);
}

/**
 * Bars `[start, end)` of `bars` as views (no copy); write to neither.
 *
 * @throws {ValidationError} for a window outside the bars
 */
export function barsWindow(bars: Bars, start: number, end: number): Bars {
  if (
    !(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end &&
      end <= bars.length)
  ) {
    throw new ValidationError(`window [${start}, ${end}) is outside the ${bars.length} bars`);
  }
  if (start === 0 && end === bars.length) return bars;
  return {
    length: end - start,
    ts: bars.ts.subarray(start, end),
    open: bars.open.subarray(start, end),
    high: bars.high.subarray(start, end),
    low: bars.low.subarray(start, end),
    close: bars.close.subarray(start, end),
    volume: bars.volume.subarray(start, end),
    vwap: bars.vwap.subarray(start, end),
    tradeCount: bars.tradeCount.subarray(start, end),
    bidMean: bars.bidMean.subarray(start, end),
    askMean: bars.askMean.subarray(start, end),
    spreadMean: bars.spreadMean.subarray(start, end),
  };
}

/**
 * Simulates `weights` over the window `[start, end)` of `bars`, starting flat with
 * `initialCash` at the window's first bar (so the first fill is at `start + 1`).
 *
 * @param window the window's bars (`barsWindow(bars, start, end)`)
 * @param weights the full-series weights ({@link memberWeights})
 * @param start index of the window's first bar in the full series
 * @param cfg the member config (execution settings)
 * @param initialCash cash at the window's start
 * @param barsPerYear annualisation constant
 * @param curve optional reused curve arrays of the window's length (overwritten)
 */
export function simulateWindow(
  window: Bars,
  weights: Float64Array,
  start: number,
  cfg: RunConfig,
  initialCash: number,
  barsPerYear: number,
  curve?: EquityCurve,
): SimulationResult {
  const w = weights.subarray(start, start + window.length);
  return simulate(window, w, cfg.execution, { initialCash, barsPerYear, curve });
}
