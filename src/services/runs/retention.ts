/**
 * @module
 * Retention: keep the newest N finished runs; older ones are removed whole — their event,
 * metric and run rows in one transaction, then their folders. Queued and running runs are
 * never touched. Applied after every run (API and CLI alike) and by `hewston prune`.
 */
import type { SqliteCatalog } from "../../store/catalog_sqlite.ts";
import { type DataDir, removeIfExists, safeJoin } from "../../store/data_dir.ts";
import type { SqliteEvents } from "../../store/events_sqlite.ts";
import type { SqliteRuns } from "../../store/runs_sqlite.ts";

/** The stores retention works on (`hewston prune` uses them without a task runner). */
export interface RetentionStores {
  dir: DataDir;
  catalog: SqliteCatalog;
  runs: SqliteRuns;
  events: SqliteEvents;
}

/**
 * Removes all but the newest `keep` finished runs, whole.
 * @returns the removed run ids, newest first
 */
export async function pruneFinishedRuns(s: RetentionStores, keep: number): Promise<string[]> {
  const old = s.runs.finishedRunIds().slice(Math.max(0, keep));
  if (old.length > 0) await removeRunsWhole(s, old);
  return old;
}

/**
 * Removes runs whole: events, metrics and run rows in one transaction, then their folders.
 * Each run's events are replaced by one `deleted` event, so open lists (the catalog-wide
 * stream) learn it is gone.
 */
export async function removeRunsWhole(s: RetentionStores, ids: string[]): Promise<void> {
  const db = s.catalog.db;
  db.exec("BEGIN IMMEDIATE");
  try {
    for (const id of ids) {
      s.events.deleteRun(id);
      s.runs.deleteRun(id);
      s.events.append(id, "deleted", "deleted", { status: "DELETED" });
    }
    db.exec("COMMIT");
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
  for (const id of ids) {
    await removeIfExists(safeJoin(s.dir.backtests, id));
    await removeIfExists(safeJoin(s.dir.backtests, id) + ".building");
  }
}
