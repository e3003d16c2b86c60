/**
 * @module
 * How a CLI command gets the run service: the data dir's stores, and the service over the
 * CLI's task runner (backtests in this thread, dataset builds and sweeps on workers) — the
 * same service, dataset resolution, events and retention as `hewston serve`.
 */
import { RunService } from "../services/runs/run_service.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { type DataDir, ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { SqliteEvents } from "../store/events_sqlite.ts";
import { SqliteRuns } from "../store/runs_sqlite.ts";
import { CliTaskRunner } from "../../jobs/cli_runner.ts";

/** An open run service and what it runs on; `close()` when the command ends. */
export interface CliRunService {
  dir: DataDir;
  catalog: SqliteCatalog;
  runs: SqliteRuns;
  service: RunService;
  runner: CliTaskRunner;
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
  const dir = resolveDataDir(dataDir);
  await ensureDataDir(dir);
  const catalog = new SqliteCatalog(dir.catalog);
  const runs = new SqliteRuns(catalog.db);
  const runner = new CliTaskRunner({ workers: opts.workers });
  const keep = Deno.env.get("HEWSTON_KEEP");
  const service = new RunService({
    dir,
    catalog,
    runs,
    events: new SqliteEvents(catalog.db),
    pool: runner,
    keep: keep === undefined ? undefined : Number(keep),
    databentoKey: Deno.env.get("DATABENTO_API_KEY") || undefined,
  });
  return {
    dir,
    catalog,
    runs,
    service,
    runner,
    close() {
      runner.close();
      catalog.close();
    },
  };
}
