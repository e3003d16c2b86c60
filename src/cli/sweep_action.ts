/**
 * @module
 * `hewston sweep` action: run every combination of a parameter grid on all cores, print the best
 * members, the Probability of Backtest Overfitting, and the artifact folder.
 */
import type { SweepOptions } from "./sweep_command.ts";
import { runSweep } from "../services/sweeps.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { WorkerPool } from "../../jobs/pool.ts";
import { progressView } from "./progress.ts";
import { resolveFlagDataset, runRequestFromOptions } from "./run_flags.ts";

/** Runs `hewston sweep` with parsed options. */
export async function sweepAction(o: SweepOptions): Promise<number> {
  const workers = o.workers ?? (navigator.hardwareConcurrency || 2);
  const dir = resolveDataDir(o.dataDir);
  await ensureDataDir(dir);
  const catalog = new SqliteCatalog(dir.catalog);
  let pool: WorkerPool | null = null;
  try {
    const dataset = await resolveFlagDataset(catalog, dir, o.run.dataset);
    const run = runRequestFromOptions(o.run, dataset.datasetId);
    pool = new WorkerPool(new URL("../../jobs/engine_worker.ts", import.meta.url), workers);
    const view = progressView({ quiet: o.json });
    let result;
    try {
      result = await runSweep(
        { dir, catalog, pool },
        { run, grid: o.grid, metric: o.metric as never, blocks: o.blocks },
        (p) => view.update(p),
      );
    } finally {
      view.done();
    }
    if (o.json) {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    const f = (x: number | null) => (x === null ? "—" : x.toFixed(3));
    console.log(
      `sweep    ${result.sweepId}  (${
        result.existed ? "identical sweep already in the catalog" : "DONE"
      })`,
    );
    console.log(`dataset  ${dataset.datasetId}`);
    console.log(`members  ${result.members} run, ${result.skipped} skipped as invalid`);
    console.log(
      `best     ${JSON.stringify(result.best?.params ?? null)}  sharpe ${
        f(result.best?.sharpe ?? null)
      }`,
    );
    console.log(
      `PBO      ${
        f(result.pbo)
      }  (probability that the in-sample best is below the out-of-sample median)`,
    );
    console.log(`time     ${(result.elapsedMs / 1000).toFixed(2)} s`);
    console.log(`artifacts ${result.folder}`);
    return 0;
  } finally {
    pool?.close();
    catalog.close();
  }
}
