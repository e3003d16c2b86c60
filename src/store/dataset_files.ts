/**
 * @module
 * Reading a dataset's files (bars manifest and the facts runs take from it, bars Parquet) for
 * a run or a client: a file the
 * catalog calls READY but that is gone (deleted by hand, a disk mishap) is a clear 409
 * DATASET_FILES_MISSING naming the dataset and the file relative to the data dir, never a 500
 * nor an absolute path; a symbolic link on the way is refused.
 */
import type { Bars } from "../domain/bars.ts";
import { HewstonError } from "../domain/errors.ts";
import { datasetManifest, parseManifest } from "../domain/manifests.ts";
import type { DatasetRecord } from "../domain/ports.ts";
import { loadBarsCached } from "./bars_cache.ts";
import { type DataDir, safeJoin } from "./data_dir.ts";
import { refuseSymlinks } from "./no_symlinks.ts";

/** A READY dataset whose file `rel` is missing (409 DATASET_FILES_MISSING). */
export function datasetFilesMissing(d: DatasetRecord, rel: string): HewstonError {
  return new HewstonError(
    "DATASET_FILES_MISSING",
    `dataset ${d.datasetId} is READY in the catalog but its file ${rel} is missing; rebuild it (POST /datasets with force, or hewston data --force)`,
    { status: 409, details: { dataset_id: d.datasetId, file: rel } },
  );
}

/**
 * The text of the dataset's bars manifest.
 * @throws {HewstonError} DATASET_FILES_MISSING, SYMLINK_REFUSED
 */
export async function readDatasetManifest(dir: DataDir, d: DatasetRecord): Promise<string> {
  return await withMissing(dir, d, d.barsManifestPath, (p) => Deno.readTextFile(p));
}

/**
 * The facts about a dataset that a run's (or sweep's) inputs include and hash: its identity,
 * range, session, source, calendar, and the sha256 of its bars, from its manifest.
 * @throws {HewstonError} DATASET_FILES_MISSING, SYMLINK_REFUSED, MANIFEST_INVALID
 */
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

/**
 * The dataset's bars, through the shared bar cache.
 * @throws {HewstonError} DATASET_FILES_MISSING, SYMLINK_REFUSED
 */
export async function loadDatasetBars(dir: DataDir, d: DatasetRecord): Promise<Bars> {
  return await withMissing(
    dir,
    d,
    d.barsParquet[0],
    (p) => loadBarsCached(p, `${d.datasetId}:${d.manifestSha256}`),
  );
}

/**
 * The dataset's bars Parquet file opened for reading (a server streams it to a queue worker
 * that lacks the dataset); the caller closes it, or hands its `readable` on.
 * @throws {HewstonError} DATASET_FILES_MISSING, SYMLINK_REFUSED
 */
export async function openDatasetBarsFile(dir: DataDir, d: DatasetRecord): Promise<Deno.FsFile> {
  return await withMissing(dir, d, d.barsParquet[0], (p) => Deno.open(p, { read: true }));
}

async function withMissing<T>(
  dir: DataDir,
  d: DatasetRecord,
  rel: string | undefined,
  read: (path: string) => Promise<T>,
): Promise<T> {
  if (!rel) throw datasetFilesMissing(d, "(none recorded)");
  const path = safeJoin(dir.root, rel);
  await refuseSymlinks(dir.root, path);
  try {
    return await read(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) throw datasetFilesMissing(d, rel);
    throw err;
  }
}
