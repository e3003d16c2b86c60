/**
 * @module
 * The composition root of the SQLite stores: one call opens the catalog of a data dir (or an
 * in-memory one) and the stores that share its connection, instead of each caller wiring
 * `new SqliteRuns(catalog.db)` and friends by hand.
 */
import { SqliteCatalog } from "./catalog_sqlite.ts";
import { type DataDir, ensureDataDir } from "./data_dir.ts";
import { SqliteEvents } from "./events_sqlite.ts";
import { SqlitePresets } from "./presets_sqlite.ts";
import { SqliteRuns } from "./runs_sqlite.ts";
import { SqliteSweeps } from "./sweeps_sqlite.ts";
import { SqliteTrials } from "./trials_sqlite.ts";

/** The stores of one catalog, sharing its connection. */
export interface Store {
  /** Datasets, schema version, and the connection itself. */
  catalog: SqliteCatalog;
  /** Runs and their metrics. */
  runs: SqliteRuns;
  /** The run event log. */
  events: SqliteEvents;
  /** Saved run configurations. */
  presets: SqlitePresets;
  /** Trial records of the Deflated Sharpe Ratio. */
  trials: SqliteTrials;
  /** Parameter sweeps. */
  sweeps: SqliteSweeps;
  /** Closes the connection (every store above with it). */
  close(): void;
}

/**
 * Opens (creating and migrating if needed) the catalog of `dir` and its stores.
 *
 * @param dir the data dir (its folders are created when missing), or `":memory:"` for a
 *   throw-away catalog
 * @param opts `busyTimeoutMs`: how long a write waits for another connection's lock (see
 *   `SqliteCatalog`)
 * @returns the stores; `close()` when done
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const store = await openStore(":memory:");
 * assert.equal(store.runs.getRun("nope"), null);
 * store.close();
 * ```
 */
export async function openStore(
  dir: DataDir | ":memory:",
  opts: { busyTimeoutMs?: number } = {},
): Promise<Store> {
  if (dir !== ":memory:") await ensureDataDir(dir);
  return storeOver(new SqliteCatalog(dir === ":memory:" ? dir : dir.catalog, opts));
}

/**
 * The stores over an already open catalog (a worker that keeps one connection per data dir).
 * @param catalog an open, migrated catalog
 */
export function storeOver(catalog: SqliteCatalog): Store {
  const db = catalog.db;
  return {
    catalog,
    runs: new SqliteRuns(db),
    events: new SqliteEvents(db),
    presets: new SqlitePresets(db),
    trials: new SqliteTrials(db),
    sweeps: new SqliteSweeps(db),
    close: () => catalog.close(),
  };
}
