/**
 * @module
 * The sweeps table: one row per sweep (inputs, status, progress, outcome), created QUEUED
 * before anything runs, found again by id (the hash of its inputs) or by idempotency key.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { SweepDsr, SweepRecord, SweepStatus } from "../domain/sweep_record.ts";
import { statementCache } from "./_statements.ts";

/** Filters and paging of {@link SqliteSweeps.list}. */
export interface SweepListQuery {
  status?: SweepStatus;
  datasetId?: string;
  /** @default 50 */
  limit?: number;
  /** @default 0 */
  offset?: number;
}

/** Fields a sweep changes as it runs and ends. */
export type SweepPatch = Partial<
  Pick<
    SweepRecord,
    | "status"
    | "doneMembers"
    | "finishedAt"
    | "durationMs"
    | "pbo"
    | "bestMember"
    | "bestParams"
    | "bestSharpe"
    | "dsr"
    | "manifestHash"
    | "error"
  >
>;

const COLUMNS: Record<keyof SweepPatch, string> = {
  status: "status",
  doneMembers: "done_members",
  finishedAt: "finished_at",
  durationMs: "duration_ms",
  pbo: "pbo",
  bestMember: "best_member",
  bestParams: "best_params_json",
  bestSharpe: "best_sharpe",
  dsr: "dsr_json",
  manifestHash: "manifest_hash",
  error: "error",
};
const JSON_FIELDS = new Set<keyof SweepPatch>(["bestParams", "dsr"]);

/** Sweeps in the catalog database. */
export class SqliteSweeps {
  readonly #db: DatabaseSync;
  readonly #prepare: (sql: string) => StatementSync;

  /** @param db the catalog's open (migrated) connection */
  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#prepare = statementCache(db);
  }

  /**
   * Records a new sweep, or returns the one already recorded under its id.
   * @returns `created` false when the id existed (the stored row is returned)
   */
  create(s: SweepRecord): { created: boolean; sweep: SweepRecord } {
    const res = this.#prepare(
      `INSERT OR IGNORE INTO sweeps (sweep_id, dataset_id, strategy_id, grid_json,
        base_config_json, members, skipped, status, created_at, metric, blocks, done_members,
        idempotency_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ).run(
      s.sweepId,
      s.datasetId,
      s.strategyId,
      JSON.stringify(s.grid),
      JSON.stringify(s.baseConfig),
      s.members,
      s.skipped,
      s.status,
      s.createdAt,
      s.metric,
      s.blocks,
      s.doneMembers,
      s.idempotencyKey,
    );
    if (Number(res.changes) === 1) return { created: true, sweep: s };
    return { created: false, sweep: this.get(s.sweepId)! };
  }

  /** The sweep `id`, or null. */
  get(id: string): SweepRecord | null {
    const row = this.#prepare("SELECT * FROM sweeps WHERE sweep_id = ?").get(id);
    return row ? fromRow(row as Row) : null;
  }

  /** The sweep first submitted under idempotency key `key`, or null. */
  findByIdempotencyKey(key: string): SweepRecord | null {
    const row = this.#prepare("SELECT * FROM sweeps WHERE idempotency_key = ?").get(key);
    return row ? fromRow(row as Row) : null;
  }

  /** Sweeps, newest first, with the total matching the filters. */
  list(q: SweepListQuery = {}): { items: SweepRecord[]; total: number } {
    const where: string[] = [];
    const args: string[] = [];
    if (q.status) (where.push("status = ?"), args.push(q.status));
    if (q.datasetId) (where.push("dataset_id = ?"), args.push(q.datasetId));
    const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = Number(
      (this.#prepare(`SELECT count(*) AS n FROM sweeps ${w}`).get(...args) as { n: number }).n,
    );
    const rows = this.#prepare(
      `SELECT * FROM sweeps ${w} ORDER BY created_at DESC, sweep_id LIMIT ? OFFSET ?`,
    ).all(...args, q.limit ?? 50, q.offset ?? 0);
    return { items: rows.map((r) => fromRow(r as Row)), total };
  }

  /** Ids of the sweeps with `status`, oldest first. */
  idsWithStatus(status: SweepStatus): string[] {
    return this.#prepare(
      "SELECT sweep_id FROM sweeps WHERE status = ? ORDER BY created_at, sweep_id",
    ).all(status).map((r) => String((r as { sweep_id: string }).sweep_id));
  }

  /** Changes the given fields of sweep `id`. */
  update(id: string, patch: SweepPatch): void {
    const keys = (Object.keys(patch) as (keyof SweepPatch)[]).filter((k) => patch[k] !== undefined);
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${COLUMNS[k]} = ?`).join(", ");
    const values = keys.map((k) => {
      const v = patch[k];
      if (JSON_FIELDS.has(k)) return v === null ? null : JSON.stringify(v);
      return v as string | number | null;
    });
    this.#prepare(`UPDATE sweeps SET ${sets} WHERE sweep_id = ?`).run(...values, id);
  }

  /** Queues a finished (ERROR or CANCELLED) sweep again: progress and outcome are cleared. */
  requeue(id: string): void {
    this.#prepare(
      `UPDATE sweeps SET status = 'QUEUED', done_members = 0, error = NULL, finished_at = NULL,
        duration_ms = NULL WHERE sweep_id = ?`,
    ).run(id);
  }

  /** Deletes sweep `id`'s row. */
  delete(id: string): void {
    this.#prepare("DELETE FROM sweeps WHERE sweep_id = ?").run(id);
  }
}

type Row = Record<string, string | number | null>;

function fromRow(r: Row): SweepRecord {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const json = <T>(
    v: unknown,
  ): T | null => (v === null || v === undefined ? null : JSON.parse(String(v)));
  return {
    sweepId: String(r.sweep_id),
    datasetId: String(r.dataset_id),
    strategyId: String(r.strategy_id),
    grid: JSON.parse(String(r.grid_json)),
    baseConfig: JSON.parse(String(r.base_config_json)),
    metric: String(r.metric),
    blocks: Number(r.blocks),
    members: Number(r.members),
    skipped: Number(r.skipped),
    doneMembers: Number(r.done_members),
    status: String(r.status) as SweepStatus,
    createdAt: String(r.created_at),
    finishedAt: r.finished_at === null ? null : String(r.finished_at),
    durationMs: num(r.duration_ms),
    pbo: num(r.pbo),
    bestMember: num(r.best_member),
    bestParams: json<Record<string, unknown>>(r.best_params_json),
    bestSharpe: num(r.best_sharpe),
    dsr: json<SweepDsr>(r.dsr_json),
    manifestHash: r.manifest_hash === null ? null : String(r.manifest_hash),
    error: r.error === null ? null : String(r.error),
    idempotencyKey: r.idempotency_key === null ? null : String(r.idempotency_key),
  };
}
