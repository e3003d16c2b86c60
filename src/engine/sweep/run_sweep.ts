/**
 * @module
 * Runs a range of sweep members over one bar set. Members share one feature cache, so an
 * indicator series (e.g. SMA(20)) is computed once for every member that reads it, and one
 * set of equity-curve arrays is reused from member to member. A worker pool splits a sweep by
 * giving each worker a `[fromIdx, toIdx)` range of the same member list; rows carry the
 * member index so the parts can be merged in order.
 *
 * Each member is exactly the engine core (`runBacktest`) with the member's strategy
 * parameters: the same signals, weights, simulation and metrics, bit for bit.
 */
import type { Bars } from "../../domain/bars.ts";
import { ValidationError } from "../../domain/errors.ts";
import { createFeatureCache, type IndicatorCache } from "../indicators/mod.ts";
import { computeMetrics, type Metrics } from "../metrics/mod.ts";
import type { RunConfig } from "../run_config.ts";
import type { StrategyParams } from "../strategies/mod.ts";
import type { EquityCurve } from "../types.ts";
import { blockEdges, memberBlockMoments, type MemberBlocks } from "../validation/cscv_blocks.ts";
import { barReturns } from "./bar_returns.ts";
import { memberConfig, memberWeights, simulateWindow } from "./member_run.ts";

/** What a sweep row keeps besides its metrics. */
export interface SweepRunOptions {
  /**
   * Keep the member's per-bar returns (`bars.length` doubles; see `bar_returns.ts`).
   * @default false
   */
  returns?: boolean;
  /**
   * Keep the per-bar returns as moments over this many CSCV blocks (2 × blocks doubles), the
   * compact input of PBO. Even, ≥ 2, with at least 2 bars per block.
   * @default undefined (none)
   */
  blocks?: number;
}

/** The result of one sweep member. */
export interface SweepRow {
  /** Index of the member in the list given to {@link runSweepMembers}. */
  member: number;
  /** The member's strategy parameters, parsed (defaults filled). */
  params: StrategyParams;
  /** The run's metrics, as `runBacktest` computes them. */
  metrics: Metrics;
  /** Per-bar returns, when asked. */
  returns?: Float64Array;
  /** Block moments of the per-bar returns, when asked. */
  blocks?: MemberBlocks;
}

/**
 * Runs members `[fromIdx, toIdx)` of `members` on `bars`.
 *
 * @param bars the bar set (the dataset's bars)
 * @param baseCfg the run config every member starts from (strategy id, risk, execution, cash)
 * @param members strategy parameters per member (e.g. `expandGrid(...).members`)
 * @param fromIdx first member to run
 * @param toIdx one past the last member to run
 * @param barsPerYear annualisation constant of the dataset's calendar
 * @param sharedCache a feature cache built on these same `bars`, shared across calls
 * @param options per-bar returns or block moments to keep
 * @returns one row per member, in member order
 * @throws {ValidationError} for a bad range, a cache built on other bars, bad block count,
 *   or an invalid member (anything `runBacktest` would throw)
 */
export function runSweepMembers(
  bars: Bars,
  baseCfg: RunConfig,
  members: readonly StrategyParams[],
  fromIdx: number,
  toIdx: number,
  barsPerYear: number,
  sharedCache?: IndicatorCache,
  options: SweepRunOptions = {},
): SweepRow[] {
  if (
    !(Number.isInteger(fromIdx) && Number.isInteger(toIdx) && fromIdx >= 0 && fromIdx <= toIdx &&
      toIdx <= members.length)
  ) {
    throw new ValidationError(
      `sweep: member range [${fromIdx}, ${toIdx}) is outside the ${members.length} members`,
    );
  }
  const cache = sharedCache ?? createFeatureCache(bars);
  if (cache.bars !== bars) {
    throw new ValidationError("sweep: the shared feature cache was built on other bars");
  }
  const blocks = options.blocks;
  if (blocks !== undefined) blockEdges(bars.length, blocks);
  const keep = options.returns === true || blocks !== undefined;
  const scratch = keep ? new Float64Array(bars.length) : null;
  const cash = baseCfg.initial_cash;
  const metricOpts = { initialCash: cash, barsPerYear };
  let curve: EquityCurve | undefined;
  const rows: SweepRow[] = [];
  for (let i = fromIdx; i < toIdx; i++) {
    const cfg = memberConfig(baseCfg, members[i]);
    const weights = memberWeights(cache, cfg, barsPerYear);
    const sim = simulateWindow(bars, weights, 0, cfg, cash, barsPerYear, curve);
    curve = sim.curve;
    const row: SweepRow = {
      member: i,
      params: cfg.strategy.params,
      metrics: computeMetrics(bars, sim, metricOpts),
    };
    if (scratch !== null) {
      const r = barReturns(curve.equity, cash, scratch);
      if (options.returns === true) row.returns = r.slice();
      if (blocks !== undefined) row.blocks = memberBlockMoments(r, blocks);
    }
    rows.push(row);
  }
  return rows;
}
