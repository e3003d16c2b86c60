/**
 * @module
 * The {@link TaskRunner} of one CLI process. A backtest runs in this thread: a CLI process
 * runs one, so a Web Worker would only add its start-up and a second load of the engine's
 * module graph (measured in `scripts/bench/cli_bench.ts`), and nothing else waits on this
 * event loop. Dataset builds (seconds of work, with a live progress bar) and sweep chunks
 * (all cores) go to a Web Worker pool started on first use.
 */
import { HewstonError } from "../src/domain/errors.ts";
import type {
  EngineTask,
  TaskOptions,
  TaskResultOf,
  TaskRunner,
  TaskRunnerStats,
} from "../src/services/tasks.ts";
import { WorkerPool } from "./pool.ts";
import { runEngineTask } from "./run_task.ts";

/** Options of a {@link CliTaskRunner}. */
export interface CliRunnerOptions {
  /**
   * Workers of the pool for dataset builds and sweep chunks.
   * @default the machine's cores
   */
  workers?: number;
}

/** Backtests in this thread, everything else on a lazily started worker pool. */
export class CliTaskRunner implements TaskRunner {
  readonly #workers: number;
  #pool: WorkerPool | null = null;
  #running = 0;

  /** @param opts pool size */
  constructor(opts: CliRunnerOptions = {}) {
    this.#workers = Math.max(1, Math.floor(opts.workers ?? (navigator.hardwareConcurrency || 2)));
  }

  /** {@link TaskRunner.parallelism}: the pool's workers. */
  get parallelism(): number {
    return this.#workers;
  }

  /** {@link TaskRunner.stats}. */
  stats(): TaskRunnerStats {
    const p = this.#pool?.stats() ?? { alive: 0, queued: 0, running: 0 };
    return { ...p, running: p.running + this.#running };
  }

  /** Runs `task`: a backtest here and now, anything else on the pool. */
  async run<T extends EngineTask>(task: T, opts: TaskOptions = {}): Promise<TaskResultOf<T>> {
    if (task.kind !== "backtest") {
      this.#pool ??= new WorkerPool(new URL("./engine_worker.ts", import.meta.url), this.#workers);
      return await this.#pool.run(task, opts);
    }
    if (opts.signal?.aborted) {
      throw new HewstonError("CANCELLED", "task cancelled", { status: 409 });
    }
    this.#running++;
    try {
      return await runEngineTask(task, opts.onProgress ?? (() => {}));
    } finally {
      this.#running--;
    }
  }

  /** Stops the pool's workers (a backtest in this thread cannot be interrupted). */
  close(): void {
    this.#pool?.close();
  }
}
