/**
 * @module
 * The runs and run_metrics tables of the SQLite catalog ({@link RunCatalog}), sharing the
 * catalog's connection.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { ValidationError } from "../domain/errors.ts";
import { statementCache } from "./_statements.ts";
import { METRIC_COLUMNS, type RunSummary, runSummary } from "../domain/wire/runs.ts";
import type { RunCatalog, RunQuery, RunRecord, RunStatus } from "../domain/ports.ts";

const COLUMNS: Record<keyof RunRecord, string> = {
  runId: "run_id",
  datasetId: "dataset_id",
  strategyId: "strategy_id",
  params: "params_json",
  seed: "seed",
  slippageFees: "slippage_fees_json",
  speed: "speed",
  codeHash: "code_hash",
  createdAt: "created_at",
  status: "status",
  durationMs: "duration_ms",
  metricsPath: "metrics_path",
  equityPath: "equity_path",
  ordersPath: "orders_path",
  fillsPath: "fills_path",
  tradesPath: "trades_path",
  runManifestPath: "run_manifest_path",
  inputHash: "input_hash",
  idempotencyKey: "idempotency_key",
  config: "config_json",
  manifestHash: "manifest_hash",
  chainPrev: "chain_prev",
  error: "error",
  finishedAt: "finished_at",
};
const JSON_FIELDS = new Set<keyof RunRecord>(["params", "slippageFees", "config"]);

export { METRIC_COLUMNS };

/**
 * The SQL of each key of a listed run, over the page's row `p`. Typed by the wire schema: a
 * key added to `runSummary` must be added here, so the fast path cannot drift from it.
 */
const SUMMARY_SQL: Record<keyof RunSummary, string> = {
  run_id: "p.run_id",
  status: "p.status",
  dataset_id: "p.dataset_id",
  symbol: "p.symbol",
  strategy_id: "p.strategy_id",
  params: "json(p.params_json)",
  seed: "p.seed",
  created_at: "p.created_at",
  finished_at: "p.finished_at",
  duration_ms: "p.duration_ms",
  metrics: `CASE WHEN p.m_run_id IS NULL THEN NULL ELSE json_object(${
    METRIC_COLUMNS.map((c) => `'${c}', p.m_${c}`).join(", ")
  }) END`,
  error: "p.error",
  // The only placeholder of the select list: the URL prefix.
  url: "? || '/' || p.run_id",
};

/** `json_object` arguments of a listed run, in the schema's key order. */
const SUMMARY_JSON_ARGS = Object.keys(runSummary.shape)
  .map((k) => `'${k}', ${SUMMARY_SQL[k as keyof RunSummary]}`).join(", ");

/** Orderable columns that are never NULL. */
const NOT_NULL_ORDER = new Set<string>(["created_at", "status", "strategy_id"]);

const ORDERABLE = new Set<string>([
  "created_at",
  "finished_at",
  "duration_ms",
  "status",
  "strategy_id",
  ...METRIC_COLUMNS,
]);

/** Filters of {@link SqliteRuns.listRuns}: the port's, plus dates the run's dataset must overlap. */
export interface RunListQuery extends RunQuery {
  /** Keep runs whose dataset ends on or after this date (`YYYY-MM-DD`). */
  from?: string;
  /** Keep runs whose dataset starts on or before this date (`YYYY-MM-DD`). */
  to?: string;
}

/** SQLite implementation of {@link RunCatalog}. */
export class SqliteRuns implements RunCatalog {
  readonly #db: DatabaseSync;
  readonly #prepare: (sql: string) => StatementSync;
  readonly #pages = new Map<
    string,
    { version: string; page: { itemsJson: string; total: number } }
  >();

