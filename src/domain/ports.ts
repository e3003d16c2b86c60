/**
 * @module
 * Ports: the small interfaces between Hewston's core and its adapters. The engine and the
 * domain never import an adapter; services get adapters through these interfaces.
 */

/** Dataset status, as in the seed DDL. */
export type DatasetStatus = "READY" | "BUILDING" | "ERROR";

/** Where a dataset's data came from. */
export type SourceKind = "dbn" | "databento" | "synthetic" | "csv" | "parquet";

/** One row of the `datasets` table, decoded. Paths are relative to the data dir. */
export interface DatasetRecord {
  datasetId: string;
  symbol: string;
  fromDate: string;
  toDate: string;
  products: string[];
  calendarVersion: string;
  tz: string;
  rawDbn: string[];
  barsParquet: string[];
  barsManifestPath: string;
  generatedAt: string;
  sizeBytes: number;
  status: DatasetStatus;
  sourceKind: SourceKind;
  session: "regular" | "extended";
  barCount: number;
  manifestSha256: string | null;
  error: string | null;
}

/** The catalog: datasets now, runs/metrics/events/presets as the engine and service land. */
export interface Catalog {
  /** Inserts or replaces a dataset row. */
  putDataset(row: DatasetRecord): void;
  /** A dataset by id, or null. */
  getDataset(datasetId: string): DatasetRecord | null;
  /** All datasets, newest first. */
  listDatasets(filter?: { symbol?: string; status?: DatasetStatus }): DatasetRecord[];
  /** Marks a dataset ERROR with a one-line reason. */
  failDataset(datasetId: string, error: string): void;
  /** Deletes a dataset row (refused by the database while runs reference it). */
  deleteDataset(datasetId: string): void;
  /** Current schema version (number of applied migrations). */
  schemaVersion(): number;
  /** Closes the underlying handle. */
  close(): void;
}

/** What to build a dataset from. */
export type DatasetSource =
  | { kind: "dbn"; trades: string[]; tbbo: string[] }
  | { kind: "databento"; dataset: string }
  | { kind: "synthetic"; seed: number; tradesPerDay?: number }
  | { kind: "csv"; path: string }
  | { kind: "parquet"; path: string };

/** A request to build (or find) the 1-minute bars of one symbol over a date range. */
export interface DatasetSpec {
  symbol: string;
  from: string;
  to: string;
  source: DatasetSource;
  extendedHours?: boolean;
}

/** Progress of a long job, reported as it goes. */
export interface Progress {
  /** Stage name, e.g. "ingest", "derive", "write". */
  stage: string;
  /** Units done and total (bytes or records), when known. */
  done: number;
  total: number;
  /** Free text for people. */
  message?: string;
}

/** Summary of a dataset build. */
export interface DatasetBuildResult {
  dataset: DatasetRecord;
  /** True when an identical READY dataset already existed and nothing was rebuilt. */
  reused: boolean;
  records: { trades: number; quotes: number; tradesOutsideSession: number };
  bars: number;
  parquetBytes: number;
  rawBytes: number;
  elapsedMs: number;
}

/** MarketData port: turns a spec into a READY dataset (raw cache + derived bars). */
export interface MarketData {
  /**
   * Builds the dataset for `spec`, or returns the existing READY one with the same inputs.
   * @throws {HewstonError} with a clear code; on failure no partial files are left.
   */
  ensureDataset(
    spec: DatasetSpec,
    opts?: { onProgress?: (p: Progress) => void; force?: boolean },
  ): Promise<DatasetBuildResult>;
}
