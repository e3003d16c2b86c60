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
  /** The newest READY dataset of exactly this symbol, date range and session, or null. */
  findReadyDataset(
    symbol: string,
    from: string,
    to: string,
    session?: "regular" | "extended",
  ): DatasetRecord | null;
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

/** Access to Databento's historical API (from `HewstonConfig.databento`). */
export interface DatabentoConfig {
  /** The API key (`DATABENTO_API_KEY`). */
  apiKey: string;
  /**
   * API root (`HEWSTON_DATABENTO_URL`, for tests and proxies).
   * @default "https://hist.databento.com"
   */
  baseUrl: string;
  /**
   * Dataset downloaded when a request names none.
   * @default "XNAS.ITCH"
   */
  dataset: string;
  /**
   * Largest file one download may write, in bytes (`HEWSTON_DATABENTO_MAX_MB`); a body past it
   * is cut off, its partial file removed, and the build fails with `DOWNLOAD_TOO_LARGE` (413).
   * @default 2 GiB (`DEFAULT_DATABENTO_MAX_MB`)
   */
  maxDownloadBytes?: number;
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

/** Every run status, in lifecycle order, as in the seed DDL. */
export const RUN_STATUSES = ["QUEUED", "RUNNING", "DONE", "ERROR", "CANCELLED"] as const;

/** Run status, as in the seed DDL. */
export type RunStatus = typeof RUN_STATUSES[number];

/** Statuses after which a run never changes again. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set<RunStatus>([
  "DONE",
  "ERROR",
  "CANCELLED",
]);

/** One row of the `runs` table, decoded. Paths are relative to the data dir. */
export interface RunRecord {
  runId: string;
  datasetId: string;
  strategyId: string;
  params: Record<string, unknown>;
  seed: number;
  slippageFees: Record<string, unknown>;
  speed: number;
  codeHash: string;
  createdAt: string;
  status: RunStatus;
  durationMs: number | null;
  metricsPath: string | null;
  equityPath: string | null;
  ordersPath: string | null;
  fillsPath: string | null;
  tradesPath: string | null;
  runManifestPath: string;
  inputHash: string;
  idempotencyKey: string | null;
  config: unknown;
  manifestHash: string | null;
  chainPrev: string | null;
  error: string | null;
  finishedAt: string | null;
}

/** Filters and paging of a run listing. */
export interface RunQuery {
  symbol?: string;
  strategyId?: string;
  status?: RunStatus;
  datasetId?: string;
  limit?: number;
  offset?: number;
  /** Column to order by, `-` prefix for descending (default `-created_at`). */
  order?: string;
}

/** Runs and their metrics in the catalog. */
export interface RunCatalog {
  /** Inserts a QUEUED run; returns the existing run instead when the input hash is taken. */
  createRun(row: RunRecord): { run: RunRecord; created: boolean };
  getRun(runId: string): RunRecord | null;
  findRunByInputHash(inputHash: string): RunRecord | null;
  updateRun(runId: string, patch: Partial<RunRecord>): void;
  listRuns(q?: RunQuery): { items: (RunRecord & { symbol: string })[]; total: number };
  putRunMetrics(runId: string, metrics: Record<string, number | null>, computedAt: string): void;
  getRunMetrics(runId: string): Record<string, number | null> | null;
  /** manifest_hash of the most recently finished DONE run, or null. */
  lastManifestHash(): string | null;
  deleteRun(runId: string): void;
}

/**
 * One control message of the playback channel (design § Playback protocol): `play`, `pause`,
 * `seek` to `pos` (ISO time or frame index, snapped to the nearest frame), `speed` (`val` =
 * years of bars per hour of playback), `step` (`val` bars while paused).
 */
export type PlaybackControl =
  | { action: "play" }
  | { action: "pause" }
  | { action: "seek"; pos: string | number }
  | { action: "speed"; val: number }
  | { action: "step"; val: number };

/** Where a playback session writes its frames: a WebSocket or an SSE stream. */
export interface FrameSink {
  /** Sends one serialised message (`frame`, `hb`, `end` or `err`). */
  send(text: string): void;
  /** Bytes or messages queued and not yet delivered: the producer coalesces while it grows. */
  readonly backlog: number;
  /** Ends the transport. */
  close(): void;
}

/** A running playback of one run, driven by its client's controls. */
export interface PlaybackSession {
  /** Applies one control message. */
  control(msg: PlaybackControl): void;
  /** Stops producing frames (the client left); idempotent. */
  close(): void;
}

/** Streamer port: plays a finished run back as paced frames into a sink. */
export interface Streamer {
  /**
   * Opens a paused playback of `runId` writing to `sink`.
   * @throws {HewstonError} RUN_NOT_FOUND, or a conflict when the run is not DONE
   */
  open(runId: string, sink: FrameSink): Promise<PlaybackSession>;
}
