/**
 * @module
 * `hewston backtest` action: run one backtest in a Web Worker, print its metrics and artifact folder.
 */
import type { BacktestOptions } from "./backtest_command.ts";
import { type ExecutedRun, prepareRun } from "../services/backtest_runs.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { SqliteRuns } from "../store/runs_sqlite.ts";
import { runJob } from "../../jobs/run_job.ts";
import type { EngineTask } from "../services/tasks.ts";
import { progressView } from "./progress.ts";
import { metricsTable } from "./format_metrics.ts";
import { resolveFlagDataset, runRequestFromOptions } from "./run_flags.ts";

/** Runs `hewston backtest` with parsed options. */
export async function backtestAction(o: BacktestOptions): Promise<number> {
  const dir = resolveDataDir(o.dataDir);
  await ensureDataDir(dir);
  const catalog = new SqliteCatalog(dir.catalog);
  const runs = new SqliteRuns(catalog.db);
  try {
    const dataset = await resolveFlagDataset(catalog, dir, o.run.dataset);
    const request = runRequestFromOptions(o.run, dataset.datasetId);
    const prepared = await prepareRun({ dir, catalog, runs }, request);
    let result: {
      run: { runId: string; status: string };
      metrics: Record<string, unknown>;
      folder: string;
    };
    if (!prepared.created && prepared.run.status === "DONE") {
      const metrics = JSON.parse(
        await Deno.readTextFile(`${dir.root}/${prepared.run.metricsPath}`),
      );
      result = { run: prepared.run, metrics, folder: `${dir.backtests}/${prepared.run.runId}` };
    } else {
      const view = progressView({ quiet: o.json });
      try {
        result = await runJob<EngineTask, Omit<ExecutedRun, "files">>(
          new URL("../../jobs/engine_worker.ts", import.meta.url),
          { kind: "backtest", dir, runId: prepared.run.runId },
          { onProgress: (p) => view.update(p) },
        );
      } finally {
        view.done();
      }
    }
    const existed = !prepared.created;
    if (o.json) {
      console.log(
        JSON.stringify(
          {
            run_id: result.run.runId,
            status: result.run.status,
            existed,
            metrics: result.metrics,
            folder: result.folder,
          },
          null,
          2,
        ),
      );
    } else {
      console.log(
        `run      ${result.run.runId}  (${result.run.status}${
          existed ? ", identical run already in the catalog" : ""
        })`,
      );
      console.log(`dataset  ${dataset.datasetId}`);
      console.log(metricsTable(result.metrics));
      console.log(`artifacts ${result.folder}`);
    }
    return 0;
  } finally {
    catalog.close();
  }
}
