/**
 * @module
 * A pool of long-lived Web Workers (size = cores by default) that run queued tasks, one at a
 * time per worker. Queued tasks are shared fairly: a task without an owner (a run, a dataset
 * build: someone waits for each) goes first, in submission order; owned tasks (a sweep's
 * chunks) take turns owner by owner, so a large sweep never holds a run back behind all of its
 * chunks, nor one sweep another. Workers stay warm between tasks (JIT, loaded bars),
 * which is what makes sweeps and validation trials cheap. A task can be cancelled: its
 * worker is terminated and replaced, the task rejects with CANCELLED.
 *
 * Workers start on first use; with `idleMs` they are released after that long without work.
 *
 * Protocol: the caller posts `{ id, request }`; the worker answers `{ id, ...JobMessage }`
 * (see `serveTasks` below and `messages.ts`).
 */
import { HewstonError } from "../src/domain/errors.ts";
import type { Progress } from "../src/domain/ports.ts";
import type {
  EngineTask,
  TaskOptions,
  TaskResultOf,
  TaskRunner,
  TaskRunnerStats,
} from "../src/services/tasks.ts";
import type { JobMessage } from "./messages.ts";

export type { TaskOptions };

interface Task {
  id: number;
  request: unknown;
  opts: TaskOptions;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  /** Null until the first task, and again after `idleMs` without work. */
  worker: Worker | null;
  task: Task | null;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

/** Options of a {@link WorkerPool}. */
export interface PoolOptions {
  /** Number of workers (default: the machine's cores). */
  size?: number;
  /**
   * Terminate a worker after this many ms without work, giving its memory back (a warm
   * worker holds its JIT code, cached bars and WASM heap); it is respawned on demand.
   * @default undefined (keep workers until close)
   */
  idleMs?: number;
}

/**
 * A fixed-size pool of module workers running `workerUrl`: the local {@link TaskRunner}
 * (its `run` also takes any request a non-engine worker understands, e.g. the quotes worker).
 */
export class WorkerPool implements TaskRunner {
  readonly size: number;
  readonly #url: URL;
  readonly #idleMs: number | undefined;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  /** Owners with queued tasks, the next to be served first. */
  readonly #turns: string[] = [];
  #nextId = 1;
  #closed = false;

  /**
   * @param workerUrl module that calls {@link serveTasks}
   * @param opts size (default: cores) or a number for the size; idle release
   */
  constructor(workerUrl: URL, opts: number | PoolOptions = {}) {
    const o = typeof opts === "number" ? { size: opts } : opts;
    this.#url = workerUrl;
    this.#idleMs = o.idleMs;
    this.size = Math.max(1, Math.floor(o.size ?? (navigator.hardwareConcurrency || 2)));
    for (let i = 0; i < this.size; i++) {
      this.#slots.push({ worker: null, task: null, idleTimer: null });
    }
  }

  /** {@link TaskRunner.parallelism}: the number of workers. */
  get parallelism(): number {
    return this.size;
  }

  /** {@link TaskRunner.stats}. */
  stats(): TaskRunnerStats {
    return { alive: this.alive, queued: this.queued, running: this.running };
  }

  /** Workers alive now (started and not released). */
  get alive(): number {
    return this.#slots.filter((s) => s.worker !== null).length;
  }

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#slots.filter((s) => s.task !== null).length;
  }

