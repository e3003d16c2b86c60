/**
 * @module
 * The facts about a dataset that a run's (or sweep's) inputs include: its identity, range,
 * session, source, calendar, and the sha256 of its bars, from the dataset's manifest.
 */
import { datasetManifest, parseManifest } from "../../domain/manifests.ts";
import type { DatasetRecord } from "../../domain/ports.ts";
import type { DataDir } from "../../store/data_dir.ts";
import { readDatasetManifest } from "../../store/dataset_files.ts";

/** The dataset facts a run's (or sweep's) inputs include, from the dataset's manifest. */
export async function datasetFacts(dir: DataDir, d: DatasetRecord) {
  const manifest = parseManifest(
    datasetManifest,
    await readDatasetManifest(dir, d),
    d.barsManifestPath,
  );
  return {
    dataset_id: d.datasetId,
    symbol: d.symbol,
    from_date: d.fromDate,
    to_date: d.toDate,
    session: d.session,
    source_kind: d.sourceKind,
    calendar_version: d.calendarVersion,
    tz: d.tz,
    bars_parquet_sha256: manifest.output_hashes.bars_parquet_sha256,
  };
}
