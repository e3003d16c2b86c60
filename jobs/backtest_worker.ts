/**
 * @module
 * Web Worker entry: executes one QUEUED backtest run with its own catalog handle.
 */
import { type ExecutedRun, executeRun } from "../src/services/backtest_runs.ts";
import { SqliteCatalog } from "../src/store/catalog_sqlite.ts";
import type { DataDir } from "../src/store/data_dir.ts";
import { SqliteRuns } from "../src/store/runs_sqlite.ts";
import { SqliteTrials } from "../src/store/trials_sqlite.ts";
import { serveJob } from "./run_job.ts";

/** What the caller posts to this worker. */
export interface BacktestJobRequest {
  dir: DataDir;
  runId: string;
}

serveJob<BacktestJobRequest, ExecutedRun>(async (req, progress) => {
  const catalog = new SqliteCatalog(req.dir.catalog);
  try {
    return await executeRun(
      {
        dir: req.dir,
        catalog,
        runs: new SqliteRuns(catalog.db),
        trials: new SqliteTrials(catalog.db),
      },
      req.runId,
      progress,
    );
  } finally {
    catalog.close();
  }
});