  /**
   * Queues a task; resolves with the worker's result.
   * @throws {HewstonError} the worker's error (code and message), or CANCELLED
   */
  run<T extends EngineTask>(task: T, opts?: TaskOptions): Promise<TaskResultOf<T>>;
  /** Queues a request of another worker protocol; resolves with the worker's result. */
  run<Req, Res>(request: Req, opts?: TaskOptions): Promise<Res>;
  run<Req, Res>(request: Req, opts: TaskOptions = {}): Promise<Res> {
    if (this.#closed) {
      return Promise.reject(
        new HewstonError("POOL_CLOSED", "worker pool is closed", { status: 503 }),
      );
    }
    return new Promise<Res>((resolve, reject) => {
      const task: Task = {
        id: this.#nextId++,
        request,
        opts,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (opts.signal?.aborted) return reject(cancelled());
      opts.signal?.addEventListener("abort", () => this.#cancel(task), { once: true });
      this.#queue.push(task);
      if (opts.owner !== undefined && !this.#turns.includes(opts.owner)) {
        this.#turns.push(opts.owner);
      }
      this.#dispatch();
    });
  }

  /** Terminates every worker; queued and running tasks reject with CANCELLED. */
  close(): void {
    this.#closed = true;
    this.#turns.length = 0;
    for (const t of this.#queue.splice(0)) t.reject(cancelled());
    for (const s of this.#slots) {
      s.task?.reject(cancelled());
      s.task = null;
      this.#release(s);
    }
  }

  /** Gives `slot` a fresh worker wired to it. */
  #attach(slot: Slot): Worker {
    const worker = new Worker(this.#url, { type: "module" });
    slot.worker = worker;
    worker.onmessage = (ev: MessageEvent<JobMessage<unknown> & { id: number }>) => {
      const msg = ev.data;
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      if (msg.type === "progress") {
        // A throwing listener must not escape a message handler: that ends the process.
        try {
          task.opts.onProgress?.(msg.progress);
        } catch { /* progress is advisory; the task's result still comes */ }
        return;
      }
      slot.task = null;
      if (msg.type === "done") task.resolve(msg.result);
      else {
        task.reject(
          new HewstonError(msg.error.code, msg.error.message, { status: msg.error.status }),
        );
      }
      this.#dispatch();
      this.#armIdle(slot);
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      const task = slot.task;
      this.#release(slot);
      task?.reject(
        new HewstonError("WORKER_CRASHED", `worker failed: ${ev.message}`, { status: 500 }),
      );
      this.#dispatch();
    };
    return worker;
  }

  /** Terminates the slot's worker (if any); the slot respawns one on its next task. */
  #release(slot: Slot): void {
    if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.worker?.terminate();
    slot.worker = null;
    slot.task = null;
  }

  #armIdle(slot: Slot): void {
    if (this.#idleMs === undefined || slot.task !== null || slot.worker === null) return;
    if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
    const timer = setTimeout(() => {
      slot.idleTimer = null;
      if (slot.task === null) this.#release(slot);
    }, this.#idleMs);
    // An idle timer alone must not keep a CLI process alive.
    Deno.unrefTimer(timer as unknown as number);
    slot.idleTimer = timer;
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) return;
      if (slot.task !== null) continue;
      const task = this.#next();
      if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      const worker = slot.worker ?? this.#attach(slot);
      slot.task = task;
      worker.postMessage({ id: task.id, request: task.request });
    }
  }

  /** Takes the next task to run (the queue is not empty): see the module doc. */
  #next(): Task {
    const free = this.#queue.findIndex((t) => t.opts.owner === undefined);
    if (free >= 0) return this.#queue.splice(free, 1)[0];
    while (true) {
      const owner = this.#turns.shift()!;
      const i = this.#queue.findIndex((t) => t.opts.owner === owner);
      if (i < 0) continue; // nothing queued for it any more: it leaves the rotation
      const task = this.#queue.splice(i, 1)[0];
      if (this.#queue.some((t) => t.opts.owner === owner)) this.#turns.push(owner);
      return task;
    }
  }

  #cancel(task: Task): void {
    const q = this.#queue.indexOf(task);
    if (q >= 0) {
      this.#queue.splice(q, 1);
      task.reject(cancelled());
      return;
    }
    const slot = this.#slots.find((s) => s.task === task);
    if (!slot) return;
    this.#release(slot);
    task.reject(cancelled());
    this.#dispatch();
  }
}

function cancelled(): HewstonError {
  return new HewstonError("CANCELLED", "task cancelled", { status: 409 });
}

/**
 * The worker side of the pool: handles `{ id, request }` messages one after another with
 * `handler`, answering progress, then the result or the error (code + one-line message).
 */
export function serveTasks<Req, Res>(
  handler: (req: Req, progress: (p: Progress) => void) => Promise<Res> | Res,
): void {
  const scope = self as unknown as {
    onmessage: ((ev: MessageEvent<{ id: number; request: Req }>) => void) | null;
    postMessage(msg: unknown, transfer?: Transferable[]): void;
  };
  let chain = Promise.resolve();
  scope.onmessage = (ev) => {
    const { id, request } = ev.data;
    chain = chain.then(async () => {
      let last = -Infinity;
      const progress = (p: Progress) => {
        const now = performance.now();
        if (now - last < 50 && p.stage !== "done") return;
        last = now;
        scope.postMessage({ id, type: "progress", progress: p });
      };
      try {
        const result = await handler(request, progress);
        scope.postMessage({ id, type: "done", result });
      } catch (err) {
        const e = err instanceof HewstonError
          ? { code: err.code, message: err.message, status: err.status }
          : {
            code: "INTERNAL",
            message: err instanceof Error ? err.message.split("\n")[0] : String(err),
            status: 500,
          };
        scope.postMessage({ id, type: "error", error: e });
      }
    });
  };
}
