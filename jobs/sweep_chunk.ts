/**
 * @module
 * A sweep chunk in a worker: runs its members on the chunk's bars, keeping one feature cache
 * per loaded bar set between the chunks this thread runs. `run_task.ts` loads it with the
 * first chunk, so a worker (or a CLI process) that only runs backtests never loads the sweep
 * engine.
 */
import type { Bars } from "../src/domain/bars.ts";
import { createFeatureCache, type IndicatorCache } from "../src/engine/indicators/mod.ts";
import { runSweepMembers, type SweepRow } from "../src/engine/sweep/mod.ts";
import type { SweepChunkTask } from "../src/services/tasks.ts";
import { loadBarsCached } from "../src/store/bars_cache.ts";

// One feature cache per loaded bar set, shared by every sweep chunk this thread runs.
const featureCaches = new Map<string, { bars: Bars; cache: IndicatorCache }>();

/** Runs the members of one sweep chunk; answers one row per member. */
export async function runSweepChunk(task: SweepChunkTask): Promise<SweepRow[]> {
  const bars = await loadBarsCached(task.barsPath, task.barsKey);
  let entry = featureCaches.get(task.barsKey);
  if (!entry || entry.bars !== bars) {
    entry = { bars, cache: createFeatureCache(bars) };
    featureCaches.clear(); // one bar set at a time: memory stays flat
    featureCaches.set(task.barsKey, entry);
  }
  return runSweepMembers(
    bars,
    task.baseConfig,
    task.members,
    task.from,
    task.to,
    task.barsPerYear,
    entry.cache,
    { blocks: task.blocks },
  );
}
