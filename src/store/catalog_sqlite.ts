/**
 * @module
 * The SQLite catalog (`node:sqlite`, built into Deno): one file `catalog.sqlite` in the data
 * dir, WAL mode, foreign keys on, versioned migrations applied on open.
 */
import { DatabaseSync } from "node:sqlite";
import type { StatementSync } from "node:sqlite";
import { statementCache } from "./_statements.ts";
import type { Catalog, DatasetRecord, DatasetStatus } from "../domain/ports.ts";
import { MIGRATIONS } from "./migrations.ts";

/** File name of the catalog inside the data dir. */
export const CATALOG_FILE = "catalog.sqlite";

/** Columns of the `datasets` table in insert order (the key first). */
const DATASET_COLUMNS = [
  "dataset_id",
  "symbol",
  "from_date",
  "to_date",
  "products_json",
  "calendar_version",
  "tz",
  "raw_dbn_json",
  "bars_parquet_json",
  "bars_manifest_path",
  "generated_at",
  "size_bytes",
  "status",
  "source_kind",
  "session",
  "bar_count",
  "manifest_sha256",
  "error",
];

/** SQLite implementation of the {@link Catalog} port. */
export class SqliteCatalog implements Catalog {
  readonly #db: DatabaseSync;
  readonly #prepare: (sql: string) => StatementSync;

  /**
   * Opens (creating if needed) the catalog at `path` and migrates it to the latest schema.
   * @param path database file, or ":memory:" for tests
   * @param opts `busyTimeoutMs`: how long a write waits for another connection's lock before
   *   failing with "database is locked" (default 5000). node:sqlite waits synchronously, so
   *   the server's event loop uses a short wait and retries off the request path instead.
   */
  constructor(path: string, opts: { busyTimeoutMs?: number } = {}) {
    this.#db = new DatabaseSync(path);
    this.#prepare = statementCache(this.#db);
    try {
      // Another process (a worker, a second CLI) may hold the write lock briefly.
      this.#db.exec(
        `PRAGMA busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`,
      );
      this.#db.exec("PRAGMA journal_mode = WAL");
      // In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash of the process
      // loses nothing and a power cut can only drop the newest commits, never corrupt the file.
      // FULL made each of a run's ~17 small commits (stages, events, status) wait ~2 ms on fsync.
      this.#db.exec("PRAGMA synchronous = NORMAL");
      this.#db.exec("PRAGMA foreign_keys = ON");
      this.#migrate();
    } catch (err) {
      // A catalog locked by another process: the caller may try again with a new connection.
      this.#db.close();
      throw err;
    }
  }

  /**
   * Takes the write lock and lets it go at once: throws "database is locked" (after the busy
   * timeout) while another process holds it, so a caller can wait before writing.
   */
  probeWriteLock(): void {
    this.#db.exec("BEGIN IMMEDIATE");
    this.#db.exec("ROLLBACK");
  }

  /** The raw handle, for adapters in this folder (runs, events) that share the file. */
  get db(): DatabaseSync {
    return this.#db;
  }

  /** @inheritdoc */
  schemaVersion(): number {
    const row = this.#prepare("PRAGMA user_version").get() as { user_version: number };
    return row.user_version;
  }

  /**
   * Inserts a dataset row, or updates it in place: a rebuild (`--force`) keeps the row that
   * runs reference (`INSERT OR REPLACE` would delete it first, which their foreign keys refuse).
   */
  putDataset(r: DatasetRecord): void {
    this.#prepare(
      `INSERT INTO datasets (${DATASET_COLUMNS.join(", ")})
       VALUES (${DATASET_COLUMNS.map(() => "?").join(",")})
       ON CONFLICT (dataset_id) DO UPDATE SET ${
        DATASET_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(", ")
      }`,
    ).run(
      r.datasetId,
      r.symbol,
      r.fromDate,
      r.toDate,
      JSON.stringify(r.products),
      r.calendarVersion,
      r.tz,
      JSON.stringify(r.rawDbn),
      JSON.stringify(r.barsParquet),
      r.barsManifestPath,
      r.generatedAt,
      r.sizeBytes,
      r.status,
      r.sourceKind,
      r.session,
      r.barCount,
      r.manifestSha256,
      r.error,
    );
  }

  /** @inheritdoc */
  getDataset(datasetId: string): DatasetRecord | null {
    const row = this.#prepare("SELECT * FROM datasets WHERE dataset_id = ?").get(datasetId);
    return row ? toDataset(row as Record<string, unknown>) : null;
  }

  /** @inheritdoc */
  listDatasets(filter: { symbol?: string; status?: DatasetStatus } = {}): DatasetRecord[] {
    const rows = this.#prepare(
      `SELECT * FROM datasets WHERE (?1 IS NULL OR symbol = ?1) AND (?2 IS NULL OR status = ?2)
       ORDER BY generated_at DESC, dataset_id`,
    ).all(filter.symbol ?? null, filter.status ?? null);
    return rows.map((r) => toDataset(r as Record<string, unknown>));
  }

  /** @inheritdoc */
  findReadyDataset(
    symbol: string,
    from: string,
    to: string,
    session: "regular" | "extended" = "regular",
  ): DatasetRecord | null {
    const row = this.#prepare(
      `SELECT * FROM datasets WHERE symbol = ? AND from_date = ? AND to_date = ? AND session = ?
       AND status = 'READY' ORDER BY generated_at DESC, dataset_id LIMIT 1`,
    ).get(symbol.toUpperCase(), from, to, session);
    return row ? toDataset(row as Record<string, unknown>) : null;
  }

  /** @inheritdoc */
  failDataset(datasetId: string, error: string): void {
    this.#prepare("UPDATE datasets SET status = 'ERROR', error = ? WHERE dataset_id = ?")
      .run(error, datasetId);
  }

  /** @inheritdoc */
  deleteDataset(datasetId: string): void {
    this.#prepare("DELETE FROM datasets WHERE dataset_id = ?").run(datasetId);
  }

  /** @inheritdoc */
  close(): void {
    this.#db.close();
  }

  #migrate(): void {
    let current = this.schemaVersion();
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      // DDL and the version bump commit together, so a crash never half-applies a migration.
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        // Another process may have migrated while we waited for the lock.
        current = this.schemaVersion();
        if (m.version > current) {
          this.#db.exec(m.sql);
          this.#db.exec(`PRAGMA user_version = ${m.version}`);
        }
        this.#db.exec("COMMIT");
      } catch (err) {
        this.#db.exec("ROLLBACK");
        throw new Error(`catalog migration ${m.version} (${m.name}) failed: ${err}`, {
          cause: err,
        });
      }
    }
  }
}

function toDataset(r: Record<string, unknown>): DatasetRecord {
  return {
    datasetId: String(r.dataset_id),
    symbol: String(r.symbol),
    fromDate: String(r.from_date),
    toDate: String(r.to_date),
    products: JSON.parse(String(r.products_json)),
    calendarVersion: String(r.calendar_version),
    tz: String(r.tz),
    rawDbn: JSON.parse(String(r.raw_dbn_json)),
    barsParquet: JSON.parse(String(r.bars_parquet_json)),
    barsManifestPath: String(r.bars_manifest_path),
    generatedAt: String(r.generated_at),
    sizeBytes: Number(r.size_bytes),
    status: r.status as DatasetStatus,
    sourceKind: r.source_kind as DatasetRecord["sourceKind"],
    session: r.session as DatasetRecord["session"],
    barCount: Number(r.bar_count),
    manifestSha256: r.manifest_sha256 == null ? null : String(r.manifest_sha256),
    error: r.error == null ? null : String(r.error),
  };
}
