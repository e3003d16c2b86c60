/**
 * @module
 * How a CLI command gets the run service: the data dir's stores, and the service over the
 * CLI's task runner (backtests in this thread, dataset builds and sweeps on workers) — the
 * same service, dataset resolution, events and retention as `hewston serve`.
 */
import { loadConfig } from "../config.ts";
import { RunService } from "../services/runs/run_service.ts";
import { type SweepService, sweepServiceOver } from "../services/sweeps/sweep_service.ts";
import type { TaskRunner } from "../services/tasks.ts";
import type { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { type DataDir, resolveDataDir } from "../store/data_dir.ts";
import { openStore } from "../store/open_store.ts";
import type { SqliteRuns } from "../store/runs_sqlite.ts";
import { CliTaskRunner } from "../../jobs/cli_runner.ts";

/** An open run service and what it runs on; `close()` when the command ends. */
export interface CliRunService {
  dir: DataDir;
  catalog: SqliteCatalog;
  runs: SqliteRuns;
  service: RunService;
  runner: CliTaskRunner;
  /**
   * The sweep service over the same stores and events, its chunks on `runner` (default: the
   * CLI's own pool; `hewston sweep --queue` passes the queue's runner).
   */
  sweeps(runner?: TaskRunner): SweepService;
  close(): void;
}

/**
 * Opens the data dir (`--data-dir`, else `$HEWSTON_DATA_DIR`, else `./data`) and its run
 * service.
 * @param opts `workers`: the pool size for dataset builds and sweep chunks
 */
export async function openRunService(
  dataDir: string | undefined,
  opts: { workers?: number } = {},
): Promise<CliRunService> {
  const config = loadConfig({ dataDir, workers: opts.workers });
  const dir = resolveDataDir(config.dataDir);
  const store = await openStore(dir);
  const { catalog, runs } = store;
  const runner = new CliTaskRunner({ workers: config.workers });
  const service = new RunService({
    dir,
    catalog,
    runs,
    events: store.events,
    pool: runner,
    keep: config.keep,
    databento: config.databento,
  });
  return {
    dir,
    catalog,
    runs,
    service,
    runner,
    sweeps: (sweepRunner: TaskRunner = runner) =>
      sweepServiceOver(dir, catalog, service, sweepRunner),
    close() {
      runner.close();
      store.close();
    },
  };
}
