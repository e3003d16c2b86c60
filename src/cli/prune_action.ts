/**
 * @module
 * `hewston prune` action: retention offline — the same rule `hewston serve` applies after
 * each run (keep the newest N finished runs; older ones are removed whole: their event,
 * metric and run rows in one transaction, then their folders). Queued and running runs are
 * never touched, so it is safe next to a running server.
 */
import type { PruneOptions } from "./prune_command.ts";
import { ValidationError } from "../domain/errors.ts";
import { pruneFinishedRuns } from "../services/runs/retention.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { SqliteEvents } from "../store/events_sqlite.ts";
import { SqliteRuns } from "../store/runs_sqlite.ts";

/** Runs `hewston prune` with parsed options. */
export async function pruneAction(o: PruneOptions): Promise<number> {
  const keep = o.keep ?? keepFromEnv();
  const dir = resolveDataDir(o.dataDir);
  await ensureDataDir(dir);
  const catalog = new SqliteCatalog(dir.catalog);
  try {
    const runs = new SqliteRuns(catalog.db);
    const dryRun = o.dryRun;
    const removed = dryRun
      ? runs.finishedRunIds().slice(keep)
      : await pruneFinishedRuns({ dir, catalog, runs, events: new SqliteEvents(catalog.db) }, keep);
    const kept = runs.finishedRunIds().length - (dryRun ? removed.length : 0);
    if (o.json) {
      console.log(JSON.stringify({ keep, removed, kept, dry_run: dryRun }, null, 2));
      return 0;
    }
    for (const id of removed) console.log(`${dryRun ? "would remove" : "removed"} ${id}`);
    const plural = (n: number) => `${n} run${n === 1 ? "" : "s"}`;
    console.log(
      dryRun
        ? `would remove ${plural(removed.length)}; ${kept} finished would stay (keep ${keep})`
        : `removed ${plural(removed.length)}; ${kept} finished kept (keep ${keep})`,
    );
    return 0;
  } finally {
    catalog.close();
  }
}

/**
 * Finished runs to keep when no `--keep` is given: `HEWSTON_KEEP`, else 100.
 * @throws {ValidationError} when `HEWSTON_KEEP` is not a whole number from 0 to 1000000
 */
export function keepFromEnv(): number {
  const text = Deno.env.get("HEWSTON_KEEP") ?? "100";
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 1_000_000) {
    throw new ValidationError(
      `HEWSTON_KEEP must be a whole number from 0 to 1000000, got "${text}"`,
    );
  }
  return n;
}
