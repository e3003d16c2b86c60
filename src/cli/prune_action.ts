/**
 * @module
 * `hewston prune` action: retention offline — the same rule `hewston serve` applies after
 * each run (keep the newest N finished runs; older ones are removed whole: their event,
 * metric and run rows in one transaction, then their folders). Queued and running runs are
 * never touched, so it is safe next to a running server.
 */
import type { PruneOptions } from "./prune_command.ts";
import { loadConfig } from "../config.ts";
import { pruneFinishedRuns } from "../services/runs/retention.ts";
import { resolveDataDir } from "../store/data_dir.ts";
import { openStore } from "../store/open_store.ts";

/** Runs `hewston prune` with parsed options. */
export async function pruneAction(o: PruneOptions): Promise<number> {
  const { keep, dataDir } = loadConfig({ dataDir: o.dataDir, keep: o.keep });
  const dir = resolveDataDir(dataDir);
  const store = await openStore(dir);
  try {
    const runs = store.runs;
    const dryRun = o.dryRun;
    const removed = dryRun
      ? runs.finishedRunIds().slice(keep)
      : await pruneFinishedRuns({ dir, ...store }, keep);
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
    store.close();
  }
}
