/**
 * @module
 * The tasks services hand to workers, their results, and the `TaskRunner` port that runs them.
 * One contract both sides import: services build tasks and await results through the port,
 * `jobs/` serves them (`jobs/engine_worker.ts`) and implements the port (`jobs/pool.ts`), so
 * services never import `jobs/`, and a test double implements the port instead of being cast.
 */
import type {
  DatabentoConfig,
  DatasetBuildResult,
  DatasetSpec,
  Progress,
} from "../domain/ports.ts";
import type { RunConfig } from "../engine/run_config.ts";
import type { SweepRow } from "../engine/sweep/mod.ts";
import type { DataDir } from "../store/data_dir.ts";
import type { ExecutedRun } from "./runs/execute_run.ts";

/** Builds (or finds) a dataset: the worker runs `MarketData.ensureDataset`. */
export interface DatasetTask {
  kind: "dataset";
  dir: DataDir;
  spec: DatasetSpec;
  force?: boolean;
  /** Databento access for a `databento` source (the caller's configuration; workers read none). */
  databento?: DatabentoConfig | null;
}

/** Executes a QUEUED run of the catalog: bars → engine → artifacts → DONE. */
export interface BacktestTask {
  kind: "backtest";
  dir: DataDir;
  runId: string;
}

/**
 * One chunk of a sweep's members for a pooled worker. `datasetId` + `barsSha256` name the bars
 * on any machine and `codeHash` the engine that must run them; `barsPath` is this machine's
 * copy, which only the local pool reads (a queue adapter drops it).
 */
export interface SweepChunkTask {
  kind: "sweep_chunk";
  barsPath: string;
  barsKey: string;
  datasetId: string;
  barsSha256: string;
  codeHash: string;
  baseConfig: RunConfig;
  members: Record<string, unknown>[];
  from: number;
  to: number;
  barsPerYear: number;
  blocks: number;
}

/** Every task a worker runs. */
export type EngineTask = DatasetTask | BacktestTask | SweepChunkTask;

/** What a backtest task answers (the artifact list stays in the run's manifest). */
export type BacktestTaskResult = Omit<ExecutedRun, "files">;

/** Result type by task kind. */
export interface EngineTaskResults {
  dataset: DatasetBuildResult;
  backtest: BacktestTaskResult;
  sweep_chunk: SweepRow[];
}

/** The result of task `T`. */
export type TaskResultOf<T extends EngineTask> = EngineTaskResults[T["kind"]];

/** Any task's result. */
export type EngineTaskResult = EngineTaskResults[keyof EngineTaskResults];

/** Per-task options: progress reports and cancellation. */
export interface TaskOptions {
  /** Called with each progress report the task sends (throttled by the worker). */
  onProgress?: (p: Progress) => void;
  /** Aborting cancels the task: it rejects with a `CANCELLED` HewstonError. */
  signal?: AbortSignal;
  /**
   * Fair share: tasks with the same owner (a sweep's chunks, owned by the sweep id) take turns
   * with other owners' tasks, and tasks without an owner (runs, dataset builds: someone waits
   * for each) go before any owned task. A runner without a queue of its own ignores it.
   */
  owner?: string;
}

/** Load figures of a runner, for `/healthz` and `/metrics`. */
export interface TaskRunnerStats {
  /** Workers started and not released. */
  alive: number;
  /** Tasks waiting for a worker. */
  queued: number;
  /** Tasks running now. */
  running: number;
}

/**
 * Port: runs engine tasks somewhere else than the caller's event loop (a local Web Worker
 * pool today, a queue of remote workers later) and reports their progress.
 */
export interface TaskRunner {
  /**
   * Queues `task`; resolves with its result.
   * @throws {HewstonError} the task's error (code and one-line message), or CANCELLED
   */
  run<T extends EngineTask>(task: T, opts?: TaskOptions): Promise<TaskResultOf<T>>;
  /** How many tasks can run at once (sweeps size their chunks by it). */
  readonly parallelism: number;
  /** Current load. */
  stats(): TaskRunnerStats;
  /** Stops every worker; queued and running tasks reject with CANCELLED. */
  close(): void;
}
