/**
 * @module
 * The event side of every job (runs and dataset builds): each stage change, progress step and
 * terminal event becomes an event row (monotonic id, so streams resume) and is pushed to the
 * job's live subscribers (the SSE streams, a CLI waiting for its run). Recording an event
 * never throws: when another process holds the catalog's lock, rows wait in order and are
 * retried.
 *
 * That waiting is the log's private queue, `BackgroundWrites`: catalog writes that no request
 * waits for (progress, stage and terminal events, the status a dying worker could not record) are
 * done at once when the catalog is free, otherwise queued in order and retried with backoff
 * from a timer. They are never lost to a busy catalog and never thrown back at their caller,
 * which is an event handler or a worker message: there an exception would end the process.
 */
import { errorLine, HewstonError } from "../../domain/errors.ts";
import type { Progress } from "../../domain/ports.ts";
import type { EventKind, RunEvent } from "../../domain/events.ts";
import type { SqliteEvents } from "../../store/events_sqlite.ts";
import type { LogFn } from "../log.ts";
import { isCatalogBusy } from "../../store/catalog_busy.ts";

/** Event log + live subscribers of every job, keyed by job id (a run id or a dataset job id). */
export class JobEvents {
  readonly #events: SqliteEvents;
  readonly #log: LogFn | undefined;
  readonly #listeners = new Map<string, Set<(e: RunEvent) => void>>();
  readonly #lastStage = new Map<string, string>();
  readonly #stageStart = new Map<string, number>();
  readonly #writes: BackgroundWrites;

  /**
   * @param events the event rows
   * @param log one line per job step (with the previous step's duration)
   */
  constructor(events: SqliteEvents, log?: LogFn) {
    this.#events = events;
    this.#log = log;
    this.#writes = new BackgroundWrites({ log });
  }

  /**
   * Stores an event and pushes it to the job's subscribers: now, or (catalog busy) once the
   * writes queued before it are done. Never throws.
   */
  append(
    jobId: string,
    kind: EventKind,
    stage: string,
    data: Record<string, unknown> = {},
  ): void {
    this.#writes.run(() => {
      const e = this.#events.append(jobId, kind, stage, data);
      for (const fn of this.#listeners.get(jobId) ?? []) fn(e);
    });
  }

  /**
   * Queues another catalog write behind the events recorded so far (a status a dying
   * worker could not write), retried like them while the catalog is busy.
   */
  write(fn: () => void): void {
    this.#writes.run(fn);
  }

  /** Stops retrying queued writes (shutdown: recovery settles what is left). */
  stop(): void {
    this.#writes.stop();
  }

  /**
   * Records a progress report: the first report of a stage is a `stage` event, the next ones
   * `progress` events. A `done` stage is skipped: the terminal event is written when the
   * job settles.
   */
  progress(jobId: string, p: Progress): void {
    if (p.stage === "done") return;
    const kind = this.#lastStage.get(jobId) === p.stage ? "progress" : "stage";
    this.#lastStage.set(jobId, p.stage);
    if (kind === "stage") {
      const started = this.#stageStart.get(jobId);
      const now = performance.now();
      this.#stageStart.set(jobId, now);
      this.#log?.("info", "job step", {
        run_id: jobId,
        stage: p.stage,
        ...(started === undefined ? {} : { previous_step_ms: Math.round(now - started) }),
      });
    }
    this.append(jobId, kind, p.stage, {
      done: p.done,
      total: p.total,
      ...(p.message ? { message: p.message } : {}),
    });
  }

  /** Records a failure as the job's terminal `error` event. */
  error(jobId: string, err: unknown): void {
    this.append(jobId, "error", "error", errorData(err));
  }

  /** Forgets a settled job's stage bookkeeping. */
  settle(jobId: string): void {
    this.#lastStage.delete(jobId);
    this.#stageStart.delete(jobId);
  }

  /** Subscribes to the events of one job; returns the unsubscribe function. */
  subscribe(jobId: string, fn: (e: RunEvent) => void): () => void {
    let set = this.#listeners.get(jobId);
    if (!set) this.#listeners.set(jobId, set = new Set());
    set.add(fn);
    return () => {
      set!.delete(fn);
      if (set!.size === 0) this.#listeners.delete(jobId);
    };
  }

  /** Number of live subscriptions to `jobId`'s events (open streams). */
  subscriberCount(jobId: string): number {
    return this.#listeners.get(jobId)?.size ?? 0;
  }
}

/** The `data` of an `error` event: the error's code and one-line message. */
export function errorData(err: unknown): Record<string, unknown> {
  return err instanceof HewstonError
    ? { code: err.code, message: err.message }
    : { code: "INTERNAL", message: errorLine(err) };
}

/** Options of {@link BackgroundWrites}. */
interface BackgroundWritesOptions {
  /** First retry delay, doubled on each busy retry. @default 50 */
  minDelayMs?: number;
  /** Largest retry delay. @default 2000 */
  maxDelayMs?: number;
  log?: LogFn;
}

/** An ordered queue of catalog writes that retries while the catalog is busy. */
class BackgroundWrites {
  readonly #queue: (() => void)[] = [];
  readonly #min: number;
  readonly #max: number;
  readonly #log?: LogFn;
  #delay: number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** @param opts retry delays and the log */
  constructor(opts: BackgroundWritesOptions = {}) {
    this.#min = opts.minDelayMs ?? 50;
    this.#max = opts.maxDelayMs ?? 2000;
    this.#log = opts.log;
    this.#delay = this.#min;
  }

  /** Writes waiting for the catalog. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Runs `write` now, or after the writes queued before it once the catalog is free. A busy
   * catalog requeues it; any other failure is logged and the write dropped.
   */
  run(write: () => void): void {
    this.#queue.push(write);
    if (this.#queue.length === 1) this.#drain();
  }

  /** Stops retrying (server shutdown); what is queued is left to start-up recovery. */
  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#queue.length = 0;
  }

  #drain(): void {
    while (this.#queue.length > 0) {
      try {
        this.#queue[0]();
      } catch (err) {
        if (isCatalogBusy(err)) {
          if (this.#delay === this.#min) {
            this.#log?.("warn", "catalog busy: background writes wait", {
              pending: this.#queue.length,
            });
          }
          this.#timer = setTimeout(() => {
            this.#timer = null;
            this.#drain();
          }, this.#delay);
          this.#delay = Math.min(this.#max, this.#delay * 2);
          return;
        }
        this.#log?.("error", "background catalog write failed", { error: errorLine(err) });
      }
      this.#queue.shift();
      this.#delay = this.#min;
    }
  }
}
