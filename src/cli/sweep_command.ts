/**
 * @module
 * `hewston sweep`: run every combination of a parameter grid on all cores, print the best
 * members, the Probability of Backtest Overfitting, and the artifact folder.
 */
import { parseArgs } from "node:util";
import { ValidationError } from "../domain/errors.ts";
import { runSweep } from "../services/sweeps.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { WorkerPool } from "../../jobs/pool.ts";
import { progressView } from "./progress.ts";
import {
  resolveFlagDataset,
  RUN_FLAG_OPTIONS,
  RUN_FLAGS_USAGE,
  runRequestFromFlags,
} from "./run_flags.ts";

/** Usage text of `hewston sweep`. */
export const SWEEP_USAGE =
  `hewston sweep (--dataset ID | --symbol S --from D --to D) --strategy ID --grid K=SPEC... [options]

  --grid K=SPEC          a grid axis (repeatable): start:stop:step (inclusive), a,b,c, or one value
                         e.g. --grid fast=5:50:5 --grid slow=20:200:10
  --metric NAME          heatmap metric (default sharpe)
  --blocks S             CSCV blocks for the Probability of Backtest Overfitting (default 16)
  --workers N            worker pool size (default: cores)
${RUN_FLAGS_USAGE}`;

/** Runs `hewston sweep`. */
export async function sweepCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...RUN_FLAG_OPTIONS,
      grid: { type: "string", multiple: true },
      metric: { type: "string" },
      blocks: { type: "string" },
      workers: { type: "string" },
    },
  });
  if (values.help) {
    console.log(SWEEP_USAGE);
    return 0;
  }
  if (!values.grid || values.grid.length === 0) {
    throw new ValidationError("--grid is required, e.g. --grid fast=5:50:5 --grid slow=20:200:10");
  }
  const workers = values.workers === undefined
    ? navigator.hardwareConcurrency || 2
    : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    throw new ValidationError(`--workers must be 1-256, got ${values.workers}`);
  }
  const blocks = values.blocks === undefined ? 16 : Number(values.blocks);
  const dir = resolveDataDir(values["data-dir"]);
  await ensureDataDir(dir);
  const catalog = new SqliteCatalog(dir.catalog);
  let pool: WorkerPool | null = null;
  try {
    const dataset = await resolveFlagDataset(catalog, dir, values);
    const run = runRequestFromFlags(values, dataset.datasetId);
    pool = new WorkerPool(new URL("../../jobs/engine_worker.ts", import.meta.url), workers);
    const view = progressView({ quiet: values.json });
    let result;
    try {
      result = await runSweep(
        { dir, catalog, pool },
        { run, grid: values.grid, metric: values.metric as never, blocks },
        (p) => view.update(p),
      );
    } finally {
      view.done();
    }
    if (values.json) {
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
