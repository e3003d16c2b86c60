/**
 * @module
 * Test support: the 10 × 19 SMA crossover sweep (fast 5..50 step 5, slow 20..200 step 10;
 * the 174 members with fast < slow) run with zero costs by the engine's sweep code on the
 * synthetic market of several independent seeds, long-only and long/short.
 */

import { barsPerYear } from "../../src/market/calendar/mod.ts";
import { syntheticSeries } from "../../src/market/testing/synthetic_series.ts";
import { mean, stdDev } from "../../src/market/testing/return_stats.ts";
import { createFeatureCache } from "../../src/engine/indicators/mod.ts";
import { parseRunConfig } from "../../src/engine/run_config.ts";
import { expandGrid, parseGrid, runSweepMembers } from "../../src/engine/sweep/mod.ts";

/** Seeds of the sweep test, one quarter of bars each. */
export const SWEEP_SEEDS: readonly number[] = Array.from({ length: 20 }, (_, i) => 101 + i);
const FROM = "2024-01-02";
const TO = "2024-03-28"; // 60 sessions, 23,400 bars per seed
const GRID = parseGrid(["fast=5:50:5", "slow=20:200:10"]);

/** Per seed: each member's annualised Sharpe ratio and total return. */
export interface SeedSweep {
  sharpe: Float64Array;
  totalReturn: Float64Array;
}

/** Runs both sweeps on every seed (the bars are generated once per seed). */
export function sweepAcrossSeeds(): { longOnly: SeedSweep[]; longShort: SeedSweep[] } {
  const base = parseRunConfig({ dataset_id: "synthetic", strategy_id: "sma_crossover" });
  const year = barsPerYear("regular");
  const longOnly: SeedSweep[] = [], longShort: SeedSweep[] = [];
  for (const seed of SWEEP_SEEDS) {
    const { bars } = syntheticSeries(seed, FROM, TO);
    const cache = createFeatureCache(bars);
    for (const [allowShort, out] of [[false, longOnly], [true, longShort]] as const) {
      const members = expandGrid(GRID, { allow_short: allowShort }, "sma_crossover").members;
      const rows = runSweepMembers(bars, base, members, 0, members.length, year, cache);
      out.push({
        sharpe: Float64Array.from(rows, (r) => r.metrics.sharpe ?? 0),
        totalReturn: Float64Array.from(rows, (r) => r.metrics.total_return),
      });
    }
  }
  return { longOnly, longShort };
}

/** Mean Sharpe and share profitable across seeds, with standard errors over seeds. */
export interface SweepSummary {
  seeds: number;
  members: number;
  /** Mean over seeds of the mean member Sharpe. */
  sharpe: number;
  /** Its standard error: sd of the per-seed means / √seeds (members of a seed are not independent). */
  sharpeSe: number;
  /** Mean over seeds of the share of members with a positive total return. */
  share: number;
  shareSe: number;
  minSharpe: number;
  maxSharpe: number;
}

/**
 * Summarises per-seed sweeps.
 * @param seeds one sweep per seed
 */
export function sweepSummary(seeds: readonly SeedSweep[]): SweepSummary {
  const perSeedSharpe = seeds.map((s) => mean(s.sharpe));
  const perSeedShare = seeds.map((s) =>
    s.totalReturn.filter((r) => r > 0).length / s.totalReturn.length
  );
  const n = seeds.length;
  return {
    seeds: n,
    members: seeds[0].sharpe.length,
    sharpe: mean(perSeedSharpe),
    sharpeSe: stdDev(perSeedSharpe) / Math.sqrt(n),
    share: mean(perSeedShare),
    shareSe: stdDev(perSeedShare) / Math.sqrt(n),
    minSharpe: Math.min(...seeds.map((s) => Math.min(...s.sharpe))),
    maxSharpe: Math.max(...seeds.map((s) => Math.max(...s.sharpe))),
  };
}
