/**
 * @module
 * `hewston prune --keep N`: retention offline — the same rule `hewston serve` applies after
 * each run (keep the newest N finished runs; older ones are removed whole: their event,
 * metric and run rows in one transaction, then their folders). Queued and running runs are
 * never touched, so it is safe next to a running server.
 */
import { parseArgs } from "node:util";
import { ValidationError } from "../domain/errors.ts";
import { pruneFinishedRuns } from "../services/run_service.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { SqliteEvents } from "../store/events_sqlite.ts";
import { SqliteRuns } from "../store/runs_sqlite.ts";

/** Usage text of `hewston prune`. */
export const PRUNE_USAGE = `hewston prune [--keep N] [--dry-run] [--json] [--data-dir DIR]

Removes all but the newest N finished runs (DONE, ERROR, CANCELLED), rows and folders.
  --keep N     finished runs to keep (default: HEWSTON_KEEP, else 100; 0 removes them all)
  --dry-run    print what would be removed, remove nothing
  --json       print {"keep", "removed", "kept", "dry_run"} as JSON`;

/** Runs `hewston prune`. */
export async function pruneCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      keep: { type: "string" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(PRUNE_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new ValidationError(`unexpected argument: ${positionals[0]}`);
  const keepText = values.keep ?? Deno.env.get("HEWSTON_KEEP") ?? "100";
  const keep = Number(keepText);
  if (!/^\d+$/.test(keepText) || keep > 1_000_000) {
    throw new ValidationError(`--keep must be a whole number from 0 to 1000000, got "${keepText}"`);
  }
  const dir = resolveDataDir(values["data-dir"]);
  await ensureDataDir(dir);
  const catalog = new SqliteCatalog(dir.catalog);
  try {
    const runs = new SqliteRuns(catalog.db);
    const dryRun = values["dry-run"] === true;
    const removed = dryRun
      ? runs.finishedRunIds().slice(keep)
      : await pruneFinishedRuns({ dir, catalog, runs, events: new SqliteEvents(catalog.db) }, keep);
    const kept = runs.finishedRunIds().length - (dryRun ? removed.length : 0);
    if (values.json) {
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
