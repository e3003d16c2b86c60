/**
 * @module
 * The event side of every job (runs and dataset builds): each stage change, progress step and
 * terminal event becomes an event row (monotonic id, so streams resume) and is pushed to the
 * job's live subscribers (the SSE streams, a CLI waiting for its run). Rows are written
 * through {@link BackgroundWrites}: when another process holds the catalog's lock they wait,
 * in order, and are retried; recording an event never throws.
 */
import { errorLine, HewstonError } from "../../domain/errors.ts";
import type { Progress } from "../../domain/ports.ts";
import type { EventKind, RunEvent } from "../../domain/events.ts";
import type { SqliteEvents } from "../../store/events_sqlite.ts";
import type { LogFn } from "../log.ts";
import { BackgroundWrites } from "./background_writes.ts";

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
