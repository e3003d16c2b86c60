/**
 * @module
 * The {@link TaskRunner} over BullMQ on Redis: each sweep chunk becomes one job of the
 * `hewston-engine` queue (`Queue.add`), any number of `hewston worker` processes on any
 * machines run them (`worker_main.ts`), and results come back through `QueueEvents`.
 *
 * At-least-once: a chunk whose worker dies is retried by another (BullMQ's stalled-job
 * check); each job id settles its task once, so a retried chunk's rows are counted once.
 * A job that disappears (Redis restarted without persistence, flushed) fails its task with
 * `QUEUE_LOST` — found by a periodic state check, so a sweep never waits forever nor
 * finishes partial. Cancelling a task sets its cancel key (a worker running it stops) and
 * removes it if still waiting. Only sweep chunks run here: datasets and backtests stay local.
 */
// First: the queue's libraries must load under the launcher's scoped --allow-env.
import "./scoped_env.ts";
import { Queue, QueueEvents } from "bullmq";
import { HewstonError } from "../../src/domain/errors.ts";
import type { Progress } from "../../src/domain/ports.ts";
import type {
  EngineTask,
  TaskOptions,
  TaskResultOf,
  TaskRunner,
  TaskRunnerStats,
} from "../../src/services/tasks.ts";
import {
  cancelKey,
  decodeRows,
  failureError,
  parseRedisUrl,
  QUEUE_NAME,
  redact,
  type RedisConnection,
  wireChunk,
} from "./wire.ts";

/** Options of {@link QueueTaskRunner.open}. */
export interface QueueRunnerOptions {
  /**
   * Chunks a sweep is sized for (sweeps cut ~4 chunks per unit).
   * @default the workers connected at open, at least 1
   */
  parallelism?: number;
  /**
   * How often pending jobs' states are checked in Redis (catches lost jobs and missed events).
   * @default 2000
   */
  checkMs?: number;
}

interface Pending {
  /** Set once `Queue.add` returned: before that, a missing job is not yet a lost one. */
  added: boolean;
  onProgress?: (p: Progress) => void;
  resolve: (rows: string) => void;
  reject: (e: HewstonError) => void;
}

/** Sweep chunks on BullMQ workers; see the module doc. */
export class QueueTaskRunner implements TaskRunner {
  #parallelism: number;
  // Given by the caller (fixed), or the workers connected, refreshed at every check.
  readonly #fixed: boolean;
  readonly #queue: Queue;
  readonly #events: QueueEvents;
  readonly #pending = new Map<string, Pending>();
  // Job ids are unique per runner, so a job of an earlier sweep is never mistaken for ours.
  readonly #prefix = crypto.randomUUID();
  readonly #timer: ReturnType<typeof setInterval>;
  // Cancellations still writing to Redis: dispose waits for them before disconnecting.
  readonly #cancelling = new Set<Promise<void>>();
  #seq = 0;
  #closed = false;

  private constructor(
    queue: Queue,
    events: QueueEvents,
    parallelism: number,
    fixed: boolean,
    checkMs: number,
  ) {
    this.#queue = queue;
    this.#events = events;
    this.#parallelism = parallelism;
    this.#fixed = fixed;
    events.on("progress", ({ jobId, data }) => {
      try {
        this.#pending.get(jobId)?.onProgress?.(data as Progress);
      } catch { /* progress is advisory */ }
    });
    events.on("completed", ({ jobId, returnvalue }) => {
      this.#settle(jobId, { rows: returnvalue as unknown as string });
    });
    events.on("failed", ({ jobId, failedReason }) => {
      this.#settle(jobId, { error: failureError(failedReason) });
    });
    this.#timer = setInterval(() => void this.#check(), checkMs);
  }