  /** @param db the catalog's open connection (migrated) */
  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#prepare = statementCache(db);
  }

  /** @inheritdoc */
  createRun(row: RunRecord): { run: RunRecord; created: boolean } {
    const keys = Object.keys(COLUMNS) as (keyof RunRecord)[];
    const cols = keys.map((k) => COLUMNS[k]);
    // The unique input_hash / idempotency_key make concurrent identical creates collapse to one.
    const res = this.#prepare(
      `INSERT INTO runs (${cols.join(",")}) VALUES (${cols.map(() => "?").join(",")})
       ON CONFLICT DO NOTHING`,
    ).run(...keys.map((k) => toSql(k, row[k])));
    if (res.changes === 1) return { run: row, created: true };
    const existing = this.findRunByInputHash(row.inputHash) ??
      (row.idempotencyKey ? this.#byIdempotencyKey(row.idempotencyKey) : null) ??
      this.getRun(row.runId);
    if (!existing) throw new Error(`run ${row.runId} could not be created`);
    return { run: existing, created: false };
  }

  /** @inheritdoc */
  getRun(runId: string): RunRecord | null {
    const r = this.#prepare("SELECT * FROM runs WHERE run_id = ?").get(runId);
    return r ? fromRow(r as Record<string, unknown>) : null;
  }

  /** @inheritdoc */
  findRunByInputHash(inputHash: string): RunRecord | null {
    const r = this.#prepare("SELECT * FROM runs WHERE input_hash = ?").get(inputHash);
    return r ? fromRow(r as Record<string, unknown>) : null;
  }

  /** The run created with idempotency key `key`, or null. */
  findRunByIdempotencyKey(key: string): RunRecord | null {
    return this.#byIdempotencyKey(key);
  }

  /** Ids of finished runs (DONE, ERROR, CANCELLED), newest first (retention order). */
  finishedRunIds(): string[] {
    return this.#prepare(
      `SELECT run_id FROM runs WHERE status IN ('DONE','ERROR','CANCELLED')
       ORDER BY COALESCE(finished_at, created_at) DESC, rowid DESC`,
    ).all().map((r) => String((r as { run_id: string }).run_id));
  }

  /** Number of runs in each status (every status present, 0 when none). */
  countByStatus(): Record<RunStatus, number> {
    const out: Record<RunStatus, number> = {
      QUEUED: 0,
      RUNNING: 0,
      DONE: 0,
      ERROR: 0,
      CANCELLED: 0,
    };
    const rows = this.#prepare("SELECT status, count(*) AS n FROM runs GROUP BY status").all();
    for (const r of rows as { status: RunStatus; n: number }[]) out[r.status] = Number(r.n);
    return out;
  }

  #byIdempotencyKey(key: string): RunRecord | null {
    const r = this.#prepare("SELECT * FROM runs WHERE idempotency_key = ?").get(key);
    return r ? fromRow(r as Record<string, unknown>) : null;
  }

  /** @inheritdoc */
  updateRun(runId: string, patch: Partial<RunRecord>): void {
    const keys = (Object.keys(patch) as (keyof RunRecord)[]).filter((k) => k !== "runId");
    if (keys.length === 0) return;
    this.#prepare(
      `UPDATE runs SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(", ")} WHERE run_id = ?`,
    ).run(...keys.map((k) => toSql(k, patch[k])), runId);
  }

  /** The FROM/WHERE/ORDER BY of a run listing, validated. */
  #listing(q: RunListQuery): { from: string; args: SQLInputValue[]; orderBy: string } {
    const where: string[] = [];
    const args: SQLInputValue[] = [];
    if (q.symbol) (where.push("d.symbol = ?"), args.push(q.symbol.toUpperCase()));
    if (q.strategyId) (where.push("r.strategy_id = ?"), args.push(q.strategyId));
    if (q.status) (where.push("r.status = ?"), args.push(q.status));
    if (q.datasetId) (where.push("r.dataset_id = ?"), args.push(q.datasetId));
    if (q.from) (where.push("d.to_date >= ?"), args.push(q.from));
    if (q.to) (where.push("d.from_date <= ?"), args.push(q.to));
    const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const order = q.order ?? "-created_at";
    const col = order.replace(/^[-+]/, "");
    if (!ORDERABLE.has(col)) {
      throw new ValidationError(`cannot order runs by "${col}"`, { allowed: [...ORDERABLE] });
    }
    const dir = order.startsWith("-") ? "DESC" : "ASC";
    const qualified = (METRIC_COLUMNS as readonly string[]).includes(col) ? `m.${col}` : `r.${col}`;
    const from = `FROM runs r JOIN datasets d ON d.dataset_id = r.dataset_id
      LEFT JOIN run_metrics m ON m.run_id = r.run_id ${w}`;
    // NULLs last only where a column can be NULL; created_at never is, so its index serves.
    const nullsLast = NOT_NULL_ORDER.has(col) ? "" : `${qualified} IS NULL, `;
    return { from, args, orderBy: `${nullsLast}${qualified} ${dir}, r.run_id` };
  }

  /**
   * A page of run summaries as JSON text built by SQLite itself (no row objects): what
   * GET /backtests serves. Items: run_id, status, dataset_id, symbol, strategy_id, params,
   * seed, created_at, finished_at, duration_ms, metrics (or null), error, url.
   * @param urlPrefix prefix of each item's `url` (e.g. `/backtests`)
   */
  listRunSummariesJson(q: RunListQuery, urlPrefix: string): { itemsJson: string; total: number } {
    // Pages are cached until the database changes: data_version moves when another
    // connection (a worker) commits, total_changes() when this one writes.
    const v = this.#prepare(
      "SELECT (SELECT data_version FROM pragma_data_version) AS dv, total_changes() AS tc",
    ).get() as { dv: number; tc: number };
    const version = `${v.dv}:${v.tc}`;
    const key = JSON.stringify([q, urlPrefix]);
    const hit = this.#pages.get(key);
    if (hit && hit.version === version) return hit.page;
    const page = this.#summariesPage(q, urlPrefix);
    if (this.#pages.size >= 64) this.#pages.delete(this.#pages.keys().next().value!);
    this.#pages.set(key, { version, page });
    return page;
  }

  #summariesPage(q: RunListQuery, urlPrefix: string): { itemsJson: string; total: number } {
    const { from, args, orderBy } = this.#listing(q);
    const total = (this.#prepare(`SELECT count(*) AS n ${from}`).get(...args) as { n: number }).n;
    const metricCols = METRIC_COLUMNS.map((c) => `m.${c} AS m_${c}`).join(", ");
    // The page is selected (ordered, limited) below; the aggregate above keeps that order and
    // builds each object once (json_object's JSON subtype survives into json_group_array).
    const row = this.#prepare(
      `SELECT coalesce(json_group_array(json_object(${SUMMARY_JSON_ARGS})), '[]') AS items
       FROM (SELECT r.run_id, r.status, r.dataset_id, d.symbol, r.strategy_id, r.params_json,
               r.seed, r.created_at, r.finished_at, r.duration_ms, r.error,
               m.run_id AS m_run_id, ${metricCols}
             ${from} ORDER BY ${orderBy} LIMIT ? OFFSET ?) p`,
    ).get(urlPrefix, ...args, q.limit ?? 50, q.offset ?? 0) as { items: string };
    return { itemsJson: row.items, total: Number(total) };
  }

  /** @inheritdoc */
  listRuns(q: RunListQuery = {}): {
    items: (RunRecord & { symbol: string; metrics: Record<string, number | null> | null })[];
    total: number;
  } {
    const { from, args, orderBy } = this.#listing(q);
    const total = (this.#prepare(`SELECT count(*) AS n ${from}`).get(...args) as { n: number })
      .n;
    const metricCols = METRIC_COLUMNS.map((c) => `m.${c} AS m_${c}`).join(", ");
    // A listing leaves out the (large) config; get the run for it.
    const runCols = Object.values(COLUMNS).filter((c) => c !== "config_json")
      .map((c) => `r.${c}`).join(", ");
    const rows = this.#prepare(
      `SELECT ${runCols}, d.symbol AS symbol, m.run_id AS m_run_id, ${metricCols} ${from}
       ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    ).all(...args, q.limit ?? 50, q.offset ?? 0);
    return {
      items: rows.map((row) => {
        const r = row as Record<string, unknown>;
        let metrics: Record<string, number | null> | null = null;
        if (r.m_run_id != null) {
          metrics = {};
          for (const c of METRIC_COLUMNS) {
            metrics[c] = r[`m_${c}`] == null ? null : Number(r[`m_${c}`]);
          }
        }
        return { ...fromRow(r), symbol: String(r.symbol), metrics };
      }),
      total,
    };
  }

  /** @inheritdoc */
  putRunMetrics(runId: string, metrics: Record<string, number | null>, computedAt: string): void {
    const cols = METRIC_COLUMNS.filter((c) => c in metrics);
    this.#prepare(
      `INSERT OR REPLACE INTO run_metrics (run_id, ${cols.join(",")}, computed_at)
       VALUES (?, ${cols.map(() => "?").join(",")}, ?)`,
    ).run(runId, ...cols.map((c) => finiteOrNull(metrics[c])), computedAt);
  }

  /** @inheritdoc */
  getRunMetrics(runId: string): Record<string, number | null> | null {
    const r = this.#prepare("SELECT * FROM run_metrics WHERE run_id = ?").get(runId) as
      | Record<string, unknown>
      | undefined;
    if (!r) return null;
    const out: Record<string, number | null> = {};
    for (const c of METRIC_COLUMNS) out[c] = r[c] == null ? null : Number(r[c]);
    return out;
  }

  /** @inheritdoc */
  lastManifestHash(): string | null {
    const r = this.#prepare(
      `SELECT manifest_hash FROM runs WHERE status = 'DONE' AND manifest_hash IS NOT NULL
       ORDER BY finished_at DESC, rowid DESC LIMIT 1`,
    ).get() as { manifest_hash: string } | undefined;
    return r?.manifest_hash ?? null;
  }

  /** @inheritdoc */
  deleteRun(runId: string): void {
    this.#prepare("DELETE FROM runs WHERE run_id = ?").run(runId);
  }
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function toSql(k: keyof RunRecord, v: unknown): SQLInputValue {
  if (JSON_FIELDS.has(k)) return v == null ? null : JSON.stringify(v);
  return (v ?? null) as SQLInputValue;
}

function fromRow(r: Record<string, unknown>): RunRecord {
  const out: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(COLUMNS) as [keyof RunRecord, string][]) {
    const v = r[col];
    out[k] = JSON_FIELDS.has(k) ? (v == null ? null : JSON.parse(String(v))) : v ?? null;
  }
  out.seed = Number(out.seed);
  out.speed = Number(out.speed);
  out.status = out.status as RunStatus;
  if (out.durationMs != null) out.durationMs = Number(out.durationMs);
  return out as unknown as RunRecord;
}
