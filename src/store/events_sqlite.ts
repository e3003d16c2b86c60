/**
 * @module
 * The run event log: one row per stage change, progress step or terminal event of a job,
 * with a monotonic id (SQLite AUTOINCREMENT never reuses ids), so SSE clients resume with
 * `after_id` / `Last-Event-ID` and never miss or repeat an event. Ids are global, so the
 * catalog-wide stream reads every job's events in one order ({@link SqliteEvents.afterAll}),
 * and readers in this process are told when rows were appended ({@link SqliteEvents.onAppend}).
 */
import type { DatabaseSync } from "node:sqlite";
import type { StatementSync } from "node:sqlite";
import { statementCache } from "./_statements.ts";
import type { EventKind, RunEvent } from "../domain/events.ts";

/** Event rows in the catalog database. */
export class SqliteEvents {
  readonly #db: DatabaseSync;
  readonly #prepare: (sql: string) => StatementSync;
  readonly #appended = new Set<() => void>();
  #notifyQueued = false;

  /** @param db the catalog's open (migrated) connection */
  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#prepare = statementCache(this.#db);
  }

  /** Appends an event and returns it with its id. */
  append(
    runId: string,
    kind: EventKind,
    stage: string,
    data: Record<string, unknown> = {},
    createdAt = new Date().toISOString(),
  ): RunEvent {
    const res = this.#prepare(
      "INSERT INTO events (run_id, kind, stage, data_json, created_at) VALUES (?,?,?,?,?)",
    ).run(runId, kind, stage, JSON.stringify(data), createdAt);
    this.#notify();
    return { id: Number(res.lastInsertRowid), runId, kind, stage, data, createdAt };
  }

  /** Events of `runId` with id > `afterId`, oldest first, at most `limit`. */
  after(runId: string, afterId = 0, limit = 1000): RunEvent[] {
    return this.#prepare(
      `SELECT event_id, run_id, kind, stage, data_json, created_at FROM events
       WHERE run_id = ? AND event_id > ? ORDER BY event_id LIMIT ?`,
    ).all(runId, afterId, limit).map(toEvent);
  }

  /** Events of every job with id > `afterId`, oldest first, at most `limit`. */
  afterAll(afterId = 0, limit = 1000): RunEvent[] {
    return this.#prepare(
      `SELECT event_id, run_id, kind, stage, data_json, created_at FROM events
       WHERE event_id > ? ORDER BY event_id LIMIT ?`,
    ).all(afterId, limit).map(toEvent);
  }

  /** Id of the newest event of any job, or 0. */
  newestId(): number {
    const r = this.#prepare("SELECT max(event_id) AS m FROM events").get() as { m: number | null };
    return r.m ?? 0;
  }

  /**
   * Calls `fn` after events were appended through this connection. The call is deferred to a
   * microtask, so an append inside a transaction is announced after that transaction
   * commits (a reader then finds the rows, or none after a rollback, never half of them).
   * @returns the function that stops the calls
   */
  onAppend(fn: () => void): () => void {
    this.#appended.add(fn);
    return () => this.#appended.delete(fn);
  }

  #notify(): void {
    if (this.#appended.size === 0 || this.#notifyQueued) return;
    this.#notifyQueued = true;
    queueMicrotask(() => {
      this.#notifyQueued = false;
      for (const fn of [...this.#appended]) fn();
    });
  }

  /** Id of the newest event of `runId`, or 0. */
  lastId(runId: string): number {
    const r = this.#prepare("SELECT max(event_id) AS m FROM events WHERE run_id = ?").get(
      runId,
    ) as { m: number | null };
    return r.m ?? 0;
  }

  /** The newest event of `runId`, or null. */
  latest(runId: string): RunEvent | null {
    const last = this.lastId(runId);
    return last === 0 ? null : this.after(runId, last - 1, 1)[0] ?? null;
  }

  /**
   * Jobs whose id starts with `prefix` and whose newest event is not terminal (done, error,
   * cancelled): the ones a stopped server left unfinished.
   */
  unfinished(prefix: string): string[] {
    return this.#prepare(
      `SELECT e.run_id AS id FROM events e
       WHERE e.run_id LIKE ? || '%' ESCAPE '\\'
         AND e.event_id = (SELECT max(event_id) FROM events WHERE run_id = e.run_id)
         AND e.kind NOT IN ('done', 'error', 'cancelled', 'deleted')
       ORDER BY e.event_id`,
    ).all(prefix.replace(/[\\%_]/g, "\\$&")).map((r) => String((r as { id: string }).id));
  }

  /** Deletes every event of `runId`. */
  deleteRun(runId: string): void {
    this.#prepare("DELETE FROM events WHERE run_id = ?").run(runId);
  }
}

function toEvent(r: unknown): RunEvent {
  const row = r as Record<string, unknown>;
  return {
    id: Number(row.event_id),
    runId: String(row.run_id),
    kind: row.kind as EventKind,
    stage: String(row.stage),
    data: JSON.parse(String(row.data_json)),
    createdAt: String(row.created_at),
  };
}