  /**
   * Connects to the queue at `url` (`redis://[:password@]HOST:PORT`).
   * @throws {HewstonError} QUEUE_UNREACHABLE when Redis does not answer within 5 s
   */
  static async open(url: string, opts: QueueRunnerOptions = {}): Promise<QueueTaskRunner> {
    const connection = parseRedisUrl(url);
    const queue = new Queue(QUEUE_NAME, { connection: quick(connection) });
    const events = new QueueEvents(QUEUE_NAME, { connection: { ...connection } });
    queue.on("error", () => {}); // reconnects are ioredis's job; failures surface per task
    events.on("error", () => {});
    try {
      await withTimeout(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), url);
      const workers = opts.parallelism ?? Math.max(1, await queue.getWorkersCount());
      return new QueueTaskRunner(
        queue,
        events,
        workers,
        opts.parallelism !== undefined,
        opts.checkMs ?? 2000,
      );
    } catch (err) {
      await Promise.allSettled([queue.close(), events.close()]);
      throw err;
    }
  }

  /**
   * {@link TaskRunner.parallelism}: the `parallelism` given to {@link QueueTaskRunner.open},
   * else the workers connected to the queue (at least 1), as of the last check — a server's
   * workers come and go, and each sweep is cut for those there when it starts.
   */
  get parallelism(): number {
    return this.#parallelism;
  }

  /** {@link TaskRunner.stats}: tasks of this runner still pending. */
  stats(): TaskRunnerStats {
    return { alive: 0, queued: this.#pending.size, running: 0 };
  }

  /**
   * Queues a sweep chunk; resolves with its rows.
   * @throws {HewstonError} the worker's error, CANCELLED, QUEUE_LOST, or QUEUE_UNSUPPORTED
   *   for any other task kind
   */
  async run<T extends EngineTask>(task: T, opts: TaskOptions = {}): Promise<TaskResultOf<T>> {
    if (task.kind !== "sweep_chunk") {
      throw new HewstonError("QUEUE_UNSUPPORTED", `the queue runs sweep chunks, not ${task.kind}`);
    }
    if (this.#closed) throw new HewstonError("POOL_CLOSED", "queue runner is closed");
    if (opts.signal?.aborted) throw cancelled();
    const jobId = `${this.#prefix}-${++this.#seq}`;
    const done = new Promise<string>((resolve, reject) => {
      this.#pending.set(jobId, { added: false, onProgress: opts.onProgress, resolve, reject });
    });
    // It may settle (cancel, lost) while `Queue.add` is still pending: handled, awaited below.
    done.catch(() => {});
    const onAbort = () => this.#startCancel(jobId);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await this.#queue.add("sweep_chunk", wireChunk(task), {
        jobId,
        attempts: 1,
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 24 * 3600 },
      });
      const p = this.#pending.get(jobId);
      if (p) p.added = true;
      return decodeRows(await done) as TaskResultOf<T>;
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
      this.#pending.delete(jobId);
    }
  }

  /** Cancels every pending task and disconnects (the queue's other jobs stay). */
  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const id of [...this.#pending.keys()]) this.#startCancel(id);
    const cancels = [...this.#cancelling];
    void Promise.allSettled(cancels).then(() =>
      Promise.allSettled([this.#events.close(), this.#queue.close()])
    );
  }

  /** Closes once pending cancellations reached Redis; resolves when disconnected. */
  async dispose(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const id of [...this.#pending.keys()]) this.#startCancel(id);
    await Promise.allSettled([...this.#cancelling]);
    await Promise.allSettled([this.#events.close(), this.#queue.close()]);
  }

  #startCancel(jobId: string): void {
    const p = this.#cancel(jobId).finally(() => this.#cancelling.delete(p));
    this.#cancelling.add(p);
  }

  #settle(jobId: string, r: { rows?: string; error?: HewstonError }): void {
    const p = this.#pending.get(jobId);
    if (!p) return; // not ours, or already settled (a retried chunk counts once)
    this.#pending.delete(jobId);
    if (r.error) p.reject(r.error);
    else p.resolve(r.rows!);
  }

  async #cancel(jobId: string): Promise<void> {
    if (!this.#pending.has(jobId)) return;
    this.#settle(jobId, { error: cancelled() });
    try {
      const client = await this.#queue.client;
      await client.set(cancelKey(jobId), "1", { EX: 24 * 3600 });
      // A waiting job is removed; an active one is locked, and its worker sees the key.
      await this.#queue.remove(jobId);
    } catch { /* Redis gone: the job dies with it */ }
  }

  /** Settles tasks whose job finished unseen by the events stream, or vanished. */
  async #check(): Promise<void> {
    if (!this.#fixed) {
      try {
        this.#parallelism = Math.max(1, await this.#queue.getWorkersCount());
      } catch { /* Redis unreachable now: keep the last count */ }
    }
    for (const [jobId, p] of [...this.#pending]) {
      if (!p.added) continue;
      try {
        const job = await this.#queue.getJob(jobId);
        if (!job) {
          // Added but gone: Redis lost it (restart without persistence, flush).
          this.#settle(jobId, {
            error: new HewstonError(
              "QUEUE_LOST",
              `chunk job ${jobId} vanished from Redis (restarted or flushed?); the sweep is incomplete`,
              { status: 503 },
            ),
          });
          continue;
        }
        if (job.finishedOn) {
          if (job.failedReason) this.#settle(jobId, { error: failureError(job.failedReason) });
          else this.#settle(jobId, { rows: job.returnvalue as string });
        }
      } catch { /* Redis unreachable now: ioredis reconnects; check again later */ }
    }
  }
}

function cancelled(): HewstonError {
  return new HewstonError("CANCELLED", "task cancelled", { status: 409 });
}

/** Connection options that fail a command fast instead of queueing it while Redis is down. */
function quick(c: RedisConnection): RedisConnection & Record<string, unknown> {
  return { ...c, maxRetriesPerRequest: 3, enableOfflineQueue: true };
}

async function withTimeout<T>(p: Promise<T>, url: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new HewstonError("QUEUE_UNREACHABLE", `no Redis answers at ${redact(url)}`, {
          status: 503,
        }),
      );
    }, 5000);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
