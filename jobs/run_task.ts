/**
 * @module
 * What a worker does with each engine task — the one dispatch both a pooled Web Worker
 * (`engine_worker.ts`) and the CLI's in-thread runner (`cli_runner.ts`) call: dataset builds,
 * backtests and sweep chunks. Keeps one catalog connection per data dir and one feature
 * cache per loaded bar set between tasks of this thread.
 */
import type { Progress } from "../src/domain/ports.ts";
import type { Bars } from "../src/domain/bars.ts";
import { createFeatureCache, type IndicatorCache } from "../src/engine/indicators/mod.ts";
import { runSweepMembers, type SweepRow } from "../src/engine/sweep/mod.ts";
import { LocalMarketData } from "../src/market/build_dataset.ts";
import { executeRun } from "../src/services/runs/execute_run.ts";
import type {
  EngineTask,
  EngineTaskResult,
  SweepChunkTask,
  TaskResultOf,
} from "../src/services/tasks.ts";
import { loadBarsCached } from "../src/store/bars_cache.ts";
import { runQuotesInWorker } from "./quotes_runner.ts";
import { type DataDir, ensureDataDir } from "../src/store/data_dir.ts";
import { openStore, type Store } from "../src/store/open_store.ts";

/**
 * Runs one engine task in this thread.
 * @param progress receives the task's progress reports
 */
export async function runEngineTask<T extends EngineTask>(
  task: T,
  progress: (p: Progress) => void,
): Promise<TaskResultOf<T>> {
  return await dispatch(task, progress) as TaskResultOf<T>;
}

async function dispatch(
  task: EngineTask,
  progress: (p: Progress) => void,
): Promise<EngineTaskResult> {
  if (task.kind === "sweep_chunk") return await sweepChunk(task);
  await ensureDataDir(task.dir);
  const store = await storeFor(task.dir);
  const catalog = store.catalog;
  if (task.kind === "dataset") {
    return await new LocalMarketData(task.dir, catalog, {
      databento: task.databento,
      runQuotes: runQuotesInWorker,
    }).ensureDataset(task.spec, { onProgress: progress, force: task.force });
  }
  const { files: _files, ...rest } = await executeRun(
    {
      dir: task.dir,
      catalog,
      runs: store.runs,
      trials: store.trials,
    },
    task.runId,
    progress,
  );
  return rest;
}

// One feature cache per loaded bar set, shared by every sweep chunk this thread runs.
const featureCaches = new Map<string, { bars: Bars; cache: IndicatorCache }>();

async function sweepChunk(task: SweepChunkTask): Promise<SweepRow[]> {
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

const stores = new Map<string, Store>();

/** One open store per data dir, kept between tasks. */
async function storeFor(dir: DataDir): Promise<Store> {
  let s = stores.get(dir.catalog);
  if (!s) {
    // A worker may wait long for a lock held by another process: no request waits on it.
    s = await openStore(dir, { busyTimeoutMs: 30_000 });
    stores.set(dir.catalog, s);
  }
  return s;
}
