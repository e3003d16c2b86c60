/**
 * @module
 * The 10 × 19 sweep of the board (sma_crossover, fast=5:50:5 × slow=20:200:10: 190
 * combinations, of which 16 have fast ≥ slow and are skipped, so 174 runs) on one
 * symbol-year of seeded random 1-minute bars (97,740), with fees and k_spread slippage and
 * block moments kept for PBO; then PBO (S = 16, all 12,870 sets) on the sweep's matrix and a
 * 5-fold walk-forward over the same grid.
 *
 * `scripts/deno run -A scripts/bench/sweep_bench.ts` prints:
 *  - single core: the first sweep (cold JIT), then the median of 3 sweeps each with a fresh
 *    feature cache — total, ms per run, the features' share, and the projected 2-core time
 *    (features computed by each worker + half the runs);
 *  - two Web Workers splitting the members (each with its own feature cache, bars copied in):
 *    wall time from posting to the last row, for the first of 8 rounds (cold workers) and the
 *    median and best of rounds 5–8;
 *  - PBO on the block moments, and on the full T × N return matrix (block moments built
 *    from 174 Float64Arrays of 97,740 returns);
 *  - the walk-forward.
 * `scripts/deno bench -A scripts/bench/sweep_bench.ts` runs the sweep and PBO under
 * `Deno.bench`.
 */

import type { Bars } from "../../src/domain/bars.ts";
import { randomBars } from "../../src/engine/testing/bar_fixtures.ts";
import { createFeatureCache } from "../../src/engine/indicators/mod.ts";
import { parseRunConfig, type RunConfig } from "../../src/engine/run_config.ts";
import type { StrategyParams } from "../../src/engine/strategies/mod.ts";
import {
  expandGrid,
  parseGrid,
  runSweepMembers,
  type SweepRow,
} from "../../src/engine/sweep/mod.ts";
import { blockStatsFromColumns, stackBlockStats } from "../../src/engine/validation/cscv_blocks.ts";
import { pboSummary, probabilityOfBacktestOverfitting } from "../../src/engine/validation/pbo.ts";
import { parseWalkForwardConfig, walkForward } from "../../src/engine/validation/walk_forward.ts";

const BARS_PER_YEAR = 98_280; // 252 sessions × 390 minutes
const N_BARS = 97_740;
const BLOCKS = 16;
const REQUEST = {
  dataset_id: "bench",
  strategy_id: "sma_crossover",
  execution: { fees_bps: 1, slippage: { model: "k_spread", k: 0.5 } },
};
const GRID = parseGrid(["fast=5:50:5", "slow=20:200:10"]);

interface Job {
  bars: Bars;
  cfg: RunConfig;
  members: StrategyParams[];
  from: number;
  to: number;
}

