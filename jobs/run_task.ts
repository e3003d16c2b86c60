/**
 * @module
 * What a worker does with each engine task — the one dispatch both a pooled Web Worker
 * (`engine_worker.ts`) and the CLI's in-thread runner (`cli_runner.ts`) call: dataset builds,
 * backtests and sweep chunks. Keeps one catalog connection per data dir between tasks of this
 * thread. A dataset build's and a sweep chunk's code is loaded with the first task of its
 * kind: a thread that only runs backtests (the CLI's own) never loads the market-data
 * builders nor the sweep engine.
 */
import type { Progress } from "../src/domain/ports.ts";
import { executeRun } from "../src/services/runs/execute_run.ts";
import type { EngineTask, EngineTaskResult, TaskResultOf } from "../src/services/tasks.ts";
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
  if (task.kind === "sweep_chunk") {
    return await (await import("./sweep_chunk.ts")).runSweepChunk(task);
  }
  await ensureDataDir(task.dir);
  const store = await storeFor(task.dir);
  if (task.kind === "dataset") {
    const [{ LocalMarketData }, { runQuotesInWorker }] = await Promise.all([
      import("../src/market/build_dataset.ts"),
      import("./quotes_runner.ts"),
    ]);
    return await new LocalMarketData(task.dir, store.catalog, {
      databento: task.databento,
      runQuotes: runQuotesInWorker,
    }).ensureDataset(task.spec, { onProgress: progress, force: task.force });
  }
  const { files: _files, ...rest } = await executeRun(
    { dir: task.dir, catalog: store.catalog, runs: store.runs, trials: store.trials },
    task.runId,
    progress,
  );
  return rest;
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
