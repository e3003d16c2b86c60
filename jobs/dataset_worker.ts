/**
 * @module
 * Web Worker entry: builds one dataset (ingest + derive) with its own catalog handle.
 */
import type { DatasetBuildResult, DatasetSpec } from "../src/domain/ports.ts";
import { LocalMarketData } from "../src/market/build_dataset.ts";
import { SqliteCatalog } from "../src/store/catalog_sqlite.ts";
import { type DataDir, ensureDataDir } from "../src/store/data_dir.ts";
import { serveJob } from "./run_job.ts";

/** What the caller posts to this worker. */
export interface DatasetJobRequest {
  dir: DataDir;
  spec: DatasetSpec;
  force?: boolean;
}

serveJob<DatasetJobRequest, DatasetBuildResult>(async (req, progress) => {
  await ensureDataDir(req.dir);
  const catalog = new SqliteCatalog(req.dir.catalog);
  try {
    return await new LocalMarketData(req.dir, catalog).ensureDataset(req.spec, {
      onProgress: progress,
      force: req.force,
    });
  } finally {
    catalog.close();
  }
});