/** A sweep of members [from, to) with a fresh feature cache, as one pool worker does it. */
function sweepPart(job: Job): SweepRow[] {
  const cache = createFeatureCache(job.bars);
  return runSweepMembers(job.bars, job.cfg, job.members, job.from, job.to, BARS_PER_YEAR, cache, {
    blocks: BLOCKS,
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

async function twoWorkers(job: Job, rounds: number): Promise<number[]> {
  const url = new URL("./sweep_bench.ts?worker", import.meta.url).href;
  const workers = [0, 1].map(() => new Worker(url, { type: "module" }));
  const half = Math.ceil(job.members.length / 2);
  const times: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const parts = await Promise.all(
        workers.map((w, i) =>
          new Promise<SweepRow[]>((resolve, reject) => {
            w.onmessage = (e: MessageEvent<SweepRow[]>) => resolve(e.data);
            w.onerror = (e) => reject(e);
            const from = i === 0 ? 0 : half;
            const to = i === 0 ? half : job.members.length;
            w.postMessage({ ...job, from, to });
          })
        ),
      );
      times.push(performance.now() - t0);
      const rows = parts.flat();
      if (rows.length !== job.members.length) throw new Error("lost rows");
    }
  } finally {
    for (const w of workers) w.terminate();
  }
  return times;
}

async function main(): Promise<void> {
  const bars = randomBars(N_BARS, 42);
  const cfg = parseRunConfig(REQUEST);
  const grid = expandGrid(GRID, {}, "sma_crossover");
  const members = grid.members;
  const job: Job = { bars, cfg, members, from: 0, to: members.length };
  const runs = members.length;
  console.log(
    `sweep: ${grid.combinations} combinations, ${runs} runs, ${grid.skipped} skipped ` +
      `(fast ≥ slow); ${N_BARS} bars; blocks kept for PBO (S = ${BLOCKS})`,
  );

  let t0 = performance.now();
  sweepPart(job);
  const cold = performance.now() - t0;
  const totals: number[] = [];
  const features: number[] = [];
  let rows: SweepRow[] = [];
  for (let i = 0; i < 3; i++) {
    // Features alone: every SMA window of the grid into a fresh cache.
    t0 = performance.now();
    const cache = createFeatureCache(bars);
    for (const p of members) {
      cache.get("sma", { window: p.fast as number });
      cache.get("sma", { window: p.slow as number });
    }
    features.push(performance.now() - t0);
    t0 = performance.now();
    rows = sweepPart(job);
    totals.push(performance.now() - t0);
  }
  const total = median(totals);
  const feat = median(features);
  console.log(
    `single core: first sweep (cold JIT) ${ms(cold)}; warm median ${ms(total)} = ` +
      `${(total / runs).toFixed(2)} ms per run (features ${ms(feat)} of it)\n` +
      `  projected on 2 cores: ${ms(feat + (total - feat) / 2)}`,
  );

  // Workers start cold and each runs only half the members, so the JIT needs a few rounds.
  const pool = await twoWorkers(job, 8);
  const warm = pool.slice(4);
  console.log(
    `2 workers: round 1 ${ms(pool[0])}; rounds 5–8 median ${ms(median(warm))}, best ` +
      `${ms(Math.min(...warm))} (all: ${pool.map((x) => x.toFixed(0)).join(", ")} ms)`,
  );

  const stats = stackBlockStats(N_BARS, BLOCKS, rows.map((r) => r.blocks!));
  const pboTimes: number[] = [];
  let result = probabilityOfBacktestOverfitting(stats, { periodsPerYear: BARS_PER_YEAR });
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    result = probabilityOfBacktestOverfitting(stats, { periodsPerYear: BARS_PER_YEAR });
    pboTimes.push(performance.now() - t0);
  }
  const s = pboSummary(result);
  console.log(
    `PBO on block moments: ${ms(median(pboTimes))} for ${s.combinations} sets × ${s.configs} ` +
      `configs; PBO = ${s.pbo.toFixed(4)}, slope ${s.degradation.slope?.toFixed(3)}, ` +
      `P(loss OOS) ${s.degradation.probability_of_loss.toFixed(3)}`,
  );

  const full = runSweepMembers(bars, cfg, members, 0, runs, BARS_PER_YEAR, undefined, {
    returns: true,
  });
  t0 = performance.now();
  const fromColumns = blockStatsFromColumns(full.map((r) => r.returns!), BLOCKS);
  const blockMs = performance.now() - t0;
  t0 = performance.now();
  const again = probabilityOfBacktestOverfitting(fromColumns, { periodsPerYear: BARS_PER_YEAR });
  const pboMs = performance.now() - t0;
  console.log(
    `PBO on the full ${N_BARS} × ${runs} return matrix: block moments ${ms(blockMs)} + ` +
      `CSCV ${ms(pboMs)} (same PBO: ${again.pbo === result.pbo})`,
  );

  const wf = parseWalkForwardConfig({
    folds: 5,
    train: 0.5,
    grid: { fast: "5:50:5", slow: "20:200:10" },
  });
  t0 = performance.now();
  const w = walkForward(bars, cfg, wf, BARS_PER_YEAR);
  console.log(
    `walk-forward, 5 rolling folds × ${w.candidates.length} candidates: ` +
      `${ms(performance.now() - t0)}; OOS Sharpe ${w.oos.metrics.sharpe?.toFixed(3)}, ` +
      `mean IS ${w.degradation.meanIsSharpe.toFixed(3)}, mean OOS ` +
      `${w.degradation.meanOosSharpe.toFixed(3)}`,
  );
}

if (new URL(import.meta.url).search === "?worker") {
  const scope = self as unknown as {
    onmessage: (e: MessageEvent<Job>) => void;
    postMessage: (rows: SweepRow[]) => void;
  };
  scope.onmessage = (e) => scope.postMessage(sweepPart(e.data));
} else if (import.meta.main) {
  await main();
} else {
  const bars = randomBars(N_BARS, 42);
  const cfg = parseRunConfig(REQUEST);
  const members = expandGrid(GRID, {}, "sma_crossover").members;
  const job: Job = { bars, cfg, members, from: 0, to: members.length };
  const stats = stackBlockStats(N_BARS, BLOCKS, sweepPart(job).map((r) => r.blocks!));
  Deno.bench("runSweepMembers() 174 runs on 97,740 bars", { group: "sweep", n: 5 }, () => {
    sweepPart(job);
  });
  Deno.bench(
    "probabilityOfBacktestOverfitting() 12,870 sets × 174",
    { group: "sweep", n: 5 },
    () => {
      probabilityOfBacktestOverfitting(stats);
    },
  );
}
